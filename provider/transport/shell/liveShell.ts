/**
 * One running long-lived shell: a remote process plus the stdout buffer of the request in flight.
 * It serves one request at a time; `ShellSession` does the queueing and replacement.
 */
import { StringDecoder } from "string_decoder";
import { ConnectionDroppedError } from "../errors";
import type { RemoteProcess, ShellCodec, ShellResponse } from "../types";

/** What became of one request. */
export type RequestOutcome =
    | { kind: "response"; response: ShellResponse }
    | { kind: "exited"; acknowledged: boolean; detail: string }
    | { kind: "dropped"; acknowledged: boolean; error: ConnectionDroppedError }
    | { kind: "overflow" };

/** Optional parts of a codec that `LiveShell` uses when present. */
export interface CodecExtras {
    /** Written once after the shell starts (function definitions). */
    preamble?: string;
    /** True once `buffer` shows the shell started request `id` (so a retry would repeat it). */
    acknowledges?(buffer: string, id: string): boolean;
}

interface PendingRequest {
    id: string;
    finish: (outcome: RequestOutcome) => void;
}

const stderrTailLimit = 8192;

/** A started shell process and its response parsing. */
export class LiveShell {
    private buffer = "";
    private readonly decoder = new StringDecoder("utf8");
    private pending: PendingRequest | undefined;
    private alive = true;
    private stderrTail = "";

    constructor(
        private readonly process: RemoteProcess,
        private readonly codec: ShellCodec & CodecExtras,
        private readonly maxResponseChars: number,
    ) {
        process.onStdout((chunk) => this.onStdout(chunk));
        process.onStderr((chunk) => {
            this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-stderrTailLimit);
        });
        process.onExit((exitCode, reason) => {
            this.alive = false;
            if (reason instanceof ConnectionDroppedError) {
                this.settle({ kind: "dropped", acknowledged: this.acknowledged(), error: reason });
                return;
            }
            const detail = reason?.message ?? `shell exited with code ${exitCode ?? "unknown"}`;
            const tail = this.stderrTail.trim();
            this.settle({
                kind: "exited",
                acknowledged: this.acknowledged(),
                detail: tail ? `${detail}; shell stderr: ${tail.slice(-1000)}` : detail,
            });
        });
    }

    /** Starts a shell over `spawn` and writes the codec's preamble. */
    static async start(
        spawn: (command: string) => Promise<RemoteProcess>,
        codec: ShellCodec & CodecExtras,
        maxResponseChars: number,
    ): Promise<LiveShell> {
        const process = await spawn(codec.startCommand);
        const shell = new LiveShell(process, codec, maxResponseChars);
        if (codec.preamble) {
            await process.write(codec.preamble);
        }
        return shell;
    }

    /** True until the process ends or is closed. */
    isAlive(): boolean {
        return this.alive;
    }

    /** Sends one request; resolves with its outcome (never rejects for remote failures). */
    request(id: string, payload: string): Promise<RequestOutcome> {
        if (this.pending) {
            throw new Error("a request is already in flight on this shell");
        }
        this.buffer = "";
        return new Promise((resolve) => {
            this.pending = { id, finish: resolve };
            if (!this.alive) {
                this.settle({ kind: "exited", acknowledged: false, detail: "shell already ended" });
                return;
            }
            this.process.write(payload).catch((error: Error) => {
                this.settle({ kind: "exited", acknowledged: false, detail: error.message });
            });
        });
    }

    /** Ends the shell (used after a deadline or overflow, so a late answer cannot be misread). */
    async close(): Promise<void> {
        this.alive = false;
        await this.process.close().catch(() => undefined);
    }

    private acknowledged(): boolean {
        const pending = this.pending;
        if (!pending) {
            return false;
        }
        return this.codec.acknowledges ? this.codec.acknowledges(this.buffer, pending.id) : true;
    }

    private onStdout(chunk: Buffer): void {
        const pending = this.pending;
        if (!pending) {
            return;
        }
        this.buffer += this.decoder.write(chunk);
        const decoded = this.codec.decodeResponse(this.buffer, pending.id);
        if (decoded) {
            this.buffer = this.buffer.slice(decoded.consumed);
            this.settle({ kind: "response", response: decoded.response });
        } else if (this.buffer.length > this.maxResponseChars) {
            this.buffer = "";
            this.settle({ kind: "overflow" });
        }
    }

    private settle(outcome: RequestOutcome): void {
        const pending = this.pending;
        if (pending) {
            this.pending = undefined;
            pending.finish(outcome);
        }
    }
}
