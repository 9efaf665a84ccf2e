/**
 * ProxyCommand support: a local command whose stdin/stdout carry the SSH stream (bastions,
 * `ip netns exec … socat`, `ssh -W`). It runs without a shell.
 */
import { ChildProcess, spawn } from "child_process";
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

/** Starts the proxy command `argv` and wraps its stdio as a duplex stream. */
export function openProxySocket(argv: string[]): ProxySocket {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-stderrLimit);
    });
    const stream = Duplex.from({ readable: child.stdout!, writable: child.stdin! });
    child.on("error", (error) => stream.destroy(error));
    child.on("exit", () => {
        if (!stream.destroyed) {
            stream.push(null);
        }
    });
    stream.on("error", () => undefined);
    return {
        stream,
        child,
        stderrText: () => stderr.trim(),
        stop: () => {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGTERM");
            }
            stream.destroy();
        },
    };
}
