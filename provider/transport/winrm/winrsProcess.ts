/**
 * A long-running WinRS command: stdin streams over Send on one connection while Receive long polls
 * run on another; output arriving before anyone listens is held for the first listener.
 */
import type { RemoteProcess } from "../types";
import { WinRmError } from "./errors";
import { quietly } from "./quietly";
import type { WinRsClient } from "./winrsClient";

/** A long-running WinRS command. */
export class WinRsProcess implements RemoteProcess {
    private readonly stdoutListeners: ((chunk: Buffer) => void)[] = [];
    private readonly stderrListeners: ((chunk: Buffer) => void)[] = [];
    private readonly exitListeners: ((exitCode: number | null, reason?: Error) => void)[] = [];
    private exited?: { exitCode: number | null; reason?: Error };
    private closing = false;
    /** Output that arrived before anyone listened. */
    private readonly heldStdout: Buffer[] = [];
    private readonly heldStderr: Buffer[] = [];
    private writes: Promise<void> = Promise.resolve();

    constructor(
        private readonly control: WinRsClient,
        private readonly receiver: WinRsClient,
        private readonly shellId: string,
        private readonly commandId: string,
        private readonly onGone: () => void,
    ) {
        void this.receiveLoop();
    }

    write(data: string | Buffer): Promise<void> {
        if (this.exited) return Promise.reject(new WinRmError("the remote process has ended"));
        const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
        const write = this.writes.then(() =>
            this.control.send(this.shellId, this.commandId, bytes, false),
        );
        this.writes = write.catch(() => undefined);
        return write;
    }

    onStdout(listener: (chunk: Buffer) => void): void {
        this.stdoutListeners.push(listener);
        this.heldStdout.splice(0).forEach((chunk) => listener(chunk));
    }

    onStderr(listener: (chunk: Buffer) => void): void {
        this.stderrListeners.push(listener);
        this.heldStderr.splice(0).forEach((chunk) => listener(chunk));
    }

    onExit(listener: (exitCode: number | null, reason?: Error) => void): void {
        if (this.exited) listener(this.exited.exitCode, this.exited.reason);
        else this.exitListeners.push(listener);
    }

    async close(): Promise<void> {
        if (this.closing) return;
        this.closing = true;
        await quietly(() => this.control.send(this.shellId, this.commandId, Buffer.alloc(0), true));
        await quietly(() => this.control.signalTerminate(this.shellId, this.commandId));
        await quietly(() => this.control.deleteShell(this.shellId));
        this.receiver.channel.close();
        this.control.channel.close();
        this.finish(null);
    }

    private async receiveLoop(): Promise<void> {
        while (!this.exited) {
            try {
                const output = await this.receiver.receive(this.shellId, this.commandId);
                this.emit(output.stdout, this.stdoutListeners, this.heldStdout);
                this.emit(output.stderr, this.stderrListeners, this.heldStderr);
                if (output.done) {
                    this.finish(output.exitCode);
                    void this.close();
                }
            } catch (error) {
                this.finish(null, this.closing ? undefined : (error as Error));
                void this.close();
            }
        }
    }

    private emit(chunk: Buffer, listeners: ((chunk: Buffer) => void)[], held: Buffer[]): void {
        if (chunk.length === 0) return;
        if (listeners.length === 0) held.push(chunk);
        else listeners.forEach((listener) => listener(chunk));
    }

    private finish(exitCode: number | null, reason?: Error): void {
        if (this.exited) return;
        this.exited = { exitCode, reason };
        this.onGone();
        for (const listener of this.exitListeners.splice(0)) listener(exitCode, reason);
    }
}
