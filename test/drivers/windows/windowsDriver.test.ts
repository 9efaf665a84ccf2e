import { expect } from "chai";
import { ObjectKind, KindSpecs } from "../../../provider/model/kinds";
import { Observation } from "../../../provider/drivers/hostDriver";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    multiNicBack,
    multiNicFront,
    networkOnVlan,
    networkWithDnsAndNat,
    publish8080,
    routesToPeers,
    webContainer,
} from "./articleScenarios";
import { addScenarioNamespaces, harness, Harness } from "./driverHarness";

async function create<K extends ObjectKind>(
    h: Harness,
    kind: K,
    spec: KindSpecs[K],
): Promise<Observation<K>> {
    const before = await h.driver.observe(kind, spec);
    expect(before, `${kind} exists before create`).to.equal(null);
    const after = await h.driver.apply({ kind, action: "create", desired: spec, observed: null });
    expect(after, `${kind} after create`).to.not.equal(null);
    return after!;
}

/** A host with the article's whole topology created through the driver. */
async function topology(): Promise<Harness> {
    const h = harness();
    addScenarioNamespaces(h.host);
    await create(h, "network", networkWithDnsAndNat);
    h.host.physicalAdapters.push({ name: "Ethernet 2", status: "Up" });
    await create(h, "network", networkOnVlan);
    await create(h, "gatewayEndpoint", gatewayEndpoint);
    await create(h, "containerEndpoint", webContainer);
    await create(h, "containerEndpoint", {
        ...webContainer,
        name: "web2-eth0",
        container: "web2",
        ipAddress: "10.244.1.4",
    });
    await create(h, "containerEndpoint", multiNicFront);
    await create(h, "containerEndpoint", multiNicBack);
    await create(h, "portPublish", publish8080);
    await create(h, "endpointAcl", aclAllow80FromOne);
    await create(h, "loadBalancer", loadBalancer8090);
    await create(h, "routeSet", routesToPeers);
    return h;
}

const everyKind: { kind: ObjectKind; spec: KindSpecs[ObjectKind] }[] = [
    { kind: "network", spec: networkWithDnsAndNat },
    { kind: "network", spec: networkOnVlan },
    { kind: "gatewayEndpoint", spec: gatewayEndpoint },
    { kind: "containerEndpoint", spec: webContainer },
    { kind: "containerEndpoint", spec: multiNicFront },
    { kind: "containerEndpoint", spec: multiNicBack },
    { kind: "portPublish", spec: publish8080 },
    { kind: "endpointAcl", spec: aclAllow80FromOne },
    { kind: "loadBalancer", spec: loadBalancer8090 },
    { kind: "routeSet", spec: routesToPeers },
];

describe("Windows driver against the host double: create then read shows no drift", () => {
    let h: Harness;
    before(async () => {
        h = await topology();
    });
    for (const { kind, spec } of everyKind) {
        it(`${kind} ${JSON.stringify(spec).slice(0, 60)}: observed state equals the spec and is owned`, async () => {
            const observed = await h.driver.observe(kind, spec);
            expect(observed).to.not.equal(null);
            expect(observed!.state).to.deep.equal(spec);
            expect(observed!.owned).to.equal(true);
        });
    }
    it("each first network on a NIC ran detached; another network on a bridged NIC runs inline", async () => {
        expect(h.session.names().filter((n) => n === "startNetworkCreate")).to.have.length(2);
        expect(h.session.names()).to.not.include("createNetwork");
        const third = {
            ...networkWithDnsAndNat,
            name: "third",
            subnet: "10.244.8.0/24",
            gateway: "10.244.8.1",
        };
        await create(h, "network", third);
        expect(h.session.names().filter((n) => n === "createNetwork")).to.have.length(1);
        expect(h.host.networkCreates).to.equal(3);
    });
    it("the multi-NIC container has both endpoints in its one namespace, only the front one routes by default", () => {
        const ns = h.host.namespaces.find((n) => n.ID === "8C1D4F2A-6B3E-4C5D-9E7F-0A1B2C3D4E5F")!;
        expect((ns.Resources as unknown[]).length).to.equal(2);
        const back = h.host.endpoints.find((e) => e.Name === "app-back")!;
        expect(back.Routes).to.deep.equal([]);
    });
    it("the gateway endpoint's interface forwards and holds the static neighbor for .1", () => {
        const vnic = h.host.interfaces.get("vEthernet (l2bridge_gw)")!;
        expect(vnic.forwarding).to.equal("Enabled");
        expect(vnic.neighbors).to.deep.equal([
            { ipAddress: "10.244.1.1", linkLayerAddress: "00-01-E8-8B-2E-4B", state: "Permanent" },
        ]);
        expect(h.host.interfaces.get("vEthernet (Ethernet)")!.forwarding).to.equal("Enabled");
    });
    it("persistent routes are in both the Active and the Persistent store", () => {
        expect(h.host.routes.filter((r) => r.store === "ActiveStore")).to.have.length(2);
        expect(h.host.routes.filter((r) => r.store === "PersistentStore")).to.have.length(2);
    });
});

