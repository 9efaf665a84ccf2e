import { expect } from "chai";
import {
    hostModuleFiles,
    LOADER_SCRIPT,
    loaderParams,
} from "../../provider/drivers/windows/hostModule";
import type { ScriptName } from "../../provider/drivers/windows/scriptCatalog";
import {
    detachedNetworkCreateScript,
    moduleFunctionText,
    scriptBody,
    scriptNames,
    scriptText,
} from "../../provider/drivers/windows/scriptCatalog";
import {
    describeSyntaxProblems,
    nodesOfType,
    powerShellSyntaxProblems,
} from "../support/powershellGrammar";
import { decodeRequestLine } from "../support/powershellRequestLines";
import { adversarialValues, carriesValue, runEveryKind, valueAsSent } from "./windowsScriptRuns";

/** What a request may carry as its script: an operation's, or the module loader (once per shell). */
const catalogTexts = new Set([...scriptNames.map(scriptText), LOADER_SCRIPT]);

describe("Windows scripts parse with a real PowerShell grammar", () => {
    for (const name of scriptNames) {
        it(`${name}: zero ERROR or MISSING nodes`, () => {
            const problems = powerShellSyntaxProblems(scriptText(name));
            expect(problems, describeSyntaxProblems(problems)).to.deep.equal([]);
        });
    }
    it("the detached network create (scheduled task file): zero ERROR or MISSING nodes", () => {
        const problems = powerShellSyntaxProblems(detachedNetworkCreateScript);
        expect(problems, describeSyntaxProblems(problems)).to.deep.equal([]);
    });
    it("the detached script starts with its param block, as a -File script must", () => {
        expect(
            detachedNetworkCreateScript.startsWith(
                "param([string]$OperationId, [string]$ModuleHash)\n",
            ),
        ).to.equal(true);
    });
    it("the host module file: zero ERROR or MISSING nodes", () => {
        const problems = powerShellSyntaxProblems(hostModuleFiles().module);
        expect(problems, describeSyntaxProblems(problems)).to.deep.equal([]);
    });
    it("the module loader: zero ERROR or MISSING nodes", () => {
        const problems = powerShellSyntaxProblems(LOADER_SCRIPT);
        expect(problems, describeSyntaxProblems(problems)).to.deep.equal([]);
    });
});

describe("Windows scripts never turn data into code", () => {
    const forbidden = ["invoke-expression", "iex", "invoke-command", "start-process"];
    for (const name of scriptNames) {
        it(`${name}: calls no command that evaluates text (Invoke-Expression, iex, Invoke-Command, Start-Process)`, () => {
            const commands = nodesOfType(scriptText(name), "command_name").map((c) =>
                c.text.toLowerCase(),
            );
            expect(commands.filter((c) => forbidden.includes(c))).to.deep.equal([]);
            expect(scriptText(name)).to.not.match(/\[scriptblock\]::Create/i);
        });
    }
    it("Add-Type compiles only the packaged binding: once in the loader, once in the task script", () => {
        expect(LOADER_SCRIPT.match(/Add-Type/g)).to.have.length(1);
        expect(LOADER_SCRIPT).to.include("Add-Type -TypeDefinition ([string]$Params.binding)");
        expect(detachedNetworkCreateScript.match(/Add-Type/g)).to.have.length(1);
        expect(hostModuleFiles().module.match(/Add-Type -TypeDefinition/g)).to.have.length(1);
        for (const name of scriptNames) expect(scriptText(name)).to.not.match(/Add-Type/);
    });
    it("the loader's only code from data is the packaged module, and operations evaluate no text", () => {
        expect(LOADER_SCRIPT.match(/\[ScriptBlock\]::Create/gi)).to.have.length(1);
        expect(LOADER_SCRIPT).to.include("[ScriptBlock]::Create($global:L2bHostModuleText)");
        expect(hostModuleFiles().module).to.not.match(/\[scriptblock\]::Create/i);
        expect(loaderParams().module).to.equal(hostModuleFiles().module);
    });
});

