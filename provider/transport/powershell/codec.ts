/**
 * Framing of the long-lived PowerShell shell (see `bootstrap.ts`), shared by SSH and WinRM.
 */
import type { ShellCodec, ShellResponse } from "../types";
import { BOOTSTRAP_COMMAND_LINE, RESPONSE_MARKER, bootstrapCommandLine } from "./bootstrap";

/** One request line for the bootstrap: base64 of `{id, script: base64(UTF-8), params}`. */
export function encodePowerShellRequest(
    id: string,
    script: string,
    params: Record<string, unknown>,
): string {
    const request = { id, script: Buffer.from(script, "utf8").toString("base64"), params };
    return Buffer.from(JSON.stringify(request), "utf8").toString("base64") + "\n";
}

/** The response carried by the base64 field of a response line. */
function decodePayload(encoded: string): ShellResponse {
    try {
        const payload = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as {
            ok?: unknown;
            output?: unknown;
            error?: unknown;
        };
        const ok = payload.ok === true;
        const output = typeof payload.output === "string" ? payload.output : "";
        const error = typeof payload.error === "string" ? payload.error.trim() : "";
        return ok
            ? { ok, output, exitCode: 0 }
            : { ok, output, error: error || "the script failed without a message", exitCode: 1 };
    } catch {
        return {
            ok: false,
            output: "",
            error: "the PowerShell response line is not base64 JSON: the stream is corrupt",
            exitCode: 1,
        };
    }
}

/**
 * Finds the response of request `id` in `buffer`. Lines before it that are not response lines
 * (host output, progress, a stale response of an abandoned request) are consumed with it.
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
        if (fields.length !== 2 || fields[0] !== id) continue;
        return { response: decodePayload(fields[1]), consumed: lineStart };
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
