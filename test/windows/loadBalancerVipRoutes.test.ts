/**
 * The l2bridge article's per-endpoint VIP route, made by the Windows driver's real scripts in
 * PowerShell 7 against the HCN emulator: each HnsLoadBalancer gives the container endpoints this
 * package made in its network an SDNRoute `<VIP>/32` NeedEncap, a container endpoint made later
 * gets the routes at its create, a delete removes only the routes no other load balancer needs, and
 * a route removed out of band is drift the next apply restores without recreating the load
 * balancer.
 */
import { expect } from "chai";
import type { ObjectKind, KindSpecs, HnsLoadBalancerSpec } from "../../provider/model/kinds";
import type { Observation } from "../../provider/drivers/hostDriver";
import {
    gatewayEndpoint,
    networkWithDnsAndNat,
    webContainer,
} from "../drivers/windows/articleScenarios";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    emulatedConnection,
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { scriptNameOf } from "../support/scriptCoverage";
import { addContainerNamespaces } from "../support/containerNamespaces";
import { WindowsDriver } from "../../provider/drivers/windows/windowsDriver";
import type { HostSession } from "../../provider/transport/types";

type Policy = { Type: string; Settings: Record<string, unknown> };

const containers = [
    { id: "A0000000-1111-4222-8333-444455556601", container: "web" },
    { id: "A0000000-1111-4222-8333-444455556602", container: "web2" },
    { id: "A0000000-1111-4222-8333-444455556603", container: "web3" },
    { id: "A0000000-1111-4222-8333-444455556604", container: "web4" },
    { id: "A0000000-1111-4222-8333-444455556605", container: "web5" },
];
const endpointOf = (container: string, ipAddress: string) => ({
    ...webContainer,
    name: `${container}-eth0`,
    container,
    ipAddress,
});
const web = endpointOf("web", "10.244.1.3");
const web2 = endpointOf("web2", "10.244.1.4");
const web3 = endpointOf("web3", "10.244.1.5");
const web4 = endpointOf("web4", "10.244.1.6");
const web5 = endpointOf("web5", "10.244.1.7");

const balancer = (name: string, frontendVip: string, extra: Partial<HnsLoadBalancerSpec> = {}) => ({
    name,
    network: networkWithDnsAndNat.name,
    frontendVip,
    protocol: "tcp" as const,
    frontendPort: 80,
    backends: ["10.244.1.3", "10.244.1.4"],
    ...extra,
});
const lbA = balancer("lb-a", "10.127.130.100");
const lbB = balancer("lb-b", "10.127.130.101");
const lbADns = balancer("lb-a-dns", "10.127.130.100", { protocol: "udp", frontendPort: 53 });
const lbC = balancer("lb-c", "10.127.130.102");

async function create<K extends ObjectKind>(
    h: EmulatedWindowsDriver,
    kind: K,
    spec: KindSpecs[K],
): Promise<Observation<K>> {
    const after = await h.driver.apply({ kind, action: "create", desired: spec, observed: null });
    expect(after, `${kind} after create`).to.not.equal(null);
    return after!;
}

async function remove<K extends ObjectKind>(
    h: EmulatedWindowsDriver,
    kind: K,
    spec: KindSpecs[K],
): Promise<void> {
    const observed = await h.driver.observe(kind, spec);
    expect(observed, `${kind} before delete`).to.not.equal(null);
    await h.driver.apply({ kind, action: "delete", desired: spec, observed });
}

/** The VIPs of the SDNRoute NeedEncap /32 policies of endpoint `name`, as HNS holds them. */
function encapRoutes(h: EmulatedWindowsDriver, name: string): string[] {
    const endpoint = h.hcn().endpoints.find((e) => e.Name === name);
    expect(endpoint, `endpoint ${name}`).to.not.equal(undefined);
    return ((endpoint!.Policies as Policy[] | undefined) ?? [])
        .filter((p) => p.Type === "SDNRoute" && p.Settings.NeedEncap === true)
        .map((p) => String(p.Settings.DestinationPrefix))
        .sort();
}

/** The host's own route and the routes of `vips`, in the order `encapRoutes` lists them. */
function expectedRoutes(management: string, ...vips: string[]): string[] {
    return [management, ...vips.map((vip) => `${vip}/32`)].sort();
}

