/**
 * Request lines of the PowerShell bootstrap, read the way `bootstrap.ts` reads them, for doubles
 * and tests that look at what the codec sends.
 */
import { gunzipSync } from "zlib";
import { GZIP_FIELD } from "../../provider/transport/powershell/bootstrap";

/** A request of the PowerShell bootstrap, decoded. */
export interface PowerShellRequest {
    id: string;
    script: string;
    params: Record<string, unknown>;
}

/** The line's form: base64 of the request JSON, or `gzip` and base64 of its gzip. */
export type RequestLineForm = "plain" | "gzip";

/** The form of a request line (with or without its newline). */
export function requestLineForm(line: string): RequestLineForm {
    return line.startsWith(GZIP_FIELD + " ") ? "gzip" : "plain";
}

/** The request JSON a line carries, as the bootstrap decodes it: gunzipped when it is `gzip`. */
export function requestJsonOf(line: string): string {
    const fields = line.trim().split(" ");
    const bytes = Buffer.from(fields[fields.length - 1], "base64");
    return (requestLineForm(line) === "gzip" ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** The request a line carries. */
export function decodeRequestLine(line: string): PowerShellRequest {
    return JSON.parse(requestJsonOf(line)) as PowerShellRequest;
}
