/**
 * The emulator process's call log, which `bench/windows.ts` counts HCN calls per request by: every
 * function it answers is one line, in order, failures included.
 */
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { HcnClient } from "../../tools/hcn-emulator/client";
import { initHcnState } from "../../tools/hcn-emulator/state";
import { testAdapter } from "./emulatorHost";
import { spawnEmulator, stopEmulator, type EmulatorProcess } from "./pwshHost";

describe("the HCN emulator process's --call-log", function () {
    this.timeout(120_000);
    let dir: string;
    let emulator: EmulatorProcess | undefined;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "hcn-log-"));
        initHcnState(join(dir, "state"), {
            version: { major: 15, minor: 4 },
            adapters: [testAdapter],
        });
    });

    afterEach(async () => {
        if (emulator) await stopEmulator(emulator);
        emulator = undefined;
        rmSync(dir, { recursive: true, force: true });
    });

    it("appends the name of every function answered, in order, a failed one included", async () => {
        const log = join(dir, "calls.log");
        emulator = await spawnEmulator(join(dir, "state"), join(dir, "hcn.sock"), [
            "--call-log",
            log,
        ]);
        const client = new HcnClient(join(dir, "hcn.sock"));
        await client.enumerate("Network", null);
        const missing = await client.call("HcnOpenNetwork", "00000000-0000-0000-0000-0000000000ab");
        expect(missing.hresult).to.not.equal(0);
        await client.enumerate("Endpoint", null);
        expect(readFileSync(log, "utf8")).to.equal(
            "HcnEnumerateNetworks\nHcnOpenNetwork\nHcnEnumerateEndpoints\n",
        );
    });
});
