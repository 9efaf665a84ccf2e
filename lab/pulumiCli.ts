/**
 * The `pulumi` CLI for the lab program: found on PATH or in the cache `scripts/install-pulumi`
 * fills, run with a local file backend and a passphrase in the lab's scratch directory (the user's
 * own Pulumi home is never touched).
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import { existsSync, mkdirSync, rmSync } from "fs";
import { homedir } from "os";
import { join, resolve } from "path";

const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

/** The directory holding the CLI, its Node.js language host and dynamic-provider launcher. */
export function findPulumiBin(): string | undefined {
    const version = (require("@pulumi/pulumi/package.json") as { version: string }).version;
    const cache = process.env.PULUMI_L2BRIDGE_CACHE ?? join(homedir(), ".cache", "pulumi-l2bridge");
    const candidates = [
        ...(process.env.PATH ?? "").split(":").filter((directory) => directory !== ""),
        join(cache, `v${version}`, "bin"),
    ];
    return candidates.find((directory) =>
        needed.every((file) => existsSync(join(directory, file))),
    );
}

/** What to tell the user when the CLI is missing. */
export const missingCliAdvice = [
    "The pulumi CLI (with pulumi-language-nodejs and pulumi-resource-pulumi-nodejs) was not found",
    "on PATH or in ~/.cache/pulumi-l2bridge. Get it with:",
    "    npm run install-pulumi      (builds it from the Go module proxy; needs Go)",
    "or install Pulumi from https://www.pulumi.com/docs/install/ and put it on PATH.",
    "Deploying the lab by driving the resource drivers directly instead.",
].join("\n");

/**
 * A stack of the root program in a scratch backend. The stack's settings file
 * (`Pulumi.<stack>.yaml` next to `Pulumi.yaml`) belongs to one run's passphrase, so it is removed
 * before the stack is created and when the stack is disposed.
 */
export class LabStack {
    private readonly passphrase = randomBytes(12).toString("hex");

    constructor(
        private readonly binDirectory: string,
        private readonly scratch: string,
        /** Directory holding `pulumi-l2bridge` (see `buildLabPackage`), for NODE_PATH. */
        private readonly nodePath: string,
        private readonly repository = resolve(__dirname, ".."),
    ) {
        mkdirSync(join(scratch, "backend"), { recursive: true });
        mkdirSync(join(scratch, "home"), { recursive: true });
        this.removeSettings();
    }

    /** The stack name. */
    readonly stack = "lab";

    /** Remove the stack's settings file from the repository. */
    removeSettings(): void {
        rmSync(join(this.repository, `Pulumi.${this.stack}.yaml`), { force: true });
    }

    /** Run `pulumi args…` in the repository; resolves with its output, rejects on failure. */
    run(args: string[], echo = false): Promise<string> {
        return new Promise((resolvePromise, reject) => {
            const child = spawn(join(this.binDirectory, "pulumi"), [...args, "--non-interactive"], {
                cwd: this.repository,
                env: {
                    ...process.env,
                    PATH: `${this.binDirectory}:${process.env.PATH ?? ""}`,
                    PULUMI_HOME: join(this.scratch, "home"),
                    PULUMI_BACKEND_URL: `file://${join(this.scratch, "backend")}`,
                    PULUMI_CONFIG_PASSPHRASE: this.passphrase,
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
                    NODE_PATH: this.nodePath,
                    NO_COLOR: "1",
                },
                stdio: ["ignore", "pipe", "pipe"],
            });
            let output = "";
            const collect = (chunk: Buffer): void => {
                output += chunk.toString();
                if (echo) {
                    process.stdout.write(chunk);
                }
            };
            child.stdout.on("data", collect);
            child.stderr.on("data", collect);
            child.on("error", reject);
            child.on("close", (code) =>
                code === 0
                    ? resolvePromise(output)
                    : reject(new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output}`)),
            );
        });
    }
}
