import { expect } from "chai";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { buildShim } from "../../tools/hcn-emulator/buildShim";
import { initHcnState, readHcnState, writeHcnState } from "../../tools/hcn-emulator/state";
import { l2bridgeNetwork, query, testAdapter } from "./emulatorHost";
import {
    pwshMissingReason,
    runPwsh,
    spawnEmulator,
    stopEmulator,
    type EmulatorProcess,
} from "./pwshHost";

/** A PowerShell single-quoted literal. */
const psQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

const unicodeName = "Réseau-网络-😀";

describe("real PowerShell 7 runs the unchanged host module against the HCN emulator", function () {
    this.timeout(180_000);
    let dir: string;
    let shimDir: string;
    let emulator: EmulatorProcess | undefined;
    const socket = () => join(dir, "hcn.sock");
    const pwsh = async (body: string) => {
        const run = await runPwsh(body, shimDir, socket());
        expect(run.code, run.stderr).to.equal(0);
        return run.stdout.trim().split(/\r?\n/);
    };

    before(async function () {
        const missing = pwshMissingReason();
        if (missing) {
            console.log(`      skipped: ${missing}`);
            this.skip();
        }
        dir = mkdtempSync(join(tmpdir(), "hcn-ps-"));
        try {
            shimDir = await buildShim(join(dir, "shim"));
        } catch (e) {
            console.log(`      skipped: ${(e as Error).message}`);
            this.skip();
        }
        initHcnState(join(dir, "state"), {
            version: { major: 15, minor: 4 },
            adapters: [testAdapter],
        });
        emulator = await spawnEmulator(join(dir, "state"), socket());
    });

    after(async () => {
        if (emulator) await stopEmulator(emulator);
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("a non-ASCII network name survives UTF-16 → UTF-8 → UTF-16 both ways", async () => {
        const doc = JSON.stringify(l2bridgeNetwork(unicodeName));
        const [out] = await pwsh(
            `Write-Output ([PulumiL2Bridge.Hcn]::CreateNetwork(${psQuote(doc)}, ${psQuote(query())}))`,
        );
        expect(JSON.parse(out).Name).to.equal(unicodeName);
        expect(readHcnState(join(dir, "state")).networks[0].Name).to.equal(unicodeName);
    });

    it("HNS's HRESULT and error record text reach the caller's HcnException", async () => {
        const doc = JSON.stringify(l2bridgeNetwork(unicodeName));
        const [message, hresult] = await pwsh(
            `try { [PulumiL2Bridge.Hcn]::CreateNetwork(${psQuote(doc)}, ${psQuote(query())}) } catch { $e = $_.Exception.InnerException; Write-Output $e.Message; Write-Output ('{0:X8}' -f $e.HResult32) }`,
        );
        expect(message).to.include("HRESULT 0x803B0010");
        expect(message).to.include('"Error":"A network with this name already exists."');
        expect(hresult).to.equal("803B0010");
    });

    it("a restarted emulator (a new process) serves the same objects", async () => {
        await stopEmulator(emulator as EmulatorProcess);
        emulator = await spawnEmulator(join(dir, "state"), socket());
        const lines = await pwsh(
            `foreach ($n in [PulumiL2Bridge.Hcn]::List('Network', ${psQuote(query(1))})) { Write-Output $n }`,
        );
        expect(lines.map((l) => JSON.parse(l).Name)).to.deep.equal([unicodeName]);
    });

    it("an out-of-band change is seen, and Modify, V1 and Delete go through", async () => {
        const stateDir = join(dir, "state");
        const state = readHcnState(stateDir);
        state.networks[0].Name = "renamed";
        writeHcnState(stateDir, state);
        const id = state.networks[0].ID;
        const dns = JSON.stringify({
            ResourceType: "DNS",
            RequestType: "Update",
            Settings: { ServerList: ["10.0.0.10"] },
        });
        const lines = await pwsh(
            [
                `$id = [Guid]'${id}'`,
                `Write-Output ([PulumiL2Bridge.Hcn]::TryQuery('Network', $id, ${psQuote(query())}))`,
                `[PulumiL2Bridge.Hcn]::Modify('Network', $id, ${psQuote(dns)})`,
                `Write-Output ([PulumiL2Bridge.Hcn]::V1('GET', '/networks/${id}', ''))`,
                `[PulumiL2Bridge.Hcn]::Delete('Network', $id)`,
                `Write-Output ([PulumiL2Bridge.Hcn]::TryQuery('Network', $id, ${psQuote(query())}) -eq $null)`,
            ].join("\n"),
        );
        expect(JSON.parse(lines[0]).Name).to.equal("renamed");
        expect(JSON.parse(lines[1]).Output.DNSServerList).to.equal("10.0.0.10");
        expect(lines[2]).to.equal("True");
        expect(readHcnState(stateDir).networks).to.deep.equal([]);
    });

    it("Enumerate lists IDs without opening; a handle of TryOpen answers several queries until CloseHandle; a gone ID opens as zero", async () => {
        const [created] = await pwsh(
            `Write-Output ([PulumiL2Bridge.Hcn]::CreateNetwork(${psQuote(JSON.stringify(l2bridgeNetwork("shapes")))}, ${psQuote(query())}))`,
        );
        const id = (JSON.parse(created) as { ID: string }).ID;
        const v1 = JSON.stringify({ SchemaVersion: { Major: 1, Minor: 0 }, Flags: 0 });
        const lines = await pwsh(
            [
                `$ids = [PulumiL2Bridge.Hcn]::Enumerate('Network', ${psQuote(query())})`,
                `Write-Output ($ids -join ',')`,
                `$h = [PulumiL2Bridge.Hcn]::TryOpen('Network', [Guid]$ids[0])`,
                `try {`,
                `    Write-Output ([PulumiL2Bridge.Hcn]::QueryOpen('Network', $h, ${psQuote(query())}))`,
                `    Write-Output ([PulumiL2Bridge.Hcn]::QueryOpen('Network', $h, ${psQuote(v1)}))`,
                `} finally { [PulumiL2Bridge.Hcn]::CloseHandle('Network', $h) }`,
                `Write-Output ([PulumiL2Bridge.Hcn]::TryOpen('Network', [Guid]'00000000-0000-0000-0000-0000000000ab') -eq [IntPtr]::Zero)`,
            ].join("\n"),
        );
        expect(lines[0].toLowerCase()).to.equal(id.toLowerCase());
        expect(JSON.parse(lines[1]).Name).to.equal("shapes");
        expect(JSON.parse(lines[2])).to.have.property("ManagementIP");
        expect(lines[3]).to.equal("True");
        await pwsh(`[PulumiL2Bridge.Hcn]::Delete('Network', [Guid]'${id}')`);
    });

    it("HCN text and records whose strings read as ISO-8601 dates parse to those strings (ConvertFrom-L2bJson)", async () => {
        const lines = await pwsh(
            [
                `$network = ConvertFrom-L2bJson '{"Name":"2026-01-01","ID":"2026-01-01T10:00:00Z","Dns":{"Search":["2026-12-02T13:43:11+01:00"]}}'`,
                `foreach ($value in @($network.Name, $network.ID, $network.Dns.Search[0])) { Write-Output ($value.GetType().Name + '=' + $value) }`,
            ].join("\n"),
        );
        expect(lines).to.deep.equal([
            "String=2026-01-01",
            "String=2026-01-01T10:00:00Z",
            "String=2026-12-02T13:43:11+01:00",
        ]);
    });

    it("without a running emulator every call fails with HCN_E_MANAGER_STOPPED", async () => {
        await stopEmulator(emulator as EmulatorProcess);
        emulator = undefined;
        const [message] = await pwsh(
            `try { [PulumiL2Bridge.Hcn]::List('Network', ${psQuote(query())}) } catch { Write-Output $_.Exception.InnerException.Message }`,
        );
        expect(message).to.include("HRESULT 0x803B0020");
        expect(message).to.include("not running");
    });
});
