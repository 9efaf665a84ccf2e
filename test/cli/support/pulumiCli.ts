/**
 * Runs the real `pulumi` CLI against a program, with a local file backend and the passphrase
 * secrets provider in a temporary directory, never touching the user's own Pulumi home.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { printLanguageHostOnce } from "./languageHostIdentity";

const repoRoot = path.resolve(__dirname, "../../..");

/** Whether the CLI can run here, and why not when it cannot. */
export interface CliAvailability {
    /** Directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
    binDirectory?: string;
    /** Why the CLI suites cannot run; empty when they can. */
    reason: string;
}

function onPath(executable: string): string | undefined {
    for (const directory of (process.env.PATH ?? "").split(":")) {
        if (directory !== "" && fs.existsSync(path.join(directory, executable))) return directory;
    }
    return undefined;
}

/**
 * Finds the CLI on PATH (with the two launchers a Node.js program with dynamic resources needs
 * next to it or on PATH). A CLI built by `scripts/install-pulumi` is used only once its directory
 * is on PATH, so a plain `npx mocha` on a machine that merely has the cache does not start the
 * long CLI suites and their lab.
 */
export function findPulumiCli(): CliAvailability {
    const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
    const directory = onPath("pulumi");
    if (directory !== undefined) {
        const missing = needed.filter(
            (name) => !fs.existsSync(path.join(directory, name)) && onPath(name) === undefined,
        );
        if (missing.length === 0) return { binDirectory: directory, reason: "" };
        return { reason: `pulumi is on PATH but ${missing.join(" and ")} are not` };
    }
    return {
        reason:
            'the Pulumi CLI is not on PATH; run `export PATH="$(bash scripts/install-pulumi):$PATH"` ' +
            "(builds it from the Go module proxy, or reuses the cache)",
    };
}

/** Result of one CLI run. */
export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** One planned step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    /** Resource type token taken from the URN. */
    type: string;
    /** Resource name taken from the URN. */
    name: string;
}

/** A stack in a throwaway backend, for one program directory. */
export class PulumiWorkspace {
    readonly passphrase = crypto.randomBytes(12).toString("hex");

    private constructor(
        readonly programDirectory: string,
        readonly scratch: string,
        readonly binDirectory: string,
        readonly stack: string,
        private readonly extraEnvironment: Record<string, string>,
    ) {}