describe("Windows driver: drift is read and update restores it", () => {
    const cases: {
        proves: string;
        kind: ObjectKind;
        spec: KindSpecs[ObjectKind];
        drift: (h: Harness) => void;
        shows: (state: Record<string, unknown>) => void;
    }[] = [
        {
            proves: "network DNS changed on the host shows and is set back in place",
            kind: "network",
            spec: networkWithDnsAndNat,
            drift: (h) => (h.host.networks[0].Dns = { ServerList: ["8.8.8.8"] }),
            shows: (s) =>
                expect((s.dns as { servers: string[] }).servers).to.deep.equal(["8.8.8.8"]),
        },
        {
            proves: "gateway forwarding turned off shows and is turned back on",
            kind: "gatewayEndpoint",
            spec: gatewayEndpoint,
            drift: (h) =>
                (h.host.interfaces.get("vEthernet (l2bridge_gw)")!.forwarding = "Disabled"),
            shows: (s) => expect(s.forwarding).to.equal(false),
        },
        {
            proves: "a lost static neighbor shows and is restored",
            kind: "gatewayEndpoint",
            spec: gatewayEndpoint,
            drift: (h) => (h.host.interfaces.get("vEthernet (l2bridge_gw)")!.neighbors = []),
            shows: (s) => expect(s.gatewayNeighborMac).to.equal(undefined),
        },
        {
            proves: "an endpoint's NAT exceptions edited on the host show and are restored",
            kind: "containerEndpoint",
            spec: webContainer,
            drift: (h) => {
                const web = h.host.endpoints.find((e) => e.Name === "web-eth0")!;
                web.Policies = (web.Policies as { Type: string }[]).map((p) =>
                    p.Type === "OutBoundNAT"
                        ? { Type: "OutBoundNAT", Settings: { Exceptions: ["10.0.0.0/8"] } }
                        : p,
                );
            },
            shows: (s) =>
                expect(s.outboundNat).to.deep.equal({ enabled: true, exceptions: ["10.0.0.0/8"] }),
        },
        {
            proves: "an ACL rule changed on the host shows and the whole ACL is reprogrammed",
            kind: "endpointAcl",
            spec: aclAllow80FromOne,
            drift: (h) => {
                const web = h.host.endpoints.find((e) => e.Name === "web-eth0")!;
                web.Policies = (
                    web.Policies as { Type: string; Settings: Record<string, unknown> }[]
                ).map((p) =>
                    p.Type === "ACL" && p.Settings.Id === "l2b:rule:web-from-client"
                        ? { Type: "ACL", Settings: { ...p.Settings, LocalPorts: "22" } }
                        : p,
                );
            },
            shows: (s) =>
                expect((s.rules as { localPorts: string[] }[])[0].localPorts).to.deep.equal(["22"]),
        },
        {
            proves: "a deleted route shows missing and is re-added",
            kind: "routeSet",
            spec: routesToPeers,
            drift: (h) =>
                (h.host.routes = h.host.routes.filter(
                    (r) => !(r.destinationPrefix === "10.244.3.0/24" && r.store === "ActiveStore"),
                )),
            shows: (s) => expect((s.routes as unknown[]).length).to.equal(1),
        },
        {
            proves: "a load balancer that lost a backend shows it and is recreated with both",
            kind: "loadBalancer",
            spec: loadBalancer8090,
            drift: (h) =>
                (h.host.loadBalancers[0].HostComputeEndpoints = (
                    h.host.loadBalancers[0].HostComputeEndpoints as string[]
                ).slice(0, 1)),
            shows: (s) => expect(s.backends).to.deep.equal(["10.244.1.3"]),
        },
    ];
    for (const c of cases) {
        it(c.proves, async () => {
            const h = await topology();
            c.drift(h);
            const drifted = await h.driver.observe(c.kind, c.spec);
            expect(drifted).to.not.equal(null);
            expect(drifted!.state).to.not.deep.equal(c.spec);
            c.shows(drifted!.state as unknown as Record<string, unknown>);
            const updated = await h.driver.apply({
                kind: c.kind,
                action: "update",
                desired: c.spec,
                observed: drifted,
            });
            expect(updated!.state).to.deep.equal(c.spec);
            expect((await h.driver.observe(c.kind, c.spec))!.state).to.deep.equal(c.spec);
        });
    }

    it("changing the network's NAT exceptions updates every endpoint that inherits them, not the ones with their own", async () => {
        const h = await topology();
        const spec = {
            ...networkWithDnsAndNat,
            outboundNat: { enabled: true, exceptions: ["10.244.0.0/16"] },
        };
        const observed = await h.driver.observe("network", spec);
        await h.driver.apply({ kind: "network", action: "update", desired: spec, observed });
        const web = h.host.endpoints.find((e) => e.Name === "web-eth0")!;
        const nat = (web.Policies as { Type: string; Settings: { Exceptions: string[] } }[]).find(
            (p) => p.Type === "OutBoundNAT",
        )!;
        expect(nat.Settings.Exceptions).to.deep.equal(["10.244.0.0/16"]);
        const back = h.host.endpoints.find((e) => e.Name === "app-back")!;
        expect(
            (back.Policies as { Type: string }[]).some((p) => p.Type === "OutBoundNAT"),
        ).to.equal(false);
        expect((await h.driver.observe("containerEndpoint", webContainer))!.state).to.deep.equal(
            webContainer,
        );
    });

    it("removing a route from the spec removes it from both stores", async () => {
        const h = await topology();
        const spec = { ...routesToPeers, routes: routesToPeers.routes.slice(0, 1) };
        const observed = await h.driver.observe("routeSet", spec);
        await h.driver.apply({ kind: "routeSet", action: "update", desired: spec, observed });
        expect(h.host.routes.map((r) => r.destinationPrefix)).to.deep.equal([
            "10.244.2.0/24",
            "10.244.2.0/24",
        ]);
    });
});

