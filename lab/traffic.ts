/**
 * Real traffic in a lab: small TCP servers (socat) that answer an HTTP request with their name and
 * the client address they saw, an upstream DNS server in the underlay, and bounded HTTP and DNS
 * clients. Every process is started in a lab namespace and remembered by PID so it can be stopped.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "fs";
import { run } from "./system";

const responderScript = `#!/bin/sh
while IFS= read -r line; do case "$line" in ""|"$(printf '\\r')") break ;; esac; done
printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n%s %s\\n' "$1" "$SOCAT_PEERADDR"
`;

/** What an HTTP request returned: the answering server's name and the client address it saw. */
export interface HttpAnswer {
    ok: boolean;
    server: string;
    peer: string;
    /** curl's exit code (0 on success, 28 on timeout, 7 when refused). */
    exitCode: number;
}

/** The processes a lab run started, stopped together. */
export class LabProcesses {
    private readonly children: ChildProcess[] = [];
    private readonly directory: string;

    constructor(prefix: string) {
        this.directory = `/tmp/${prefix}lab/traffic`;
        mkdirSync(this.directory, { recursive: true });
        writeFileSync(`${this.directory}/respond.sh`, responderScript);
        chmodSync(`${this.directory}/respond.sh`, 0o755);
    }

    private start(namespace: string, args: string[]): ChildProcess {
        const child = spawn("ip", ["netns", "exec", namespace, ...args], {
            stdio: ["ignore", "ignore", "ignore"],
        });
        child.on("error", () => undefined);
        this.children.push(child);
        return child;
    }

    /** An HTTP responder on port `port` of `namespace`, answering `<name> <client address>`. */
    responder(namespace: string, name: string, port = 80): void {
        this.start(namespace, [
            "socat",
            `TCP-LISTEN:${port},fork,reuseaddr`,
            `EXEC:${this.directory}/respond.sh ${name}`,
        ]);
    }

    /** A DNS server on `address` in `namespace` that answers `name` with `answer`. */
    dnsServer(namespace: string, address: string, name: string, answer: string): void {
        this.start(namespace, [
            "dnsmasq",
            "--keep-in-foreground",
            "--pid-file=",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            `--listen-address=${address}`,
            `--address=/${name}/${answer}`,
        ]);
    }

    /** Wait until `namespace` listens on TCP or UDP `port` (bounded: 50 polls of 20 ms). */
    async waitForListener(namespace: string, port: number, udp = false): Promise<void> {
        for (let attempt = 0; attempt < 50; attempt++) {
            const sockets = await run("ip", [
                "netns",
                "exec",
                namespace,
                "ss",
                udp ? "-lnu" : "-lnt",
                `sport = :${port}`,
            ]).catch(() => "");
            if (sockets.split("\n").length > 2) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`nothing listens on port ${port} in ${namespace} after 1 s`);
    }

    /** Stop every process (by PID) and remove the scratch directory. */
    async stop(): Promise<void> {
        const exits = this.children
            .filter((child) => child.exitCode === null && child.signalCode === null)
            .map(
                (child) =>
                    new Promise<void>((resolve) => {
                        const timer = setTimeout(() => {
                            child.kill("SIGKILL");
                            resolve();
                        }, 1000);
                        child.once("exit", () => {
                            clearTimeout(timer);
                            resolve();
                        });
                        child.kill("SIGTERM");
                    }),
            );
        await Promise.all(exits);
        rmSync(this.directory, { recursive: true, force: true });
    }
}

/** GET `url` from inside `namespace` with curl, giving up after `seconds`. */
export async function httpGet(namespace: string, url: string, seconds = 2): Promise<HttpAnswer> {
    return new Promise((resolve) => {
        const child = spawn(
            "ip",
            ["netns", "exec", namespace, "curl", "-s", "--max-time", String(seconds), url],
            { stdio: ["ignore", "pipe", "ignore"] },
        );
        let body = "";
        child.stdout.on("data", (chunk: Buffer) => (body += chunk.toString()));
        child.on("close", (code) => {
            const [server = "", peer = ""] = body.trim().split(" ");
            resolve({ ok: code === 0 && server !== "", server, peer, exitCode: code ?? -1 });
        });
    });
}

/** The addresses `name` resolves to inside `namespace` (its resolv.conf), or [] when it does not. */
export async function resolveName(namespace: string, name: string): Promise<string[]> {
    const output = await run("ip", ["netns", "exec", namespace, "getent", "ahostsv4", name]).catch(
        () => "",
    );
    return [
        ...new Set(
            output
                .split("\n")
                .map((line) => line.split(/\s+/)[0])
                .filter(Boolean),
        ),
    ];
}
