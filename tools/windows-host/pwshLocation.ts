/**
 * Where PowerShell 7 is on this machine: the first `pwsh` on PATH, else the .NET global tools
 * directory of the current user, where `dotnet tool install --global PowerShell` puts it.
 */
import { accessSync, constants } from "fs";
import { homedir } from "os";
import { delimiter, join } from "path";

/** Directory holding an executable `pwsh`, or `undefined` when PowerShell 7 is not installed. */
export function findPwshDirectory(searchPath: string = process.env.PATH ?? ""): string | undefined {
    const candidates = [
        ...searchPath.split(delimiter).filter(Boolean),
        join(homedir(), ".dotnet", "tools"),
    ];
    return candidates.find((directory) => {
        try {
            accessSync(join(directory, "pwsh"), constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}
