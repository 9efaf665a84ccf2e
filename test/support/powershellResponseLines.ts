/**
 * Response lines of the PowerShell bootstrap, written the way `bootstrap.ts` writes them, for
 * doubles and codec tests.
 */
import { RESPONSE_MARKER } from "../../provider/transport/powershell/bootstrap";

/** The JSON envelope of one response: `text` for a string result, `output` for the JSON of others. */
export interface ResponseEnvelope {
    ok: boolean;
    text?: string;
    output?: string;
    error?: string;
}

/** `<marker> <id> <base64 of the envelope>`. */
export function plainResponseLine(id: string, envelope: object, newline = "\r\n"): string {
    const encoded = Buffer.from(JSON.stringify(envelope), "utf8").toString("base64");
    return `${RESPONSE_MARKER} ${id} ${encoded}${newline}`;
}

/** The line the bootstrap writes. */
export function bootstrapResponseLine(id: string, envelope: ResponseEnvelope): string {
    return plainResponseLine(id, envelope);
}