describe("Windows driver in real PowerShell: load balancer VIP routes on the host's container endpoints", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver;
    let management: string;
    /** Work another shell does right after the driver's next observeEndpoint request. */
    let afterObserveEndpoint: (() => Promise<void>) | undefined;
    /** A second driver on the host, over its own shell (another provider process). */
    let other: WindowsDriver;

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver({
            wrapSession: (inner): HostSession => ({
                ...inner,
                invoke: async (script, params, options) => {
                    const result = await inner.invoke(script, params, options);
                    const work = afterObserveEndpoint;
                    if (work && scriptNameOf(script) === "observeEndpoint") {
                        afterObserveEndpoint = undefined;
                        await work();
                    }
                    return result;
                },
            }),
        });
        other = new WindowsDriver(h.newSession(), emulatedConnection);
        management = `${h.host.address}/32`;
        await addContainerNamespaces(h, containers);
        await create(h, "l2BridgeNetwork", networkWithDnsAndNat);
        await create(h, "gatewayEndpoint", gatewayEndpoint);
        await create(h, "containerEndpoint", web);
        await create(h, "containerEndpoint", web2);
        const network = h.hcn().networks.find((n) => n.Name === networkWithDnsAndNat.name)!;
        const handle = await h.client.open("Network", String(network.ID));
        const foreign = await h.client.createEndpoint(handle.handle!, {
            Name: "docker-made",
            IpConfigurations: [{ IpAddress: "10.244.1.50", PrefixLength: 24 }],
            SchemaVersion: { Major: 2, Minor: 0 },
        });
        expect(foreign.hresult, String(foreign.errorRecord)).to.equal(0);
    });
    after(async () => h?.stop());

    it("the management address's route is the container endpoints' own before any load balancer", () => {
        expect(management).to.match(/^10\.200\.\d+\.\d+\/32$/);
        expect(encapRoutes(h, "web-eth0")).to.deep.equal(expectedRoutes(management));
    });

    it("creating a load balancer adds its VIP route to each own container endpoint of the network, not to the gateway endpoint nor to an endpoint another tool made", async () => {
        const created = await create(h, "hnsLoadBalancer", lbA);
        expect(created.state).to.deep.equal(lbA);
        for (const name of ["web-eth0", "web2-eth0"]) {
            expect(encapRoutes(h, name), name).to.deep.equal(
                expectedRoutes(management, "10.127.130.100"),
            );
        }
        expect(encapRoutes(h, "docker-made")).to.deep.equal([]);
        expect(encapRoutes(h, gatewayEndpoint.name!)).to.deep.equal([]);
    });

    it("a second load balancer with another VIP adds its own route and keeps the first", async () => {
        await create(h, "hnsLoadBalancer", lbB);
        for (const name of ["web-eth0", "web2-eth0"]) {
            expect(encapRoutes(h, name), name).to.deep.equal(
                expectedRoutes(management, "10.127.130.100", "10.127.130.101"),
            );
        }
    });

    it("a container endpoint created after the load balancers has their routes from its create", async () => {
        const before = h.hcnCalls.length;
        await create(h, "containerEndpoint", web3);
        expect(encapRoutes(h, "web3-eth0")).to.deep.equal(
            expectedRoutes(management, "10.127.130.100", "10.127.130.101"),
        );
        expect(
            h.hcnCalls.slice(before).filter((call) => call === "HcnModifyEndpoint"),
            "no policy change after the create",
        ).to.deep.equal([]);
        expect((await h.driver.observe("containerEndpoint", web3))!.state).to.deep.equal(web3);
    });

    it("a VIP route removed out of band reads as vipRoutes false, and the update restores it without recreating the load balancer", async () => {
        const id = (await h.driver.observe("hnsLoadBalancer", lbA))!.id;
        h.editHcn((state) => {
            const endpoint = state.endpoints.find((e) => e.Name === "web2-eth0")!;
            endpoint.Policies = (endpoint.Policies as Policy[]).filter(
                (p) => p.Settings.DestinationPrefix !== "10.127.130.100/32",
            );
        });
        const drifted = await h.driver.observe("hnsLoadBalancer", lbA);
        expect(drifted!.state).to.deep.equal({ ...lbA, vipRoutes: false });
        expect(
            (await h.driver.observe("hnsLoadBalancer", lbB))!.state,
            "the other VIP's load balancer is in place",
        ).to.deep.equal(lbB);
        const restored = await h.driver.apply({
            kind: "hnsLoadBalancer",
            action: "update",
            desired: lbA,
            observed: drifted,
        });
        expect(restored!.state).to.deep.equal(lbA);
        expect(restored!.id).to.equal(id);
        expect(encapRoutes(h, "web2-eth0")).to.include("10.127.130.100/32");
    });

    it("deleting a load balancer removes its VIP's routes and only those", async () => {
        await remove(h, "hnsLoadBalancer", lbB);
        for (const name of ["web-eth0", "web2-eth0", "web3-eth0"]) {
            expect(encapRoutes(h, name), name).to.deep.equal(
                expectedRoutes(management, "10.127.130.100"),
            );
        }
    });

    it("a VIP route stays while another load balancer with the same VIP needs it, and goes with the last", async () => {
        await create(h, "hnsLoadBalancer", lbADns);
        await remove(h, "hnsLoadBalancer", lbA);
        expect(encapRoutes(h, "web-eth0")).to.deep.equal(
            expectedRoutes(management, "10.127.130.100"),
        );
        expect((await h.driver.observe("hnsLoadBalancer", lbADns))!.state).to.deep.equal(lbADns);
        await remove(h, "hnsLoadBalancer", lbADns);
        for (const name of ["web-eth0", "web2-eth0", "web3-eth0"]) {
            expect(encapRoutes(h, name), name).to.deep.equal(expectedRoutes(management));
        }
    });

    it("a load balancer made between a container endpoint's first observation and its create: the endpoint adds the route after its create", async () => {
        afterObserveEndpoint = async () => {
            await other.apply({
                kind: "hnsLoadBalancer",
                action: "create",
                desired: lbC,
                observed: null,
            });
        };
        await create(h, "containerEndpoint", web4);
        expect(afterObserveEndpoint, "the other shell's create ran").to.equal(undefined);
        expect(encapRoutes(h, "web4-eth0")).to.deep.equal(
            expectedRoutes(management, "10.127.130.102"),
        );
    });

    it("a load balancer deleted between a container endpoint's first observation and its create: the endpoint drops the route it was created with", async () => {
        afterObserveEndpoint = async () => {
            const observed = await other.observe("hnsLoadBalancer", lbC);
            await other.apply({
                kind: "hnsLoadBalancer",
                action: "delete",
                desired: lbC,
                observed,
            });
        };
        await create(h, "containerEndpoint", web5);
        expect(afterObserveEndpoint, "the other shell's delete ran").to.equal(undefined);
        for (const name of ["web4-eth0", "web5-eth0"]) {
            expect(encapRoutes(h, name), name).to.deep.equal(expectedRoutes(management));
        }
    });

    it("vipRoutes false removes the routes in place, and true adds them back, the load balancer kept", async () => {
        const on = await create(h, "hnsLoadBalancer", lbA);
        const off = { ...lbA, vipRoutes: false };
        const seen = await h.driver.observe("hnsLoadBalancer", off);
        expect(seen!.state).to.deep.equal({ ...off, vipRoutes: true });
        const turnedOff = await h.driver.apply({
            kind: "hnsLoadBalancer",
            action: "update",
            desired: off,
            observed: seen,
        });
        expect(turnedOff!.state).to.deep.equal(off);
        expect(turnedOff!.id).to.equal(on.id);
        expect(encapRoutes(h, "web-eth0")).to.deep.equal(expectedRoutes(management));
        const back = { ...lbA, vipRoutes: true };
        const turnedOn = await h.driver.apply({
            kind: "hnsLoadBalancer",
            action: "update",
            desired: back,
            observed: await h.driver.observe("hnsLoadBalancer", back),
        });
        expect(turnedOn!.state).to.deep.equal(back);
        expect(encapRoutes(h, "web-eth0")).to.deep.equal(
            expectedRoutes(management, "10.127.130.100"),
        );
        expect(h.records().find((r) => r.name === "lb-a")!.data).to.equal('{"vipRoutes":true}');
    });
});