describe("Windows driver: delete removes only what it is asked to and is idempotent", () => {
    const order: { kind: ObjectKind; spec: KindSpecs[ObjectKind] }[] = [
        { kind: "routeSet", spec: routesToPeers },
        { kind: "loadBalancer", spec: loadBalancer8090 },
        { kind: "endpointAcl", spec: aclAllow80FromOne },
        { kind: "portPublish", spec: publish8080 },
        { kind: "containerEndpoint", spec: multiNicBack },
        { kind: "containerEndpoint", spec: multiNicFront },
        { kind: "containerEndpoint", spec: webContainer },
        { kind: "gatewayEndpoint", spec: gatewayEndpoint },
        { kind: "network", spec: networkOnVlan },
    ];
    let h: Harness;
    before(async () => {
        h = await topology();
    });
    for (const { kind, spec } of order) {
        it(`${kind}: gone after delete, and a second delete of the absent object succeeds`, async () => {
            const observed = await h.driver.observe(kind, spec);
            expect(observed).to.not.equal(null);
            expect(
                await h.driver.apply({ kind, action: "delete", desired: spec, observed }),
            ).to.equal(null);
            expect(await h.driver.observe(kind, spec)).to.equal(null);
            expect(
                await h.driver.apply({ kind, action: "delete", desired: spec, observed: null }),
            ).to.equal(null);
        });
    }
    it("the kube-proxy load balancer and the Docker nat network were never touched", async () => {
        const other = await topology();
        other.host.networks.push({
            ID: "B7C8D9E0-F1A2-4B3C-8D4E-5F60718293A4",
            Name: "nat",
            Type: "NAT",
        });
        other.host.loadBalancers.push({
            ID: "44444444-5555-4666-8777-888899990000",
            FrontendVIPs: ["10.96.0.10"],
            PortMappings: [{ Protocol: 17, InternalPort: 53, ExternalPort: 53, Flags: 1 }],
            HostComputeEndpoints: [],
        });
        const lb = await other.driver.observe("loadBalancer", loadBalancer8090);
        await other.driver.apply({
            kind: "loadBalancer",
            action: "delete",
            desired: loadBalancer8090,
            observed: lb,
        });
        expect(other.host.loadBalancers.map((x) => x.ID)).to.deep.equal([
            "44444444-5555-4666-8777-888899990000",
        ]);
        expect(other.host.networks.map((n) => n.Name)).to.include("nat");
    });
});