    /**
     * Creates the backend and the stack. `scratchPrefix` names the temp directory. Prints which
     * language host the CLI runs programs with (once per test process).
     */
    static async create(options: {
        programDirectory: string;
        binDirectory: string;
        scratchPrefix: string;
        stack?: string;
        /** Added to the environment of every run (e.g. `NODE_PATH`). */
        environment?: Record<string, string>;
    }): Promise<PulumiWorkspace> {
        printLanguageHostOnce(options.binDirectory);
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), options.scratchPrefix));
        markScratchOwner(scratch);
        fs.mkdirSync(path.join(scratch, "backend"));
        fs.mkdirSync(path.join(scratch, "home"));
        const workspace = new PulumiWorkspace(
            options.programDirectory,
            scratch,
            options.binDirectory,
            options.stack ?? `lbe-${crypto.randomBytes(4).toString("hex")}`,
            options.environment ?? {},
        );
        await workspace.mustRun(["stack", "init", workspace.stack]);
        return workspace;
    }

    /** Environment of every CLI run. */
    environment(): NodeJS.ProcessEnv {
        return {
            ...process.env,
            PATH: `${this.binDirectory}:${process.env.PATH ?? ""}`,
            PULUMI_HOME: path.join(this.scratch, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.scratch, "backend")}`,
            PULUMI_CONFIG_PASSPHRASE: this.passphrase,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_NODEJS_TRANSPILE_ONLY: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            NO_COLOR: "1",
            ...this.extraEnvironment,
        };
    }

    /** Runs `pulumi <args>` in the program directory (bounded by `timeoutMs`), `stdin` fed in. */
    run(args: string[], timeoutMs = 300000, stdin = ""): Promise<CliRun> {
        const fullArgs = [...args, "--non-interactive", "--stack", this.stack];
        if (args[0] === "stack" && args[1] === "init") fullArgs.splice(-2, 2);
        return new Promise((resolve, reject) => {
            const child = spawn(path.join(this.binDirectory, "pulumi"), fullArgs, {
                cwd: this.programDirectory,
                env: this.environment(),
                stdio: ["pipe", "pipe", "pipe"],
            });
            child.stdin.end(stdin);
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
            child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code, stdout, stderr });
            });
        });
    }

    /** Runs and fails with the full output when the exit code is not 0. */
    async mustRun(args: string[], timeoutMs?: number, stdin?: string): Promise<CliRun> {
        const result = await this.run(args, timeoutMs, stdin);
        if (result.code !== 0) {
            throw new Error(
                `pulumi ${args.join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`,
            );
        }
        return result;
    }

    /** Sets stack config; a secret value travels on stdin, never on the command line. */
    async setConfig(key: string, value: string, secret = false): Promise<void> {
        if (secret) {
            await this.mustRun(["config", "set", key, "--secret"], undefined, value);
        } else {
            await this.mustRun(["config", "set", key, value]);
        }
    }

    /** Planned steps of a preview (`pulumi preview --json`), stack resource excluded. */
    async preview(extra: string[] = []): Promise<PreviewStep[]> {
        const result = await this.mustRun(["preview", "--json", ...extra]);
        const parsed = JSON.parse(result.stdout) as { steps?: { op: string; urn: string }[] };
        return (parsed.steps ?? [])
            .map((step) => {
                const parts = step.urn.split("::");
                return {
                    op: step.op,
                    urn: step.urn,
                    type: parts[2]?.split("$").pop() ?? "",
                    name: parts[3] ?? "",
                };
            })
            .filter((step) => step.type !== "pulumi:pulumi:Stack");
    }

    up(extra: string[] = []): Promise<CliRun> {
        return this.mustRun(["up", "--yes", "--skip-preview", ...extra]);
    }

    refresh(): Promise<CliRun> {
        return this.mustRun(["refresh", "--yes", "--skip-preview"]);
    }

    destroy(): Promise<CliRun> {
        return this.mustRun(["destroy", "--yes", "--skip-preview"]);
    }

    /** The checkpoint as `pulumi stack export` writes it (secrets stay encrypted). */
    async exportState(): Promise<{ resources: StateResource[]; text: string }> {
        const result = await this.mustRun(["stack", "export"]);
        const parsed = JSON.parse(result.stdout) as {
            deployment?: { resources?: StateResource[] };
        };
        return { resources: parsed.deployment?.resources ?? [], text: result.stdout };
    }

    /** Every file of the backend (state, history, backups), concatenated. */
    backendFilesText(): string {
        const texts: string[] = [];
        const visit = (directory: string): void => {
            for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
                const full = path.join(directory, entry.name);
                if (entry.isDirectory()) visit(full);
                else texts.push(fs.readFileSync(full).toString("latin1"));
            }
        };
        visit(path.join(this.scratch, "backend"));
        return texts.join("\n");
    }

    /** Removes the stack (best effort), its config file and the scratch directory. */
    async dispose(): Promise<void> {
        await this.run(["stack", "rm", "--yes", "--force"], 60000).catch(() => undefined);
        fs.rmSync(path.join(this.programDirectory, `Pulumi.${this.stack}.yaml`), { force: true });
        fs.rmSync(this.scratch, { recursive: true, force: true });
    }
}

/** One resource of the checkpoint. */
export interface StateResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

/** Marks a scratch directory as belonging to this test process. */
export function markScratchOwner(directory: string): void {
    fs.writeFileSync(path.join(directory, ".owner-pid"), String(process.pid));
}

/** True when a scratch directory belongs to a live process, or is too recent to judge. */
function scratchInUse(directory: string): boolean {
    try {
        const pid = Number(fs.readFileSync(path.join(directory, ".owner-pid"), "utf8"));
        process.kill(pid, 0);
        return true;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EPERM") return true;
        if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    }
    // No owner file: judge by age (an hour covers the longest suite).
    return Date.now() - fs.statSync(directory).mtimeMs < 3600000;
}

/**
 * Removes what a crashed earlier run of these suites left behind: scratch directories
 * (`<tmp>/lbe-cli-*`, `<tmp>/lbe-engine-*`) whose owning process is gone, and stack config
 * files (`Pulumi.lbe-<hex>.yaml`) of stacks that no longer have a scratch directory.
 */
export function removeScratchLeftovers(): void {
    for (const entry of fs.readdirSync(os.tmpdir())) {
        const full = path.join(os.tmpdir(), entry);
        if (
            (entry.startsWith("lbe-cli-") || entry.startsWith("lbe-engine-")) &&
            !scratchInUse(full)
        ) {
            fs.rmSync(full, { recursive: true, force: true });
        }
    }
    const programs = path.join(repoRoot, "test", "cli", "programs");
    for (const program of fs.readdirSync(programs)) {
        for (const entry of fs.readdirSync(path.join(programs, program))) {
            const file = path.join(programs, program, entry);
            if (/^Pulumi\.lbe-[0-9a-f]+\.yaml$/.test(entry) && !scratchInUse(file)) {
                fs.rmSync(file, { force: true });
            }
        }
    }
}

/** Absolute path of a program directory under test/cli/programs. */
export function programDirectory(name: string): string {
    return path.join(repoRoot, "test", "cli", "programs", name);
}
