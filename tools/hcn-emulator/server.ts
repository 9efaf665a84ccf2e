/**
 * The emulator process side: a Unix socket server speaking the shim's frames. Every call loads
 * `<stateDir>/state.json` afresh and saves it atomically after a change, so changes made out of
 * band (a reboot, an HNS restart or another tool) are seen by the next call.
 */
import { existsSync, rmSync } from "fs";
import { createServer, type Socket } from "net";
import { join } from "path";
import { HcnDispatcher } from "./dispatch";
import { decodeCall, encodeReply } from "./frames";
import type { HostKernel } from "./hostKernel";
import { errorRecord, HcnError, HResult } from "./hresults";
import { readHcnState, writeHcnState } from "./state";

/** Where and how to run an emulated host. */
export interface HcnEmulatorOptions {
    /** Directory holding `state.json` (create it with initHcnState first). */
    stateDir: string;
    /** Socket path; defaults to `<stateDir>/hcn.sock`. */
    socketPath?: string;
    /** Side effects of host attach/detach; none by default. */
    kernel?: HostKernel;
    /** Told of every call once answered (function name and HRESULT), for tests that count calls. */
    onCall?: (name: string, hresult: number) => void;
}

/** A running emulator. */
export interface HcnEmulator {
    /** The path to put in `L2B_HCN_SOCKET`. */
    socketPath: string;
    /** Stops listening and removes the socket. */
    stop(): Promise<void>;
}

/** Starts serving HCN calls for the host whose state lives in `options.stateDir`. */
export async function startHcnEmulator(options: HcnEmulatorOptions): Promise<HcnEmulator> {
    const socketPath = options.socketPath ?? join(options.stateDir, "hcn.sock");
    const dispatcher = new HcnDispatcher();
    let queue: Promise<unknown> = Promise.resolve();

    async function answer(request: Buffer): Promise<Buffer> {
        try {
            const frame = decodeCall(request);
            const state = readHcnState(options.stateDir);
            const outcome = await dispatcher.call({ state, kernel: options.kernel }, frame);
            if (outcome.changed) writeHcnState(options.stateDir, state);
            options.onCall?.(frame.function, outcome.reply.hresult);
            return encodeReply(outcome.reply);
        } catch (e) {
            const error = new HcnError(
                HResult.managerStopped,
                `The HCN emulator failed: ${(e as Error).message}`,
            );
            return encodeReply({
                hresult: error.hresult,
                result: null,
                errorRecord: errorRecord(error),
                handle: null,
            });
        }
    }

    function serve(socket: Socket): void {
        const chunks: Buffer[] = [];
        socket.on("data", (chunk) => chunks.push(chunk));
        socket.on("error", () => socket.destroy());
        socket.on("end", () => {
            const reply = (queue = queue.then(() =>
                answer(Buffer.concat(chunks)),
            )) as Promise<Buffer>;
            void reply.then((frame) => socket.end(frame));
        });
    }

    if (existsSync(socketPath)) rmSync(socketPath, { force: true });
    const server = createServer({ allowHalfOpen: true }, serve);
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(socketPath, () => resolve());
    });
    return {
        socketPath,
        stop: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                rmSync(socketPath, { force: true });
            }),
    };
}
