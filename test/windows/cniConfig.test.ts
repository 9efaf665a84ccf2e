/**
 * RuntimeNetworkConfig on an emulated Windows host: the host module's file primitives run in real
 * PowerShell 7 (as the driver sends them), writing the sdnbridge configuration composed in
 * TypeScript; drift in the file shows in observe and the update restores it; a file this package
 * did not write is never overwritten; delete removes only what it observed. (On the emulated host
 * a drive path is a file name in the host's directory, which the test finds by name.)
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import { cniDocumentText } from "../../provider/drivers/cni/configFile";
import { windowsBridgeConfig } from "../../provider/drivers/cni/windowsBridgeConfig";
import type { RuntimeNetworkConfigSpec } from "../../provider/model/kinds";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";

const spec: RuntimeNetworkConfigSpec = {
    network: "cbr0",
    subnet: "10.244.3.0/24",
    runtime: "containerd",
    configDirectory: "C:\\cni",
    priority: 10,
    gateway: "10.244.3.2",
    encapRoutes: ["10.0.0.4/32", "10.96.0.0/12"],
    dns: { servers: ["10.0.0.10"], suffix: "corp.example", search: [] },
    outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "10.0.0.0/24"] },
    cniVersion: "1.0.0",
};
const fileName = "C:\\cni\\10-cbr0.conf";

describe("RuntimeNetworkConfig on an emulated Windows host (real PowerShell)", function () {
    this.timeout(120000);
    let h: EmulatedWindowsDriver;

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver();
        // Relative .NET paths resolve in the host's own directory, not the shell's login directory.
        await h.session.invoke(
            `[System.IO.Directory]::SetCurrentDirectory('${h.host.hostDir}')`,
            {},
        );
    });
    after(async () => {
        await h?.stop();
    });

    /** The file's path on the emulated host's disk, or "" when there is none. */
    const fileOnDisk = (): string =>
        execFileSync("find", [
            h.host.hostDir,
            "-name",
            fileName.replace(/\\/g, "\\\\"),
            "-type",
            "f",
        ])
            .toString()
            .trim();
    const observe = () => h.driver.observe("runtimeNetworkConfig", spec);
    const write = async (action: "create" | "update") =>
        h.driver.apply({
            kind: "runtimeNetworkConfig",
            action,
            desired: spec,
            observed: await observe(),
        });

    it("create writes the composed document byte for byte and observes it as its own", async () => {
        expect(await observe()).to.equal(null);
        const created = await write("create");
        expect(readFileSync(fileOnDisk(), "utf8")).to.equal(
            cniDocumentText(windowsBridgeConfig(spec)),
        );
        expect(created).to.deep.include({ id: fileName, owned: true, state: spec });
    });

    it("an encapsulated route removed out of band shows in observe, and the update restores it", async () => {
        const edited = JSON.parse(readFileSync(fileOnDisk(), "utf8"));
        edited.AdditionalArgs.pop();
        writeFileSync(fileOnDisk(), JSON.stringify(edited));
        expect((await observe())!.state.encapRoutes).to.deep.equal(["10.0.0.4/32"]);
        const restored = await write("update");
        expect(restored!.state).to.deep.equal(spec);
        expect(readFileSync(fileOnDisk(), "utf8")).to.equal(
            cniDocumentText(windowsBridgeConfig(spec)),
        );
    });

    it("a file that changed after it was observed is left as it is", async () => {
        const observed = await observe();
        writeFileSync(fileOnDisk(), "{}\n");
        const failure = await h.driver
            .apply({ kind: "runtimeNetworkConfig", action: "update", desired: spec, observed })
            .then(
                () => "",
                (error: Error) => error.message,
            );
        expect(failure).to.include(
            `${fileName} changed since it was read and may not be ours: it was left as it is`,
        );
        expect(readFileSync(fileOnDisk(), "utf8")).to.equal("{}\n");
        expect((await observe())!.owned).to.equal(false);
    });

    it("delete removes the file it observed, and deleting what is gone succeeds", async () => {
        await h.driver.apply({
            kind: "runtimeNetworkConfig",
            action: "update",
            desired: spec,
            observed: await observe(),
        });
        await h.driver.apply({
            kind: "runtimeNetworkConfig",
            action: "delete",
            desired: spec,
            observed: await observe(),
        });
        expect(fileOnDisk()).to.equal("");
        await h.driver.apply({
            kind: "runtimeNetworkConfig",
            action: "delete",
            desired: spec,
            observed: null,
        });
    });
});
