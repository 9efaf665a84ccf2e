/**
 * ProxyCommand support: a local command whose stdin/stdout carry the SSH stream (bastions,
 * `ip netns exec … socat`, `ssh -W`). It runs without a shell.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import { Duplex } from "stream";

/**
 * The argv of `template` for `host` and `port`: split on whitespace, `%h` → host, `%p` → port,
 * `%%` → `%`. Throws naming the field when the template is empty.
 */
export function proxyCommandArgv(template: string, host: string, port: number): string[] {
    const words = template
        .trim()
        .split(/\s+/)
        .filter((word) => word.length > 0);
    if (words.length === 0) {
        throw new Error(
            `connection.proxyCommand "${template}" is empty; give a command such as ` +
                `"ssh -W %h:%p bastion" or leave it unset for a direct TCP connection`,
        );
    }
    return words.map((word) =>
        word.replace(/%[hp%]/g, (token) =>
            token === "%h" ? host : token === "%p" ? String(port) : "%",
        ),
    );
}

/** A running proxy command and the duplex stream over its stdio. */
export interface ProxySocket {
    stream: Duplex;
    child: ChildProcess;
    /** The proxy's stderr so far (bounded), for error messages. */
    stderrText(): string;
    /** Ends the proxy command. */
    stop(): void;
}

const stderrLimit = 4096;

/** A duplex stream over a child process's stdout (readable side) and stdin (writable side). */
class ProcessStream extends Duplex {
    constructor(private readonly child: ChildProcess) {
        super();
        child.stdin!.on("error", () => undefined);
        child.stdout!.on("error", () => undefined);
        child.stdout!.on("data", (chunk: Buffer) => {
            if (!this.push(chunk)) {
                child.stdout!.pause();
            }
        });
        child.stdout!.on("end", () => this.push(null));
    }

    _read(): void {
        this.child.stdout!.resume();
    }

    _write(
        chunk: Buffer,
        _encoding: BufferEncoding,
        callback: (error?: Error | null) => void,
    ): void {
        if (this.child.stdin!.writable) {
            this.child.stdin!.write(chunk, () => callback());
        } else {
            callback();
        }
    }

    _final(callback: (error?: Error | null) => void): void {
        this.child.stdin!.end();
        callback();
    }

    _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
        this.child.stdin!.destroy();
        this.child.stdout!.destroy();
        callback(error);
    }
}

/** Starts the proxy command `argv` and wraps its stdio as a duplex stream. */
export function openProxySocket(argv: string[]): ProxySocket {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-stderrLimit);
    });
    const stream = new ProcessStream(child);
    stream.on("error", () => undefined);
    child.on("error", (error) => {
        stderr += `cannot start ${argv[0]}: ${error.message}`;
        stream.push(null);
    });
    return {
        stream,
        child,
        stderrText: () => stderr.trim(),
        stop: () => {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGTERM");
            }
            if (!stream.destroyed) {
                stream.destroy();
            }
        },
    };
}
