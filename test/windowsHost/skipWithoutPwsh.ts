/** Skips a suite, saying why, when PowerShell 7 is not installed. */
import { findPwshDirectory } from "../../tools/windows-host/pwshLocation";

/** Call from `before`: skips the suite with a printed reason when pwsh is absent. */
export function skipWithoutPwsh(context: Mocha.Context): void {
    if (!findPwshDirectory()) {
        console.log(
            "    skipped: PowerShell 7 (pwsh) is not on PATH or in ~/.dotnet/tools; " +
                "install it with `dotnet tool install --global PowerShell --version 7.6.9`",
        );
        context.skip();
    }
}
