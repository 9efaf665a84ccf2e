/**
 * Compiles the native HCN shim (shim/hcnShim.c) into one shared object and exposes it under the
 * names .NET probes on Linux for `DllImport("computenetwork.dll")` and `DllImport("vmcompute.dll")`.
 */
import { execFile } from "child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, symlinkSync } from "fs";
import { join } from "path";
import { promisify } from "util";

const run = promisify(execFile);

/** The C source of the shim. */
export const shimSourcePath = join(__dirname, "shim", "hcnShim.c");

/** File names the .NET loader tries first for the two DLL names (name + ".so"). */
export const shimLibraryNames = ["computenetwork.dll.so", "vmcompute.dll.so"];

const compiledName = "libhcnshim.so";

function isFresh(output: string): boolean {
    return existsSync(output) && statSync(output).mtimeMs >= statSync(shimSourcePath).mtimeMs;
}

async function compilerAvailable(): Promise<boolean> {
    try {
        await run("gcc", ["--version"], { timeout: 10_000 });
        return true;
    } catch {
        return false;
    }
}

/** Points `alias` at `target` (a sibling file name), replacing whatever was there atomically. */
function linkAtomically(dir: string, alias: string, target: string): void {
    const temporary = join(dir, `.${alias}.${process.pid}.${Date.now()}`);
    symlinkSync(target, temporary);
    renameSync(temporary, join(dir, alias));
}

/**
 * Builds the shim into `outDir` (skipped when the library is newer than its source; concurrent
 * builds are safe: each compiles to its own temporary file and renames it into place) and returns
 * the directory to put in `LD_LIBRARY_PATH`. Throws when gcc is missing.
 */
export async function buildShim(outDir: string): Promise<string> {
    mkdirSync(outDir, { recursive: true });
    const output = join(outDir, compiledName);
    if (!isFresh(output)) {
        if (!(await compilerAvailable())) {
            throw new Error("gcc is not installed: the native HCN shim cannot be built");
        }
        const temporary = `${output}.${process.pid}.${Date.now()}.tmp`;
        try {
            await run(
                "gcc",
                [
                    "-shared",
                    "-fPIC",
                    "-O2",
                    "-Wall",
                    "-Werror",
                    "-fvisibility=hidden",
                    "-o",
                    temporary,
                    shimSourcePath,
                ],
                { timeout: 120_000 },
            );
            renameSync(temporary, output);
        } finally {
            rmSync(temporary, { force: true });
        }
    }
    for (const name of shimLibraryNames) {
        if (!existsSync(join(outDir, name))) linkAtomically(outDir, name, compiledName);
    }
    return outDir;
}
