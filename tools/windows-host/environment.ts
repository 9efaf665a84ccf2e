/**
 * The environment of every PowerShell on one emulated Windows lab host, and the file its login
 * command reads it from. Each host has its own directory: ProgramData (the product's state), TMPDIR
 * (so .NET named mutexes, kept under the temp directory on Linux, are per host), an empty HOME and
 * the cmdlet module's state; LD_LIBRARY_PATH picks the HCN emulator shim that host loads.
 */
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { findPwshDirectory } from "./pwshLocation";

/** Directory of the PowerShell module with the emulated Windows cmdlets. */
export const WINDOWS_EMULATION_MODULES = join(__dirname, "modules");

/** The login command that hands every SSH exec request to pwsh. */
export const WINDOWS_HOST_LOGIN = join(__dirname, "login");

/** Where one emulated Windows host keeps its files, and which HCN emulator it talks to. */
export interface EmulatedWindowsHostPaths {
    /** The host's own directory (ProgramData, temp, home and emulator state live under it). */
    hostDir: string;
    /**
     * Directory holding `computenetwork.dll.so` and `vmcompute.dll.so` (the HCN shim) and
     * `iphlpapi.dll.so` (IP Helper over the namespace's netlink): LD_LIBRARY_PATH.
     */
    shimDir: string;
    /** Unix socket of the HCN emulator server for this host (L2B_HCN_SOCKET). */
    hcnSocket: string;
    /** Directory of `pwsh`. @default the first found by `findPwshDirectory()` */
    pwshDirectory?: string;
}

const SYSTEM_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** The environment variables of every pwsh on the host described by `paths`. */
export function emulatedWindowsEnvironment(
    paths: EmulatedWindowsHostPaths,
): Record<string, string> {
    const pwshDirectory = paths.pwshDirectory ?? findPwshDirectory();
    if (!pwshDirectory) {
        throw new Error("PowerShell 7 (pwsh) was not found on PATH or in ~/.dotnet/tools");
    }
    return {
        PATH: [pwshDirectory, ...SYSTEM_PATH].join(":"),
        PSModulePath: WINDOWS_EMULATION_MODULES,
        ProgramData: join(paths.hostDir, "ProgramData"),
        L2B_WINDOWS_HOST_DIR: paths.hostDir,
        LD_LIBRARY_PATH: paths.shimDir,
        L2B_HCN_SOCKET: paths.hcnSocket,
        TMPDIR: join(paths.hostDir, "tmp"),
        HOME: join(paths.hostDir, "home"),
        DOTNET_CLI_TELEMETRY_OPTOUT: "1",
        POWERSHELL_TELEMETRY_OPTOUT: "1",
        POWERSHELL_UPDATECHECK: "Off",
    };
}

/** `NAME=value` lines as the login command reads them; rejects what it could not read back. */
export function formatEnvironmentFile(environment: Record<string, string>): string {
    return Object.entries(environment)
        .map(([name, value]) => {
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
                throw new Error(`environment variable name "${name}" is not a shell name`);
            }
            if (/[\n\r\0]/.test(value)) {
                throw new Error(`environment variable ${name} holds a line break or NUL`);
            }
            return `${name}=${value}\n`;
        })
        .join("");
}

/**
 * Create the host's directories (ProgramData, tmp, an empty home) and write its environment file;
 * returns the file's path, the argument of the login command.
 */
export function prepareEmulatedWindowsHost(paths: EmulatedWindowsHostPaths): string {
    const environment = emulatedWindowsEnvironment(paths);
    for (const directory of [environment.ProgramData, environment.TMPDIR, environment.HOME]) {
        mkdirSync(directory, { recursive: true, mode: 0o700 });
    }
    const file = join(paths.hostDir, "windows-host.env");
    writeFileSync(file, formatEnvironmentFile(environment), { mode: 0o600 });
    return file;
}
