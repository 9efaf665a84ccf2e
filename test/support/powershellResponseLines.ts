/**
 * Response lines of the PowerShell bootstrap, written the way `bootstrap.ts` writes them, for
 * doubles and codec tests.
 */
import { gzipSync } from "zlib";
import {
    GZIP_FIELD,
    GZIP_THRESHOLD_BYTES,
    RESPONSE_MARKER,
} from "../../provider/transport/powershell/bootstrap";

/** The JSON envelope of one response: `text` for a string result, `output` for the JSON of others. */
export interface ResponseEnvelope {
    ok: boolean;
    text?: string;
    output?: string;
    error?: string;
}

/** `<marker> <id> <base64 of the envelope>`, uncompressed whatever its size. */
export function plainResponseLine(id: string, envelope: object, newline = "\r\n"): string {
    const encoded = Buffer.from(JSON.stringify(envelope), "utf8").toString("base64");
    return `${RESPONSE_MARKER} ${id} ${encoded}${newline}`;
}

/** `<marker> <id> gzip <base64 of the gzip of the envelope>`, compressed whatever its size. */
export function gzipResponseLine(id: string, envelope: object, newline = "\r\n"): string {
    const encoded = gzipSync(Buffer.from(JSON.stringify(envelope), "utf8")).toString("base64");
    return `${RESPONSE_MARKER} ${id} ${GZIP_FIELD} ${encoded}${newline}`;
}

/** The line the bootstrap writes: compressed when the envelope exceeds its threshold. */
export function bootstrapResponseLine(id: string, envelope: ResponseEnvelope): string {
    const size = Buffer.byteLength(JSON.stringify(envelope), "utf8");
    return size > GZIP_THRESHOLD_BYTES
        ? gzipResponseLine(id, envelope)
        : plainResponseLine(id, envelope);
}
