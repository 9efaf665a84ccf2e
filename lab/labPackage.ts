/**
 * A private build of the package for the lab's `pulumi up`: the dynamic providers load
 * `pulumi-l2bridge/provider/…` by package name, so the lab links that name to a fresh build of
 * this checkout in its own directory (never the shared `dist/`), with the repository's
 * node_modules.
 */
import { execFile } from "child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from "fs";
import { join, resolve } from "path";

const repository = resolve(__dirname, "..");

/** What building produced: the NODE_PATH directory, and the compiler's complaints if any. */
export interface LabPackage {
    nodePath: string;
    /** Type errors reported while building ("" when none); the files are emitted regardless. */
    warnings: string;
}

/** Build the package into `<directory>/package` and link it as `<directory>/node_path/pulumi-l2bridge`. */
export async function buildLabPackage(directory: string): Promise<LabPackage> {
    const packageDirectory = join(directory, "package");
    const nodePath = join(directory, "node_path");
    rmSync(packageDirectory, { recursive: true, force: true });
    mkdirSync(packageDirectory, { recursive: true });
    mkdirSync(nodePath, { recursive: true });
    const warnings = await new Promise<string>((resolvePromise, reject) => {
        execFile(
            join(repository, "node_modules", ".bin", "tsc"),
            [
                "-p",
                join(repository, "tsconfig.build.json"),
                "--outDir",
                join(packageDirectory, "dist"),
            ],
            { cwd: repository, timeout: 300000, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout) => {
                if (!existsSync(join(packageDirectory, "dist", "provider", "resources"))) {
                    reject(new Error(`building the package failed: ${stdout || error?.message}`));
                } else {
                    resolvePromise(error ? stdout.trim() : "");
                }
            },
        );
    });
    copyFileSync(join(repository, "package.json"), join(packageDirectory, "package.json"));
    symlinkSync(join(repository, "node_modules"), join(packageDirectory, "node_modules"), "dir");
    const link = join(nodePath, "pulumi-l2bridge");
    rmSync(link, { force: true });
    symlinkSync(packageDirectory, link, "dir");
    return { nodePath, warnings };
}
