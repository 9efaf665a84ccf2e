/**
 * RuntimeNetworkConfig on a Linux host, with the real scripts run by sh inside a throwaway network
 * namespace (a real bridge for the network) and the file written to a scratch directory: the file
 * as written, drift (deleted, edited) seen by read and restored by up, files this package did not
 * write refused and left alone, a file that changed between observe and write never overwritten,
 * and the network's subnet checked before the write.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import {
    existsSync,
    lstatSync,
    mkdirSync,
    readFileSync,
    rmSync,
    statSync,
    symlinkSync,
    writeFileSync,
} from "fs";
import { LinuxDriver } from "../../../provider/drivers/linux/linuxDriver";
import { cniDocumentText } from "../../../provider/drivers/cni/configFile";
import { linuxBridgeConfig } from "../../../provider/drivers/cni/linuxBridgeConfig";
import { setDriverFactory } from "../../../provider/drivers/registry";
import { provider } from "../../../provider/resources/runtimeNetworkConfig";
import type { RuntimeNetworkConfigSpec } from "../../../provider/model/kinds";
import { teardownLab } from "../../../lab/teardown";
import { converge } from "../../../lab/converge";
import type { HostConnection } from "../../../sdk/hostConnection";
import { NetnsSession } from "../../support/netnsSession";
import { linuxConnection } from "../../provider/samples";

const prefix = "l2c-";
const namespace = `${prefix}cniunit`;
const directory = `/tmp/${prefix}lab/cni-unit`;
const path = `${directory}/10-${prefix}br0.conflist`;
const subnet = "10.200.148.0/25";
const connection: HostConnection = { ...linuxConnection, host: "10.200.147.99" };

type Bag = Record<string, unknown>;

describe("RuntimeNetworkConfig on a Linux host (real scripts in a namespace)", function () {
    this.timeout(60000);
    let driver: LinuxDriver;
    let restore: (() => void) | undefined;
    let inputs: Bag;

    before(async function () {
        if (process.getuid?.() !== 0) {
            console.log("    RuntimeNetworkConfig script checks did not run: they need root");
            this.skip();
        }
        await teardownLab(prefix);
        execFileSync("ip", ["netns", "add", namespace]);
        driver = new LinuxDriver(new NetnsSession(namespace), connection);
        restore = setDriverFactory(() => driver);
        await converge(driver, "l2BridgeNetwork", {
            name: `${prefix}br0`,
            mode: "l2bridge",
            subnet,
            outboundNat: { enabled: false, exceptions: [] },
            serveNames: false,
        });
        const checked = await provider.check(
            {},
            {
                connection,
                network: `${prefix}br0`,
                subnet,
                configDirectory: directory,
                dns: { servers: ["10.200.148.2"] },
            },
        );
        expect(checked.failures).to.deep.equal([]);
        inputs = checked.inputs as Bag;
    });

    after(async () => {
        restore?.();
        await teardownLab(prefix);
    });

    beforeEach(() => {
        rmSync(directory, { recursive: true, force: true });
    });

    const expectedText = () =>
        cniDocumentText(linuxBridgeConfig(inputs as unknown as RuntimeNetworkConfigSpec));

    it("create writes the document composed in TypeScript, byte for byte, readable by every user", async () => {
        const { id, outs } = await provider.create(inputs);
        expect(id).to.equal(path);
        expect(outs.configPath).to.equal(path);
        expect(readFileSync(path, "utf8")).to.equal(expectedText());
        expect(statSync(path).mode & 0o777).to.equal(0o644);
        expect(existsSync(`${path}.l2b-new`)).to.equal(false);
    });

    it("read of the file as written reports the inputs unchanged", async () => {
        const { outs } = await provider.create(inputs);
        const read = await provider.read(path, outs);
        expect(read.inputs).to.deep.equal(
            Object.fromEntries(
                Object.entries(outs).filter(
                    ([key]) => key !== "configPath" && key !== "hostKeyFingerprint",
                ),
            ),
        );
    });

    it("a file deleted out of band reads as gone, and up writes it again", async () => {
        const { outs } = await provider.create(inputs);
        rmSync(path);
        expect((await provider.read(path, outs)).id).to.equal(undefined);
        await provider.create(inputs);
        expect(readFileSync(path, "utf8")).to.equal(expectedText());
    });

    it("a range edited out of band shows on read, and up restores the file", async () => {
        const { outs } = await provider.create(inputs);
        const edited = JSON.parse(readFileSync(path, "utf8"));
        edited.plugins[0].ipam.ranges[0][0].rangeStart = "10.200.148.50";
        writeFileSync(path, JSON.stringify(edited));
        const read = await provider.read(path, outs);
        expect(read.inputs).to.include({ rangeStart: "10.200.148.50" });
        await provider.update(path, read.props ?? {}, inputs);
        expect(readFileSync(path, "utf8")).to.equal(expectedText());
    });

    it("a file this package did not write is refused with its path and left as it was", async () => {
        mkdirSync(directory, { recursive: true });
        writeFileSync(path, '{"cniVersion":"1.0.0","name":"theirs","plugins":[]}\n');
        const error = await provider.create(inputs).then(
            () => undefined,
            (failure: Error) => failure,
        );
        expect(error?.message).to.equal(
            `RuntimeNetworkConfig: the CNI configuration of network ${prefix}br0 (priority 10 in ${directory}) already exists on host ${connection.host} but was not created by pulumi-l2bridge (no ownership marker); set adopt: true to take it over, or choose another name`,
        );
        expect(readFileSync(path, "utf8")).to.equal(
            '{"cniVersion":"1.0.0","name":"theirs","plugins":[]}\n',
        );
        await provider.delete(path, inputs);
        expect(existsSync(path)).to.equal(true);
    });

    it("with adopt, a file this package did not write is taken over and removed on delete", async () => {
        mkdirSync(directory, { recursive: true });
        writeFileSync(path, "{}\n");
        const { outs } = await provider.create({ ...inputs, adopt: true });
        expect(readFileSync(path, "utf8")).to.equal(expectedText());
        await provider.delete(path, outs);
        expect(existsSync(path)).to.equal(false);
    });

    it("a file that appears between observe and write is never overwritten", async () => {
        mkdirSync(directory, { recursive: true });
        writeFileSync(path, "theirs\n");
        const spec = inputs as unknown as RuntimeNetworkConfigSpec;
        const error = await driver
            .apply({
                kind: "runtimeNetworkConfig",
                action: "create",
                desired: spec,
                observed: null,
            })
            .then(
                () => undefined,
                (failure: Error) => failure,
            );
        expect(error?.message).to.include(
            `${path} changed since it was read and may not be ours: it was left as it is`,
        );
        expect(readFileSync(path, "utf8")).to.equal("theirs\n");
    });

    it("a symbolic link at the path is refused and left in place", async () => {
        mkdirSync(directory, { recursive: true });
        writeFileSync(`${directory}/target`, "target\n");
        symlinkSync(`${directory}/target`, path);
        const error = await provider.create({ ...inputs, adopt: true }).then(
            () => undefined,
            (failure: Error) => failure,
        );
        expect(error?.message).to.include(
            `${path} is not a regular file (a symbolic link or a directory): it was left as it is`,
        );
        expect(lstatSync(path).isSymbolicLink()).to.equal(true);
        expect(readFileSync(`${directory}/target`, "utf8")).to.equal("target\n");
    });

    it("delete removes the file it wrote, and deleting again succeeds", async () => {
        const { outs } = await provider.create(inputs);
        await provider.delete(path, outs);
        expect(existsSync(path)).to.equal(false);
        await provider.delete(path, outs);
    });

    it("a subnet that is not the network's is refused before anything is written", async () => {
        const error = await provider
            .create({
                ...inputs,
                subnet: "10.200.148.128/25",
                gateway: "10.200.148.130",
                rangeStart: "10.200.148.131",
                rangeEnd: "10.200.148.254",
            })
            .then(
                () => undefined,
                (failure: Error) => failure,
            );
        expect(error?.message).to.equal(
            `RuntimeNetworkConfig: subnet: 10.200.148.128/25 is not the subnet of L2BridgeNetwork ${prefix}br0 on the host (${subnet}); use ${subnet}`,
        );
        expect(existsSync(path)).to.equal(false);
    });

    it("a network that does not exist is named in the refusal", async () => {
        const error = await provider.create({ ...inputs, network: `${prefix}none` }).then(
            () => undefined,
            (failure: Error) => failure,
        );
        expect(error?.message).to.equal(
            `RuntimeNetworkConfig: the CNI configuration of network ${prefix}none (priority 10 in ${directory}) needs L2BridgeNetwork ${prefix}none, which does not exist on host ${connection.host}; create it first (pass it in dependsOn) or fix the name`,
        );
    });
});
