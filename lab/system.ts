/**
 * Runs the local commands that build and remove a lab (iproute2, kill), without a shell: every
 * argument is passed as is.
 */
import { execFile } from "child_process";

/** Run `command args…`; resolves with stdout, rejects with the command line and its stderr. */
export function run(command: string, args: string[], timeoutMs = 10000): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
            if (error) {
                reject(
                    new Error(
                        `${command} ${args.join(" ")} failed: ${stderr.trim() || error.message}`,
                    ),
                );
            } else {
                resolve(stdout);
            }
        });
    });
}

/** `ip` with the given arguments. */
export function ip(...args: string[]): Promise<string> {
    return run("ip", args);
}

/** Run `args` inside namespace `namespace` (`ip netns exec`). */
export function inNamespace(namespace: string, args: string[], timeoutMs = 10000): Promise<string> {
    return run("ip", ["netns", "exec", namespace, ...args], timeoutMs);
}
