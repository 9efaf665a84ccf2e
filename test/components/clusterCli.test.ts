import { expect } from "chai";
import * as path from "path";
import { linkPackageForNodePath } from "../engine/support/packageLink";
import { findPulumiCli, PulumiWorkspace } from "../cli/support/pulumiCli";

const cli = findPulumiCli();
const privateKey =
    "-----BEGIN OPENSSH PRIVATE KEY-----\ncluster-cli-fixture-key\n-----END OPENSSH PRIVATE KEY-----";

describe("pulumi CLI: preview of an L2BridgeCluster of Linux hosts", function () {
    this.timeout(300000);
    let workspace: PulumiWorkspace | undefined;
    let link: { directory: string; dispose(): void } | undefined;

    before(async function () {
        if (!cli.binDirectory) {
            console.log(`    cluster CLI test did not run: ${cli.reason}`);
            this.skip();
        }
        link = linkPackageForNodePath("l2bridge-cluster-cli-link-");
        workspace = await PulumiWorkspace.create({
            programDirectory: path.join(__dirname, "programs", "clusterPreview"),
            binDirectory: cli.binDirectory!,
            scratchPrefix: "l2bridge-cluster-cli-",
            environment: { NODE_PATH: link.directory },
        });
        await workspace.setConfig("privateKey", privateKey, true);
    });

    after(async () => {
        await workspace?.dispose();
        link?.dispose();
    });

    it("plans the component and, per host, a network, a gateway and a route set, all under the component", async () => {
        await workspace!.setConfig("hostCount", "3");
        await workspace!.setConfig("overlap", "false");
        const steps = await workspace!.preview();
        expect(steps.map((step) => `${step.op} ${step.type} ${step.name}`).sort()).to.deep.equal(
            [
                "create l2bridge:index:L2BridgeCluster cl",
                ...["h1", "h2", "h3"].flatMap((host) => [
                    `create pulumi-nodejs:dynamic/l2bridge:L2BridgeNetwork cl-${host}-network`,
                    `create pulumi-nodejs:dynamic/l2bridge:GatewayEndpoint cl-${host}-gateway`,
                    `create pulumi-nodejs:dynamic/l2bridge:ContainerRoute cl-${host}-routes`,
                ]),
            ].sort(),
        );
        for (const step of steps.filter((step) => step.name !== "cl")) {
            expect(step.urn, step.name).to.include(
                "::l2bridge:index:L2BridgeCluster$pulumi-nodejs:dynamic/l2bridge:",
            );
        }
    });

    it("fails the preview on overlapping container subnets, naming both hosts and subnets", async () => {
        await workspace!.setConfig("hostCount", "2");
        await workspace!.setConfig("overlap", "true");
        const result = await workspace!.run(["preview"]);
        const output = `${result.stdout}\n${result.stderr}`;
        expect(result.code).to.not.equal(0);
        expect(output).to.include('L2BridgeCluster "cl" has 1 invalid input:');
        expect(output).to.include(
            'hosts[1] (h2): containerSubnet "10.210.0.0/16" overlaps hosts[0] (h1) containerSubnet "10.210.1.0/24"',
        );
        expect(output).to.not.include("cluster-cli-fixture-key");
    });
});
