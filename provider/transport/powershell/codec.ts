/**
 * Framing of the long-lived PowerShell shell (see `bootstrap.ts`), shared by SSH and WinRM.
 * Requests are one base64 line each; a response line carries base64 of a JSON envelope, gzipped
 * first when large. Whatever the envelope's form, `ShellResponse.output` is the JSON of the
 * script's return value (`"..."` for a string, which the envelope carries unescaped as `text`).
 */
import { gunzipSync } from "zlib";
import type { ShellCodec, ShellResponse } from "../types";
import {
    BOOTSTRAP_COMMAND_LINE,
    GZIP_FIELD,
    RESPONSE_MARKER,
    bootstrapCommandLine,
} from "./bootstrap";

/** One request line for the bootstrap: base64 of `{id, script: base64(UTF-8), params}`. */
export function encodePowerShellRequest(
    id: string,
    script: string,
    params: Record<string, unknown>,
): string {
    const request = { id, script: Buffer.from(script, "utf8").toString("base64"), params };
    return Buffer.from(JSON.stringify(request), "utf8").toString("base64") + "\n";
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
