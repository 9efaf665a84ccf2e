/**
 * The HCN emulator of one emulated Windows lab host, run as its own process inside the host's
 * network namespace (so a lab's leftover teardown, which ends every process of its namespaces, ends
 * it too). With `--netns` a host attach makes a real bridge `vEthernet (<endpoint name>)` carrying
 * the endpoint's address in that namespace, as HNS makes a host vNIC.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import { join } from "path";

const repoRoot = join(__dirname, "..");

/** A running emulator process. */
export interface HcnEmulatorProcess {
    pid: number;
    /** Its Unix socket (the host's `L2B_HCN_SOCKET`). */
    socketPath: string;
    /** End it by PID (SIGTERM, then SIGKILL after 2 s) and wait for its exit. */
    stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
        }, 2000);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}

/**
 * Start the emulator on state directory `stateDir` (made with `initHcnState`) in `namespace`;
 * resolves once it prints `ready` (at most `readyTimeoutMs`). With `callLog`, it appends the name of
 * every HCN function it answers to that file, one per line.
 */
export function startHcnEmulatorProcess(
    namespace: string,
    stateDir: string,
    socketPath: string,
    readyTimeoutMs = 60_000,
    callLog?: string,
): Promise<HcnEmulatorProcess> {
    const child = spawn(
        "ip",
        [
            "netns",
            "exec",
            namespace,
            process.execPath,
            "-r",
            "ts-node/register/transpile-only",
            join(repoRoot, "tools", "hcn-emulator", "cli.ts"),
            "--state-dir",
            stateDir,
            "--socket",
            socketPath,
            "--netns",
            namespace,
            ...(callLog ? ["--call-log", callLog] : []),
        ],
        { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    return new Promise((resolve, reject) => {
        let output = "";
        const fail = (reason: string): void => {
            clearTimeout(timer);
            void stopChild(child).then(() =>
                reject(new Error(`HCN emulator in ${namespace} ${reason}: ${output.trim()}`)),
            );
        };
        const timer = setTimeout(
            () => fail(`not ready within ${readyTimeoutMs} ms`),
            readyTimeoutMs,
        );
        child.on("error", (error) => fail(`did not start (${error.message})`));
        child.once("exit", (code) => fail(`exited (${code})`));
        child.stderr?.on(
            "data",
            (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)),
        );
        child.stdout?.on("data", (chunk: Buffer) => {
            output = (output + chunk.toString()).slice(-4000);
            if (output.includes("ready ")) {
                clearTimeout(timer);
                child.removeAllListeners("exit");
                resolve({ pid: child.pid ?? 0, socketPath, stop: () => stopChild(child) });
            }
        });
    });
}