describe("every script the driver sends, for every kind with adversarial values", () => {
    for (const [label, value] of Object.entries(adversarialValues)) {
        it(`${label}: every script is a catalog script (constant text, parsed above) and never contains the value`, async () => {
            const calls = await runEveryKind(value);
            expect(calls.length).to.be.greaterThan(20);
            const kinds = new Set(calls.map((c) => c.name));
            expect(kinds.size).to.be.greaterThan(12);
            for (const call of calls) {
                expect(catalogTexts.has(call.script), call.name).to.equal(true);
                expect(call.script.includes(value), `${call.name} contains the value`).to.equal(
                    false,
                );
            }
        });
        it(`${label}: the value reaches the host unchanged as data`, async () => {
            const calls = await runEveryKind(value);
            const carried = calls.filter((c) => carriesValue(c.params, valueAsSent(value)));
            expect(carried.length).to.be.greaterThan(10);
        });
    }
});

describe("every change on a Windows host runs under the host-wide mutex", () => {
    const readOnly: ScriptName[] = [
        "observeVersion",
        "observeNetwork",
        "observeEndpoint",
        "observeLoadBalancer",
        "observeHcn",
        "observeRoutes",
        "observeFile",
        "pollNetworkCreate",
    ];
    const startsTask: ScriptName[] = ["startNetworkCreate"];
    for (const name of scriptNames) {
        if (readOnly.includes(name)) {
            it(`${name}: only reads (no HCN create, modify or delete, no route or interface change)`, () => {
                expect(scriptBody(name)).to.not.match(
                    /::(Create|Modify|Delete)|New-NetRoute|Set-NetIPInterface|Set-L2bRecord|Remove-L2bRecord/,
                );
            });
        } else if (startsTask.includes(name)) {
            it(`${name}: starts the detached create, whose script takes the mutex itself`, () => {
                expect(detachedNetworkCreateScript).to.include(
                    "Invoke-L2bDetachedNetworkCreate $OperationId",
                );
                expect(moduleFunctionText("Invoke-L2bDetachedNetworkCreate")).to.match(
                    /Invoke-L2bLocked \{ New-L2bNetworkIfAbsent \$Params \}/,
                );
            });
        } else {
            it(`${name}: its change runs inside Invoke-L2bLocked`, () => {
                expect(scriptBody(name)).to.match(/^(\$\w+ = )?Invoke-L2bLocked \{/m);
            });
        }
    }
    it("the mutex is the global named one, waited for at most 120 seconds", () => {
        const text = moduleFunctionText("Invoke-L2bLocked");
        expect(text).to.include(
            "[System.Threading.Mutex]::new($false, 'Global\\pulumi-l2bridge-host')",
        );
        expect(text).to.include("$mutex.WaitOne([TimeSpan]::FromSeconds(120))");
    });
});

describe("Windows scripts through the real PowerShell request framing", () => {
    const { encodePowerShellRequest } =
        require("../../provider/transport/powershell/codec") as typeof import("../../provider/transport/powershell/codec");
    for (const [label, value] of Object.entries(adversarialValues)) {
        it(`${label}: every request decodes to the exact script and parameters on the host side`, async () => {
            const calls = await runEveryKind(value);
            for (const call of calls) {
                const request = decodeRequestLine(
                    encodePowerShellRequest("r1", call.script, call.params),
                );
                expect(request.script).to.equal(call.script);
                expect(request.params).to.deep.equal(call.params);
            }
        });
    }
    it("the largest request (the detached create carries its task script) stays a single ASCII line", async () => {
        const calls = await runEveryKind("l2bridge");
        const lines = calls.map((c) => encodePowerShellRequest("r1", c.script, c.params));
        const largest = Math.max(...lines.map((l) => l.length));
        expect(lines.every((l) => /^(gzip )?[A-Za-z0-9+/=]+\n$/.test(l))).to.equal(true);
        expect(largest).to.be.below(512 * 1024);
    });
});
