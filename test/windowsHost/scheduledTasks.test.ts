/**
 * The emulated Task Scheduler: a registered task started with Start-ScheduledTask runs its action
 * detached (powershell.exe runs as this host's pwsh) and its script acts on the host.
 */
import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { hasExited } from "../../lab/processes";
import { fileText } from "../support/fileText";
import type { EmulatedHostFixture } from "./emulatedHostFixture";
import { createEmulatedHost } from "./emulatedHostFixture";
import { skipWithoutPwsh } from "./skipWithoutPwsh";

describe("emulated Windows host: scheduled tasks", function () {
    this.timeout(60000);
    let host: EmulatedHostFixture | undefined;
    let taskProcessId = 0;

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
    });

    after(async () => {
        if (taskProcessId > 0 && !(await hasExited(taskProcessId))) {
            process.kill(taskProcessId, "SIGKILL");
        }
        await host?.remove();
    });

    it("a task registered and started runs its powershell.exe action detached, and its script writes a file", async () => {
        const resultPath = join(host!.hostDir, "ProgramData", "task-result.txt");
        const output = await host!.pwsh(
            `$scriptPath = Join-Path $env:ProgramData 'task.ps1'
[System.IO.File]::WriteAllText($scriptPath, 'param($Word) [System.IO.File]::WriteAllText((Join-Path $env:ProgramData ''task-result.txt''), $Word + '' '' + (Get-NetIPAddress -InterfaceAlias ''Ethernet 2'' -AddressFamily IPv4).IPAddress)')
$argument = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $scriptPath + '" ' + $P.word
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $argument
$principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
Register-ScheduledTask -TaskName 'l2bwh-task' -Action $action -Principal $principal -Force | Out-Null
Start-ScheduledTask -TaskName 'l2bwh-task' | Out-Null
[string](Get-ScheduledTask -TaskName 'l2bwh-task').TaskName`,
            { word: "ran" },
        );
        expect(output.trim()).to.equal("l2bwh-task");
        const taskFile = join(host!.hostDir, "windows-state", "ScheduledTasks", "l2bwh-task.json");
        taskProcessId = Number(JSON.parse(readFileSync(taskFile, "utf8")).LastProcessId);
        expect(await fileText(resultPath)).to.equal(`ran ${host!.address}`);
    });

    it("Unregister-ScheduledTask removes the task, and a second one is the Windows not-found error", async () => {
        const output = await host!.pwsh(
            `Unregister-ScheduledTask -TaskName 'l2bwh-task' -Confirm:$false
$message = ''
try { Unregister-ScheduledTask -TaskName 'l2bwh-task' -Confirm:$false -ErrorAction Stop } catch { $message = $_.Exception.Message }
ConvertTo-Json -Compress -InputObject @{ left = @(Get-ScheduledTask -TaskName 'l2bwh-*').Count; message = $message }`,
        );
        expect(JSON.parse(output)).to.deep.equal({
            left: 0,
            message:
                "No MSFT_ScheduledTask objects found with property 'TaskName' equal to 'l2bwh-task'.  Verify the value of the property and retry.",
        });
    });
});
