/**
 * The runtime install script in real PowerShell 7: the pinned versions are checked where they go
 * into download addresses, so a value that bypassed the component's check stops the script before
 * anything is downloaded.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { containerRuntimeScript } from "../../components/containerRuntimeScript";
import { findPwshDirectory } from "../../tools/windows-host/pwshLocation";

describe("container runtime script in real PowerShell", function () {
    this.timeout(120_000);
    let directory = "";
    before(function () {
        if (!findPwshDirectory()) {
            console.log("    skipped: PowerShell 7 (pwsh) is not installed");
            this.skip();
        }
        directory = mkdtempSync(join(tmpdir(), "l2b-runtime-"));
        writeFileSync(join(directory, "runtime.ps1"), containerRuntimeScript);
    });
    after(() => rmSync(directory, { recursive: true, force: true }));

    function run(parameters: string[]): { status: number | null; output: string } {
        const pwsh = join(findPwshDirectory()!, "pwsh");
        const result = spawnSync(
            pwsh,
            [
                "-NoProfile",
                "-NonInteractive",
                "-File",
                join(directory, "runtime.ps1"),
                ...parameters,
            ],
            {
                encoding: "utf8",
                timeout: 90_000,
                env: { ...process.env, TEMP: directory, ProgramFiles: join(directory, "pf") },
            },
        );
        return { status: result.status, output: `${result.stdout}${result.stderr}` };
    }

    const refused: [string, string[], string][] = [
        [
            "a version carrying a command",
            ["-Runtime", "containerd", "-Version", "1.7.22'; Remove-Item C:\\ -Recurse; '"],
            "is not MAJOR.MINOR.PATCH",
        ],
        [
            "a plugin version carrying a path",
            ["-Runtime", "containerd", "-Version", "1.7.22", "-CniPluginsVersion", "0.3.1/../../x"],
            "is not MAJOR.MINOR.PATCH",
        ],
        [
            "an unknown runtime",
            ["-Runtime", "podman", "-Version", "1.0.0"],
            "is not containerd or docker",
        ],
    ];
    for (const [what, parameters, message] of refused) {
        it(`stops on ${what} before downloading anything`, () => {
            const { status, output } = run(parameters);
            expect(status).to.not.equal(0);
            expect(output).to.contain(message);
            expect(output).to.not.contain("Invoke-WebRequest");
        });
    }
});
