/**
 * Reads framed responses of the long-lived PowerShell shell from a remote process's stdout as
 * they arrive, so a test waits for the response itself rather than polling on a timer.
 */
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import type { RemoteProcess, ShellResponse } from "../../provider/transport/types";

/** A function resolving with response `id` once it has arrived on `process`'s stdout. */
export function framedResponses(process: RemoteProcess): (id: string) => Promise<ShellResponse> {
    let buffer = "";
    const listeners: (() => void)[] = [];
    process.onStdout((chunk) => {
        buffer += chunk.toString("utf8");
        listeners.splice(0).forEach((listener) => listener());
    });
    return async (id) => {
        for (;;) {
            const decoded = powerShellCodec.decodeResponse(buffer, id);
            if (decoded) {
                buffer = buffer.slice(decoded.consumed);
                return decoded.response;
            }
            await new Promise<void>((resolve) => listeners.push(resolve));
        }
    };
}
