import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { linkPackageForNodePath } from "../engine/support/packageLink";
import { findPulumiCli, PulumiWorkspace } from "../cli/support/pulumiCli";

const cli = findPulumiCli();
const exampleDirectory = path.resolve(__dirname, "../../examples/existing-hosts");
/** The stack's settings file the CLI writes next to the example; removed even after a crash. */
const stackSettings = path.join(exampleDirectory, "Pulumi.examplescheck.yaml");
const sshKey =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nexamples-cli-fixture-key\n-----END OPENSSH PRIVATE KEY-----";
const winrmPassword = "examples-cli-Passw0rd";

/** Three existing hosts: Windows over SSH, Windows over WinRM, Linux over SSH. */
const hosts = [
    {
        name: "win1",
        address: "198.51.100.211",
        user: "Administrator",
        os: "windows",
        transport: "ssh",
        containerSubnet: "10.244.1.0/24",
    },
    {
        name: "win2",
        address: "198.51.100.212",
        user: "Administrator",
        os: "windows",
        transport: "winrm",
        containerSubnet: "10.244.2.0/24",
    },
    {
        name: "linux1",
        address: "198.51.100.221",
        user: "root",
        os: "linux",
        transport: "ssh",
        containerSubnet: "10.244.3.0/24",
    },
];

describe("pulumi CLI: preview of the existing-hosts example", function () {
    this.timeout(300000);
    let workspace: PulumiWorkspace | undefined;
    let link: { directory: string; dispose(): void } | undefined;

    before(async function () {
        if (!cli.binDirectory) {
            console.log(`    examples CLI test did not run: ${cli.reason}`);
            this.skip();
        }
        fs.rmSync(stackSettings, { force: true });
        link = linkPackageForNodePath("l2bridge-examples-cli-link-");
        workspace = await PulumiWorkspace.create({
            programDirectory: exampleDirectory,
            binDirectory: cli.binDirectory!,
            scratchPrefix: "l2bridge-examples-cli-",
            stack: "examplescheck",
            // Pulumi's own Node.js host treats a program as TypeScript unless told otherwise; say
            // so explicitly, since the example's Pulumi.yaml relies on that default.
            environment: { NODE_PATH: link.directory, PULUMI_NODEJS_TYPESCRIPT: "true" },
        });
        const pathValues = hosts.flatMap((host, index) =>
            Object.entries(host).flatMap(([key, value]) => [
                "--plaintext",
                `hosts[${index}].${key}=${value}`,
            ]),
        );
        await workspace.mustRun([
            "config",
            "set-all",
            "--path",
            ...pathValues,
            "--plaintext",
            "hostSubnet=198.51.100.0/24",
        ]);
        await workspace.setConfig("sshPrivateKey", sshKey, true);
        await workspace.setConfig("winrmPassword", winrmPassword, true);
    });

    after(async () => {
        await workspace?.dispose();
        link?.dispose();
        fs.rmSync(stackSettings, { force: true });
    });

    it("plans the cluster and, per host, a network, a gateway and a route set", async () => {
        const steps = await workspace!.preview();
        expect(steps.map((step) => `${step.op} ${step.name}`).sort()).to.deep.equal(
            [
                "create l2bridge",
                ...hosts.flatMap((host) => [
                    `create l2bridge-${host.name}-network`,
                    `create l2bridge-${host.name}-gateway`,
                    `create l2bridge-${host.name}-routes`,
                ]),
            ].sort(),
        );
    });

    it("shows neither the SSH key nor the WinRM password in the preview", async () => {
        const result = await workspace!.mustRun(["preview", "--diff", "--show-config"]);
        const output = `${result.stdout}\n${result.stderr}`;
        expect(output).to.not.include("examples-cli-fixture-key");
        expect(output).to.not.include(winrmPassword);
    });
});
