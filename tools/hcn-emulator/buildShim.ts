/**
 * Compiles the native stand-ins of the Windows DLLs that code running in an emulated host calls
 * through `DllImport`, each into its own shared object, and exposes each under the names .NET
 * probes on Linux (the DLL name + ".so"):
 * - shim/hcnShim.c -> libhcnshim.so, as `computenetwork.dll` and `vmcompute.dll` (HCN calls,
 *   forwarded to the HCN emulator);
 * - shim/ipHelperShim.c -> libiphlpapishim.so, as `iphlpapi.dll` (IP Helper tables, read from the
 *   kernel of the caller's network namespace over rtnetlink).
 */
import { execFile } from "child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, symlinkSync } from "fs";
import { join } from "path";
import { promisify } from "util";

const run = promisify(execFile);

/** The C source of the HCN shim. */
export const shimSourcePath = join(__dirname, "shim", "hcnShim.c");

/** File names the .NET loader tries first for the two HCN DLL names (name + ".so"). */
export const shimLibraryNames = ["computenetwork.dll.so", "vmcompute.dll.so"];

/** The C source of the IP Helper stand-in. */
export const ipHelperSourcePath = join(__dirname, "shim", "ipHelperShim.c");

/** File names the .NET loader tries first for `iphlpapi.dll`. */
export const ipHelperLibraryNames = ["iphlpapi.dll.so"];

interface NativeLibrary {
    /** The C source. */
    source: string;
    /** The shared object compiled from it, in the output directory. */
    compiledName: string;
    /** The names the .NET loader finds it by: symbolic links to `compiledName`. */
    names: readonly string[];
}

const nativeLibraries: readonly NativeLibrary[] = [
    { source: shimSourcePath, compiledName: "libhcnshim.so", names: shimLibraryNames },
    {
        source: ipHelperSourcePath,
        compiledName: "libiphlpapishim.so",
        names: ipHelperLibraryNames,
    },
];

function isFresh(library: NativeLibrary, output: string): boolean {
    return existsSync(output) && statSync(output).mtimeMs >= statSync(library.source).mtimeMs;
}

async function compilerAvailable(): Promise<boolean> {
    try {
        await run("gcc", ["--version"], { timeout: 10_000 });
        return true;
    } catch {
        return false;
    }
}

/** Compiles one library to a temporary file of its own and renames it into place. */
async function compile(library: NativeLibrary, output: string): Promise<void> {
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
                library.source,
            ],
            { timeout: 120_000 },
        );
        renameSync(temporary, output);
    } finally {
        rmSync(temporary, { force: true });
    }
}

/** Points `alias` at `target` (a sibling file name), replacing whatever was there atomically. */
function linkAtomically(dir: string, alias: string, target: string): void {
    const temporary = join(dir, `.${alias}.${process.pid}.${Date.now()}`);
    symlinkSync(target, temporary);
    renameSync(temporary, join(dir, alias));
}

/**
 * Builds every native library into `outDir` (each skipped when it is newer than its source;
 * concurrent builds are safe: each compiles to its own temporary file and renames it into place)
 * and returns the directory to put in `LD_LIBRARY_PATH`. Throws when gcc is missing.
 */
export async function buildShim(outDir: string): Promise<string> {
    mkdirSync(outDir, { recursive: true });
    const stale = nativeLibraries.filter(
        (library) => !isFresh(library, join(outDir, library.compiledName)),
    );
    if (stale.length > 0) {
        if (!(await compilerAvailable())) {
            throw new Error(
                "gcc is not installed: the native HCN and IP Helper shims cannot be built",
            );
        }
        await Promise.all(
            stale.map((library) => compile(library, join(outDir, library.compiledName))),
        );
    }
    for (const library of nativeLibraries) {
        for (const name of library.names) {
            if (!existsSync(join(outDir, name))) {
                linkAtomically(outDir, name, library.compiledName);
            }
        }
    }
    return outDir;
}
