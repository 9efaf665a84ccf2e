/** A `RemoteProcess` over one ssh2 session channel. */
import type { ClientChannel } from "ssh2";
import type { RemoteProcess } from "../types";

/** Wraps an exec channel as a long-running process with streaming stdio. */
export class ChannelProcess implements RemoteProcess {
    private exitCode: number | null = null;
    private ended = false;
    private readonly exitListeners: Array<(exitCode: number | null, reason?: Error) => void> = [];

    constructor(private readonly channel: ClientChannel) {
        channel.on("exit", (code: number | null) => {
            this.exitCode = typeof code === "number" ? code : null;
        });
        channel.on("close", () => this.finish());
        channel.on("error", (error: Error) => this.finish(error));
    }

    write(data: string | Buffer): Promise<void> {
        if (this.ended) {
            return Promise.reject(new Error("the remote process has ended"));
        }
        return new Promise((resolve, reject) => {
            this.channel.write(data, (error?: Error | null) => (error ? reject(error) : resolve()));
        });
    }

    onStdout(listener: (chunk: Buffer) => void): void {
        this.channel.on("data", listener);
    }

    onStderr(listener: (chunk: Buffer) => void): void {
        this.channel.stderr.on("data", listener);
    }

    onExit(listener: (exitCode: number | null, reason?: Error) => void): void {
        if (this.ended) {
            listener(this.exitCode);
            return;
        }
        this.exitListeners.push(listener);
    }

    async close(): Promise<void> {
        if (!this.ended) {
            this.channel.end();
            this.channel.close();
        }
    }

    /** Marks the process ended (also used when the connection drops). */
    finish(reason?: Error): void {
        if (this.ended) {
            return;
        }
        this.ended = true;
        for (const listener of this.exitListeners.splice(0)) {
            listener(this.exitCode, reason);
        }
    }
}
