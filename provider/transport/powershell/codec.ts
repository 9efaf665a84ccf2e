/**
 * Framing of the long-lived PowerShell shell (see `bootstrap.ts`), shared by SSH and WinRM.
 * A request line carries base64 of the JSON `{id, script, params}` (the script a plain JSON
 * string); a response line carries base64 of a JSON envelope. Either is gzipped before the base64
 * when its JSON is over `GZIP_THRESHOLD_BYTES`: large requests (load-balancer batches carrying
 * HCN JSON documents) and large results are repetitive JSON that gzip shrinks to half or less,
 * while small ones skip the gzip header and the work. Whatever the envelope's form,
 * `ShellResponse.output` is the JSON of the script's return value (`"..."` for a string, which the
 * envelope carries unescaped as `text`).
 */
import { gzipSync, gunzipSync } from "zlib";
import type { ShellCodec, ShellResponse } from "../types";
import {
    BOOTSTRAP_COMMAND_LINE,
    GZIP_FIELD,
    GZIP_THRESHOLD_BYTES,
    RESPONSE_MARKER,
    bootstrapCommandLine,
} from "./bootstrap";

/**
 * The line text carrying `json` (UTF-8): `<base64 of json>` while it is at most
 * `GZIP_THRESHOLD_BYTES`, else `gzip <base64 of the gzip of json>`. Base64 has no space, so the
 * bootstrap knows a compressed line by its first field `gzip`.
 */
function requestLineOf(json: Buffer): string {
    return json.length > GZIP_THRESHOLD_BYTES
        ? `${GZIP_FIELD} ${gzipSync(json).toString("base64")}`
        : json.toString("base64");
}

/**
 * One request line for the bootstrap: the JSON `{id, script, params}`, base64 or gzip and base64
 * when large (see `requestLineOf`). The script is a JSON string like any parameter: JSON escaping
 * keeps every text intact (quotes, backslashes, line breaks, non-ASCII, U+2028), and
 * `ConvertFrom-Json` of Windows PowerShell 5.1 and PowerShell 7 decodes it exactly.
 */
export function encodePowerShellRequest(
    id: string,
    script: string,
    params: Record<string, unknown>,
): string {
    const json = Buffer.from(JSON.stringify({ id, script, params }), "utf8");
    return requestLineOf(json) + "\n";
}

/** The failure of a response line that cannot be decoded; `what` says what it is not. */
function corruptPayload(what: string): ShellResponse {
    return {
        ok: false,
        output: "",
        error: `the PowerShell response line ${what}: the stream is corrupt`,
        exitCode: 1,
    };
}

/**
 * The response carried by the envelope `{ok, text}`, `{ok, output}` or `{ok: false, error}` (see
 * `bootstrap.ts`). `output` of the response is the JSON of the script's return value for every
 * kind of result: a string result, which the envelope carries as-is in `text`, comes back as its
 * JSON string, exactly as callers got it when the bootstrap sent `ConvertTo-Json` of it.
 */
function responseOf(json: string): ShellResponse {
    const payload = JSON.parse(json) as {
        ok?: unknown;
        text?: unknown;
        output?: unknown;
        error?: unknown;
    };
    const ok = payload.ok === true;
    const output =
        typeof payload.text === "string"
            ? JSON.stringify(payload.text)
            : typeof payload.output === "string"
              ? payload.output
              : "";
    const error = typeof payload.error === "string" ? payload.error.trim() : "";
    return ok
        ? { ok, output, exitCode: 0 }
        : { ok, output, error: error || "the script failed without a message", exitCode: 1 };
}

/** The response carried by a response line's payload: base64 of the envelope, or of its gzip. */
function decodePayload(encoded: string, gzip: boolean): ShellResponse {
    const bytes = Buffer.from(encoded, "base64");
    let json: string;
    try {
        json = (gzip ? gunzipSync(bytes) : bytes).toString("utf8");
    } catch {
        return corruptPayload("is not base64 gzip of JSON");
    }
    try {
        return responseOf(json);
    } catch {
        return corruptPayload(gzip ? "is not base64 gzip of JSON" : "is not base64 JSON");
    }
}

/**
 * Finds the response of request `id` in `buffer`: the line `<marker> <id> <base64>`, or
 * `<marker> <id> gzip <base64>` when the bootstrap compressed it. Lines before it that are not
 * response lines (host output, progress, a stale response of an abandoned request) are consumed
 * with it. A response line of `id` in neither form is a corrupt stream and fails the request.
 */
export function decodePowerShellResponse(
    buffer: string,
    id: string,
): { response: ShellResponse; consumed: number } | null {
    let lineStart = 0;
    while (lineStart < buffer.length) {
        const lineEnd = buffer.indexOf("\n", lineStart);
        if (lineEnd < 0) return null;
        const line = buffer.slice(lineStart, lineEnd).replace(/\r$/, "");
        lineStart = lineEnd + 1;
        if (!line.startsWith(RESPONSE_MARKER + " ")) continue;
        const fields = line.slice(RESPONSE_MARKER.length + 1).split(" ");
        if (fields[0] !== id) continue;
        const response =
            fields.length === 2
                ? decodePayload(fields[1], false)
                : fields.length === 3 && fields[1] === GZIP_FIELD
                  ? decodePayload(fields[2], true)
                  : corruptPayload(`is neither "<id> <base64>" nor "<id> ${GZIP_FIELD} <base64>"`);
        return { response, consumed: lineStart };
    }
    return null;
}

/** The PowerShell shell codec (Windows PowerShell 5.1, the default). */
export const powerShellCodec: ShellCodec = {
    startCommand: BOOTSTRAP_COMMAND_LINE,
    encodeRequest: encodePowerShellRequest,
    decodeResponse: decodePowerShellResponse,
};

/** The PowerShell shell codec that starts `executable`. */
export function powerShellCodecFor(executable: "powershell.exe" | "pwsh"): ShellCodec {
    return { ...powerShellCodec, startCommand: bootstrapCommandLine(executable) };
}
