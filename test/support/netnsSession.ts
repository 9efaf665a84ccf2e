/**
 * A HostSession that runs each script locally inside a network namespace, with parameters as
 * `P_<name>` environment variables exactly as the Linux session contract describes: strings as they
 * are, other values JSON-encoded. It enters only the network namespace (`nsenter --net`), not a
 * private mount namespace as `ip netns exec` does, so namespaces the script creates with
 * `ip netns add` stay visible to everyone, as they are on a real host.
 */
import { spawn } from "child_process";
import type { HostSession } from "../../provider/transport/types";

/** A local namespace session that also counts its invocations. */
export class NetnsSession implements HostSession {
    readonly os = "linux";
    /** Number of scripts run so far. */
    invocations = 0;

    constructor(
        readonly namespace: string,
        private readonly timeoutMs = 20000,
    ) {}

    invoke(script: string, params: Record<string, unknown> = {}): Promise<string> {
        this.invocations += 1;
        const env: Record<string, string> = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };
        for (const [name, value] of Object.entries(params)) {
            env[`P_${name}`] = typeof value === "string" ? value : JSON.stringify(value);
        }
        return new Promise((resolve, reject) => {
            const child = spawn(
                "nsenter",
                [`--net=/run/netns/${this.namespace}`, "/bin/sh", "-s"],
                {
                    env,
                    stdio: ["pipe", "pipe", "pipe"],
                },
            );
            const stdout: Buffer[] = [];
            const stderr: Buffer[] = [];
            const timer = setTimeout(() => child.kill("SIGKILL"), this.timeoutMs);
            child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
            child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
            child.on("error", (error) => {
                clearTimeout(timer);
                reject(error);
            });
            child.on("close", (code) => {
                clearTimeout(timer);
                if (code === 0) {
                    resolve(Buffer.concat(stdout).toString());
                } else {
                    reject(
                        new Error(
                            `script exited ${String(code)} in ${this.namespace}: ${Buffer.concat(stderr).toString().trim()}`,
                        ),
                    );
                }
            });
            child.stdin.end(script);
        });
    }

    hostKeyFingerprint(): string {
        return "";
    }
}
