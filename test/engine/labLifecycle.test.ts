import { expect } from "chai";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { labUnavailableReason } from "../../lab/preflight";
import { teardownLab } from "../../lab/teardown";
import type { TopologyObject } from "../../lab/topology";
import { labTopology } from "../../lab/topology";
import type { ObjectKind } from "../../provider/model/kinds";
import * as trampolines from "../../provider/resources/trampolines";
import type { PropertyBag } from "./support/dynamicProviderHost";
import { DynamicProviderHost, dynamicUrn } from "./support/dynamicProviderHost";
import { linkPackageForNodePath } from "./support/packageLink";
import { serializeProvider } from "./support/serializedProvider";
import type { WireValue } from "./support/wireValues";
import { annotateSecrets, exposedPlaintextPaths, secretOf } from "./support/wireValues";

const repoRoot = path.resolve(__dirname, "../..");
const prefix = "lbe-";

/** Resource class and trampoline of each object kind. */
const kinds: Record<ObjectKind, { className: string; provider: pulumi.dynamic.ResourceProvider }> =
    {
        l2BridgeNetwork: {
            className: "L2BridgeNetwork",
            provider: trampolines.l2BridgeNetworkTrampoline,
        },
        gatewayEndpoint: {
            className: "GatewayEndpoint",
            provider: trampolines.gatewayEndpointTrampoline,
        },
        containerEndpoint: {
            className: "ContainerEndpoint",
            provider: trampolines.containerEndpointTrampoline,
        },
        containerRoute: {
            className: "ContainerRoute",
            provider: trampolines.containerRouteTrampoline,
        },
        hnsLoadBalancer: {
            className: "HnsLoadBalancer",
            provider: trampolines.hnsLoadBalancerTrampoline,
        },
        endpointAcl: { className: "EndpointAcl", provider: trampolines.endpointAclTrampoline },
        portPublish: { className: "PortPublish", provider: trampolines.portPublishTrampoline },
        runtimeNetworkConfig: {
            className: "RuntimeNetworkConfig",
            provider: trampolines.runtimeNetworkConfigTrampoline,
        },
    };

/** One object of the lab topology with what the engine keeps in state for it. */
interface Deployed {
    urn: string;
    kind: ObjectKind;
    hostIndex: number;
    inputs: PropertyBag;
    id: string;
    state: PropertyBag;
}

describe("every resource kind on a namespace lab through fresh dynamic-provider hosts", function () {
    this.timeout(300000);
    let lab: Lab | undefined;
    let link: ReturnType<typeof linkPackageForNodePath> | undefined;
    const hosts: DynamicProviderHost[] = [];
    const deployed: Deployed[] = [];
    const providerTexts = new Map<ObjectKind, string>();
    const startHost = async (): Promise<DynamicProviderHost> => {
        const host = await DynamicProviderHost.start({
            cwd: repoRoot,
            nodePath: [link!.directory],
        });
        hosts.push(host);
        return host;
    };
    const privateKey = (): string => lab!.connectionOf(1).privateKey!;

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`      engine lab suite did not run: ${reason}`);
            this.skip();
        }
        link = linkPackageForNodePath("lbe-engine-link-");
        for (const [kind, entry] of Object.entries(kinds) as [
            ObjectKind,
            (typeof kinds)[ObjectKind],
        ][]) {
            providerTexts.set(kind, (await serializeProvider(entry.provider)).text);
        }
        lab = await createLab({ prefix, underlay: "10.220.100.0/24", hosts: 2 });
    });
    after(async () => {
        for (const host of hosts) await host.stop();
        link?.dispose();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    it("creates every object of a two-host topology (all seven kinds) through one host process", async () => {
        const topology = labTopology(lab!.plan, {
            containerSupernet: "10.220.0.0/16",
            overlay: "10.220.200.0/24",
            dnsSuffix: "lbe.test",
        });
        const host = await startHost();
        for (const hostTopology of topology.hosts) {
            const index = hostTopology.host.index;
            const connection = lab!.connectionOf(index) as unknown as Record<string, WireValue>;
            for (const [position, object] of hostTopology.objects.entries()) {
                const entry = kinds[(object as TopologyObject).kind];
                const urn = dynamicUrn(entry.className, `h${index}-${position}`);
                const news: PropertyBag = {
                    ...(JSON.parse(JSON.stringify(object.spec)) as PropertyBag),
                    connection: { ...connection, privateKey: secretOf(privateKey()) },
                    __provider: providerTexts.get(object.kind)!,
                };
                const checked = await host.check(urn, {}, news);
                expect(checked.failures, `${urn} check`).to.deep.equal([]);
                const created = await host.create(urn, checked.inputs);
                const state = annotateSecrets(created.outs, news) as PropertyBag;
                expect(
                    exposedPlaintextPaths(state, [privateKey()]),
                    `${urn} outputs`,
                ).to.deep.equal([]);
                deployed.push({
                    urn,
                    kind: object.kind,
                    hostIndex: index,
                    inputs: news,
                    id: created.id,
                    state,
                });
            }
        }
        expect(new Set(deployed.map((entry) => entry.kind)).size).to.equal(7);
    });

    it("a fresh host process reads every object back with the __provider stored in state", async () => {
        expect(deployed).to.have.length.greaterThan(0);
        await hosts[hosts.length - 1].stop();
        const fresh = await startHost();
        for (const entry of deployed) {
            const read = await fresh.read(entry.urn, entry.id, entry.state, entry.inputs);
            expect(read.id, `${entry.urn} read`).to.equal(entry.id);
        }
    });

    it("another fresh process deletes everything in reverse order; a read then finds nothing", async () => {
        expect(deployed).to.have.length.greaterThan(0);
        await hosts[hosts.length - 1].stop();
        const fresh = await startHost();
        for (const entry of [...deployed].reverse()) {
            await fresh.delete(entry.urn, entry.id, entry.state);
        }
        for (const entry of deployed) {
            const read = await fresh.read(entry.urn, entry.id, entry.state, entry.inputs);
            expect(read.id, `${entry.urn} after delete`).to.equal("");
        }
    });
});
