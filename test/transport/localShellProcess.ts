/**
 * A `RemoteProcess` double backed by a local child process (`sh -c <command>`), so the shell
 * session's logic runs against a real POSIX shell without a network.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import type { RemoteProcess } from "../../provider/transport/types";

/** A local process with the `RemoteProcess` interface; `child` is exposed so tests can kill it. */
export class LocalShellProcess implements RemoteProcess {
    readonly child: ChildProcess;
    private exited = false;
    private exitCode: number | null = null;
    private readonly exit: Promise<void>;

    /**
     * Starts `command`; `temporaryDirectory` becomes its TMPDIR. With `namespace`, the command runs
     * inside that network namespace (`ip netns exec`); `environment` replaces the inherited one.
     */
    constructor(
        command: string,
        temporaryDirectory: string,
        options: { namespace?: string; environment?: Record<string, string> } = {},
    ) {
        const shell = ["sh", "-c", command];
        const argv = options.namespace
            ? ["ip", "netns", "exec", options.namespace, ...shell]
            : shell;
        this.child = spawn(argv[0], argv.slice(1), {
            stdio: ["pipe", "pipe", "pipe"],
            detached: true,
            env: { ...(options.environment ?? process.env), TMPDIR: temporaryDirectory },
        });
        this.child.stdin!.on("error", () => undefined);
        this.exit = new Promise((resolve) =>
            this.child.on("exit", (code) => {
                this.exited = true;
                this.exitCode = code;
                resolve();
            }),
        );
    }

    /**
     * Resolves once the process has ended; by then every `onExit` listener (the shell session's
     * among them) has run, since they are called within the same exit event.
     */
    ended(): Promise<void> {
        return this.exit;
    }

    write(data: string | Buffer): Promise<void> {
        return new Promise((resolve, reject) =>
            this.child.stdin!.write(data, (error) => (error ? reject(error) : resolve())),
        );
    }

    onStdout(listener: (chunk: Buffer) => void): void {
        this.child.stdout!.on("data", listener);
    }

    onStderr(listener: (chunk: Buffer) => void): void {
        this.child.stderr!.on("data", listener);
    }

    onExit(listener: (exitCode: number | null, reason?: Error) => void): void {
        if (this.exited) {
            listener(this.exitCode);
        } else {
            this.child.on("exit", (code) => listener(code));
        }
    }

    /** Ends stdin and asks the process group to terminate (the shell's traps still run). */
    async close(): Promise<void> {
        this.child.stdin!.end();
        this.signalGroup("SIGTERM");
    }

    /** Kills the process and everything it started, as a crash would. */
    killGroup(): void {
        this.signalGroup("SIGKILL");
    }

    private signalGroup(signal: NodeJS.Signals): void {
        if (!this.exited && this.child.pid) {
            try {
                process.kill(-this.child.pid, signal);
            } catch {
                // already gone
            }
        }
    }
}