describe("Windows driver: foreign objects and clear failures", () => {
    it("a network of the same name made by someone else is observed as not owned", async () => {
        const h = harness();
        h.host.networks.push({
            ID: "B7C8D9E0-F1A2-4B3C-8D4E-5F60718293A4",
            Name: "l2bridge",
            Type: "L2Bridge",
            Ipams: [],
            Policies: [],
        });
        const observed = await h.driver.observe("network", networkWithDnsAndNat);
        expect(observed!.owned).to.equal(false);
    });
    it("a load balancer with the same frontend made by kube-proxy is observed as not owned", async () => {
        const h = harness();
        h.host.loadBalancers.push({
            ID: "44444444-5555-4666-8777-888899990000",
            FrontendVIPs: ["10.127.130.4"],
            PortMappings: [{ Protocol: 6, InternalPort: 80, ExternalPort: 8090, Flags: 2 }],
            HostComputeEndpoints: [],
        });
        const observed = await h.driver.observe("loadBalancer", loadBalancer8090);
        expect(observed!.owned).to.equal(false);
        expect(observed!.id).to.equal("44444444-5555-4666-8777-888899990000");
    });
    it("direct server return on HNS 9.2 fails naming both versions", async () => {
        const h = harness();
        h.host.version = { major: 9, minor: 2 };
        const spec = { ...loadBalancer8090, directServerReturn: true };
        let message = "";
        try {
            await h.driver.apply({
                kind: "loadBalancer",
                action: "create",
                desired: spec,
                observed: null,
            });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.match(
            /directServerReturn.*HNS 9\.3–9\.x or 10\.2 and later.*runs HNS 9\.2/,
        );
        expect(h.session.names()).to.not.include("createLoadBalancer");
    });
    it("an ambiguous uplink fails before anything is created, naming the adapters and the fix", async () => {
        const h = harness();
        h.host.physicalAdapters = [
            { name: "Ethernet", status: "Up" },
            { name: "Ethernet 2", status: "Up" },
        ];
        h.host.defaultRouteAlias = "Wi-Fi";
        const spec = { ...networkWithDnsAndNat, adapter: undefined };
        let message = "";
        try {
            await h.driver.apply({
                kind: "network",
                action: "create",
                desired: spec,
                observed: null,
            });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.match(/adapter: .*Ethernet, Ethernet 2.*Fix: set adapter/);
        expect(h.host.networkCreates).to.equal(0);
    });
    it("changing a container endpoint's address in place is refused naming the field", async () => {
        const h = await topology();
        const observed = await h.driver.observe("containerEndpoint", webContainer);
        const spec = { ...webContainer, ipAddress: "10.244.1.30" };
        let message = "";
        try {
            await h.driver.apply({
                kind: "containerEndpoint",
                action: "update",
                desired: spec,
                observed,
            });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.match(/ipAddress cannot change in place.*replace the resource/);
    });
});

describe("Windows driver: the providers' dependency lookups with partial specs", () => {
    it("a container endpoint observed by name only reports its address (for PortPublish.containerIp)", async () => {
        const h = await topology();
        const found = await h.driver.observe("containerEndpoint", {
            name: "web-eth0",
        } as KindSpecs["containerEndpoint"]);
        expect(found!.state.ipAddress).to.equal("10.244.1.3");
        expect(found!.owned).to.equal(true);
    });
    it("a network observed by name only is found (for HnsLoadBalancer's dependency)", async () => {
        const h = await topology();
        const found = await h.driver.observe("network", {
            name: "l2bridge",
        } as KindSpecs["network"]);
        expect(found!.state.subnet).to.equal("10.244.1.0/24");
    });
    it("an absent endpoint observed by name only is null", async () => {
        const h = await topology();
        expect(
            await h.driver.observe("containerEndpoint", {
                name: "nope",
            } as KindSpecs["containerEndpoint"]),
        ).to.equal(null);
    });
});

describe("Windows driver: load balancer backends on other hosts", () => {
    const remoteSpec = { ...loadBalancer8090, backends: ["10.244.1.3", "10.244.2.7"] };
    it("a backend on another host becomes one remote endpoint (Flags 1, MAC 02-11-<address>) and reads back as its address", async () => {
        const h = await topology();
        const observed = await h.driver.observe("loadBalancer", remoteSpec);
        const updated = await h.driver.apply({
            kind: "loadBalancer",
            action: "update",
            desired: remoteSpec,
            observed,
        });
        expect(updated!.state).to.deep.equal(remoteSpec);
        const remote = h.host.endpoints.filter((e) => e.Flags === 1);
        expect(remote.map((e) => [e.Name, e.MacAddress])).to.deep.equal([
            ["l2b-remote-10.244.2.7", "02-11-0A-F4-02-07"],
        ]);
    });
    it("two load balancers share the remote endpoint; it goes when the last one using it goes", async () => {
        const h = await topology();
        await h.driver.apply({
            kind: "loadBalancer",
            action: "update",
            desired: remoteSpec,
            observed: await h.driver.observe("loadBalancer", remoteSpec),
        });
        const second = { ...remoteSpec, name: "web-lb-2", frontendPort: 8091 };
        await h.driver.apply({
            kind: "loadBalancer",
            action: "create",
            desired: second,
            observed: null,
        });
        expect(h.host.endpoints.filter((e) => e.Flags === 1)).to.have.length(1);
        await h.driver.apply({
            kind: "loadBalancer",
            action: "delete",
            desired: remoteSpec,
            observed: await h.driver.observe("loadBalancer", remoteSpec),
        });
        expect(h.host.endpoints.filter((e) => e.Flags === 1)).to.have.length(1);
        await h.driver.apply({
            kind: "loadBalancer",
            action: "delete",
            desired: second,
            observed: await h.driver.observe("loadBalancer", second),
        });
        expect(h.host.endpoints.filter((e) => e.Flags === 1)).to.have.length(0);
        expect(h.host.records.filter((r) => r.kind === "remoteEndpoint")).to.deep.equal([]);
    });
    it("a load balancer on a network that does not exist fails naming the network and the fix", async () => {
        const h = await topology();
        let message = "";
        try {
            await h.driver.apply({
                kind: "loadBalancer",
                action: "create",
                desired: { ...remoteSpec, name: "x", network: "absent" },
                observed: null,
            });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.match(
            /network: HNS network "absent" was not found.*Fix: create the L2BridgeNetwork/,
        );
    });
});
