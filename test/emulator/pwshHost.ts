/** Running real PowerShell 7 against an emulator child process (the shim resolves the DLLs). */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { standaloneHostModule } from "../../provider/drivers/windows/hostModule";

const repoRoot = join(__dirname, "..", "..");

/** Why real-PowerShell suites cannot run here, or undefined when they can. */
export function pwshMissingReason(): string | undefined {
    const probe = spawnSync(
        "pwsh",
        ["-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.Major"],
        {
            encoding: "utf8",
            timeout: 60_000,
        },
    );
    return probe.status === 0 ? undefined : "pwsh (PowerShell 7) is not on PATH";
}

/** An emulator running as its own process, as a lab host runs it. */
export interface EmulatorProcess {
    child: ChildProcess;
    socketPath: string;
}

/** Starts `tools/hcn-emulator/cli.ts` (with `extraArgs`) and waits for its `ready` line (bounded). */
export function spawnEmulator(
    stateDir: string,
    socketPath: string,
    extraArgs: string[] = [],
): Promise<EmulatorProcess> {
    const child = spawn(
        process.execPath,
        [
            "-r",
            "ts-node/register/transpile-only",
            join(repoRoot, "tools", "hcn-emulator", "cli.ts"),
            "--state-dir",
            stateDir,
            "--socket",
            socketPath,
            ...extraArgs,
        ],
        { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    return new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`emulator not ready within 60 s: ${out}`));
        }, 60_000);
        child.stdout?.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes("ready ")) {
                clearTimeout(timer);
                resolve({ child, socketPath });
            }
        });
        child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`emulator exited (${code}): ${out}`));
        });
    });
}

/** Stops an emulator child by its PID and waits for it to exit. */
export function stopEmulator(p: EmulatorProcess): Promise<void> {
    if (p.child.exitCode !== null || p.child.pid === undefined) return Promise.resolve();
    return new Promise((resolve) => {
        p.child.once("exit", () => resolve());
        process.kill(p.child.pid as number, "SIGTERM");
    });
}

/** Result of one PowerShell run. */
export interface PwshRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the host module followed by `body` in pwsh with the shim and socket in its environment. */
export function runPwsh(
    body: string,
    shimDir: string,
    socketPath: string,
    timeoutMs = 90_000,
): Promise<PwshRun> {
    const scriptDir = mkdtempSync(join(tmpdir(), "hcn-pwsh-"));
    const script = join(scriptDir, "run.ps1");
    writeFileSync(
        script,
        `\ufeff[Console]::OutputEncoding = [System.Text.Encoding]::UTF8\n${standaloneHostModule()}\n${body}\n`,
    );
    const child = spawn("pwsh", ["-NoProfile", "-NonInteractive", "-File", script], {
        env: { ...process.env, TERM: "dumb", LD_LIBRARY_PATH: shimDir, L2B_HCN_SOCKET: socketPath },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("exit", (code) => {
            clearTimeout(timer);
            rmSync(scriptDir, { recursive: true, force: true });
            resolve({ code, stdout, stderr });
        });
    });
}
