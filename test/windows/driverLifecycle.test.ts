/**
 * The Windows driver running its real scripts in PowerShell 7 against the HCN emulator and the
 * emulated host's kernel: create and read back every kind, drift made out of band shown and restored,
 * deletes that touch only what they own, foreign objects refused, version gates both ways.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "fs";
import { clearSecrets, registerSecret } from "../../provider/transport/redact";
import { join } from "path";
import type { ObjectKind, KindSpecs, ContainerRouteSpec } from "../../provider/model/kinds";
import type { Observation } from "../../provider/drivers/hostDriver";
import { HostModuleSession } from "../../provider/drivers/windows/hostModuleSession";
import { detailedQuery, queryByName } from "../../provider/drivers/windows/hcnQueries";
import { parseScriptResult } from "../../provider/drivers/windows/hostViews";
import {
    aclAllow80FromOne,
    containerdConfig,
    gatewayEndpoint,
    loadBalancer8090,
    multiNicBack,
    multiNicFront,
    networkOnVlan,
    networkWithDnsAndNat,
    publish8080,
    webContainer,
} from "../drivers/windows/articleScenarios";
import { scriptNames, scriptText } from "../../provider/drivers/windows/scriptCatalog";
import { scriptsRun } from "../support/scriptCoverage";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    emulatedConnection,
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { WindowsDriver } from "../../provider/drivers/windows/windowsDriver";
import { fileText } from "../support/fileText";
import { addContainerNamespaces } from "../support/containerNamespaces";
import { l2bridgeNetwork } from "../emulator/emulatorHost";

type Hcn = Record<string, unknown>;
type Policy = { Type: string; Settings: Record<string, unknown> };

/** The containers of the scenarios, as a container runtime leaves their namespaces in HNS. */
const containers = [
    { id: "C0FFEE00-1111-4222-8333-444455556666", container: webContainer.container },
    { id: "8C1D4F2A-6B3E-4C5D-9E7F-0A1B2C3D4E5F", container: undefined },
    { id: "D00DFEED-2222-4333-8444-555566667777", container: "web2" },
];

/** Routes to two peers on the host's own subnet, through its uplink. */
function routesToPeers(h: EmulatedWindowsDriver): ContainerRouteSpec {
    return {
        name: "l2bridge",
        routes: [
            { destinationPrefix: "10.244.2.0/24", nextHop: `10.200.${h.host.subnet}.5` },
            {
                destinationPrefix: "10.244.3.0/24",
                nextHop: `10.200.${h.host.subnet}.6`,
                metric: 100,
            },
        ],
        interface: "Ethernet",
        persistent: true,
    };
}

async function create<K extends ObjectKind>(
    h: EmulatedWindowsDriver,
    kind: K,
    spec: KindSpecs[K],
): Promise<Observation<K>> {
    expect(await h.driver.observe(kind, spec), `${kind} exists before create`).to.equal(null);
    const after = await h.driver.apply({ kind, action: "create", desired: spec, observed: null });
    expect(after, `${kind} after create`).to.not.equal(null);
    return after!;
}

function everyKind(h: EmulatedWindowsDriver): { kind: ObjectKind; spec: KindSpecs[ObjectKind] }[] {
    return [
        { kind: "l2BridgeNetwork", spec: networkWithDnsAndNat },
        { kind: "l2BridgeNetwork", spec: networkOnVlan },
        { kind: "gatewayEndpoint", spec: gatewayEndpoint },
        { kind: "containerEndpoint", spec: webContainer },
        { kind: "containerEndpoint", spec: multiNicFront },
        { kind: "containerEndpoint", spec: multiNicBack },
        { kind: "portPublish", spec: publish8080 },
        { kind: "endpointAcl", spec: aclAllow80FromOne },
        { kind: "hnsLoadBalancer", spec: loadBalancer8090 },
        { kind: "containerRoute", spec: routesToPeers(h) },
        { kind: "runtimeNetworkConfig", spec: containerdConfig },
    ];
}

/** A host with the article's whole topology created through the driver. */
async function topology(): Promise<EmulatedWindowsDriver> {
    const h = await startEmulatedWindowsDriver();
    try {
        await addContainerNamespaces(h, containers);
        await create(h, "l2BridgeNetwork", networkWithDnsAndNat);
        await create(h, "l2BridgeNetwork", networkOnVlan);
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
        await create(h, "hnsLoadBalancer", loadBalancer8090);
        await create(h, "containerRoute", routesToPeers(h));
        await create(h, "runtimeNetworkConfig", containerdConfig);
        return h;
    } catch (error) {
        await h.stop();
        throw error;
    }
}

function endpointNamed(h: EmulatedWindowsDriver, name: string): Hcn {
    const found = h.hcn().endpoints.find((e) => e.Name === name);
    expect(found, `endpoint ${name}`).to.not.equal(undefined);
    return found!;
}

/** The Linux device whose Windows alias is `alias`. */
async function deviceOf(h: EmulatedWindowsDriver, alias: string): Promise<string> {
    const links = await h.ipJson(["link", "show"]);
    const link = links.find((l) => l.ifalias === alias || l.ifname === alias);
    expect(link, `interface ${alias}`).to.not.equal(undefined);
    return String(link!.ifname);
}

async function forwardingOf(h: EmulatedWindowsDriver, alias: string): Promise<string> {
    const device = await deviceOf(h, alias);
    return (await h.inNamespace(["cat", `/proc/sys/net/ipv4/conf/${device}/forwarding`])).trim();
}

async function activeRoutes(h: EmulatedWindowsDriver): Promise<string[]> {
    return (await h.ipJson(["route", "show"]))
        .filter((r) => r.protocol !== "kernel")
        .map((r) => String(r.dst))
        .filter((dst) => dst.startsWith("10.244."))
        .sort();
}

function persistentRoutes(h: EmulatedWindowsDriver): string[] {
    const file = join(h.host.hostDir, "windows-state", "netroute-persistent.json");
    const rows = JSON.parse(readFileSync(file, "utf8")) as { DestinationPrefix: string }[];
    return rows.map((r) => r.DestinationPrefix).sort();
}

async function failureOf(work: Promise<unknown>): Promise<string> {
    try {
        await work;
    } catch (error) {
        return (error as Error).message;
    }
    return "(no failure)";
}

describe("Windows driver in real PowerShell: create then read shows no drift", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await topology();
    });
    after(async () => h?.stop());

    it("every kind reads back equal to its spec and owned", async () => {
        for (const { kind, spec } of everyKind(h)) {
            const observed = await h.driver.observe(kind, spec);
            expect(observed, kind).to.not.equal(null);
            expect(observed!.state, kind).to.deep.equal(spec);
            expect(observed!.owned, kind).to.equal(true);
        }
    });
    it("each first network on a NIC was created detached by a scheduled task; another network on a bridged NIC inline", async () => {
        expect(h.hcnCalls.filter((c) => c === "HcnCreateNetwork")).to.have.length(2);
        const operations = join(h.host.hostDir, "ProgramData", "pulumi-l2bridge", "operations");
        const results = (await h.inNamespace(["ls", operations]))
            .split("\n")
            .filter((f) => f.endsWith(".result.json"));
        expect(results).to.have.length(2);
        await create(h, "l2BridgeNetwork", {
            ...networkWithDnsAndNat,
            name: "third",
            subnet: "10.244.8.0/24",
            gateway: "10.244.8.1",
        });
        expect(h.hcnCalls.filter((c) => c === "HcnCreateNetwork")).to.have.length(3);
    });
    it("the multi-NIC container has both endpoints in its one namespace; only the front one routes by default", () => {
        const ns = h.hcn().namespaces.find((n) => n.ID === containers[1].id)!;
        expect((ns.Resources as unknown[]).length).to.equal(2);
        expect(endpointNamed(h, "app-back").Routes ?? []).to.deep.equal([]);
    });
    it("the gateway endpoint is a real host vNIC that forwards and holds the static neighbor for .1", async () => {
        expect(await forwardingOf(h, "vEthernet (l2bridge_gw)")).to.equal("1");
        expect(await forwardingOf(h, "Ethernet")).to.equal("1");
        const device = await deviceOf(h, "vEthernet (l2bridge_gw)");
        const neighbors = await h.ipJson(["neigh", "show", "dev", device]);
        expect(neighbors.map((n) => [n.dst, n.lladdr, (n.state as string[])[0]])).to.deep.equal([
            ["10.244.1.1", "00:01:e8:8b:2e:4b", "PERMANENT"],
        ]);
    });
    it("persistent routes are real kernel routes and in the Persistent store", async () => {
        expect(await activeRoutes(h)).to.deep.equal(["10.244.2.0/24", "10.244.3.0/24"]);
        expect(persistentRoutes(h)).to.deep.equal(["10.244.2.0/24", "10.244.3.0/24"]);
    });
    for (const [kind, spec] of [
        ["containerEndpoint", webContainer],
        ["gatewayEndpoint", gatewayEndpoint],
    ] as const) {
        it(`a read of an existing ${kind} opens the endpoint by its recorded ID and its network by the ID the endpoint names, enumerating no endpoint and no network`, async () => {
            const callsBefore = h.hcnCalls.length;
            const observed = await h.driver.observe(kind, spec);
            expect(observed!.state).to.deep.equal(spec);
            const endpointCalls = h.hcnCalls
                .slice(callsBefore)
                .filter((call) => /Endpoint/.test(call));
            expect(endpointCalls).to.deep.equal([
                "HcnOpenEndpoint",
                "HcnQueryEndpointProperties",
                "HcnCloseEndpoint",
            ]);
            const networkCalls = h.hcnCalls
                .slice(callsBefore)
                .filter((call) => /Network/.test(call));
            expect(networkCalls.filter((call) => call === "HcnEnumerateNetworks")).to.deep.equal(
                [],
            );
            expect(networkCalls.filter((call) => call === "HcnOpenNetwork")).to.have.length(1);
        });
    }
});

describe("Windows driver in real PowerShell: drift made out of band is read and restored", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await topology();
    });
    after(async () => h?.stop());

    const editPolicies = (name: string, change: (p: Policy) => Policy | undefined) =>
        h.editHcn((state) => {
            const endpoint = state.endpoints.find((e) => e.Name === name)!;
            endpoint.Policies = (endpoint.Policies as Policy[])
                .map(change)
                .filter((p): p is Policy => !!p);
        });
    const cases: {
        proves: string;
        kind: ObjectKind;
        spec: () => KindSpecs[ObjectKind];
        drift: () => Promise<unknown> | void;
        shows: (state: Record<string, unknown>) => void;
    }[] = [
        {
            proves: "network DNS changed in HNS shows and is set back in place",
            kind: "l2BridgeNetwork",
            spec: () => networkWithDnsAndNat,
            drift: () =>
                h.editHcn((s) => {
                    s.networks.find((n) => n.Name === "l2bridge")!.Dns = {
                        ServerList: ["8.8.8.8"],
                    };
                }),
            shows: (s) =>
                expect((s.dns as { servers: string[] }).servers).to.deep.equal(["8.8.8.8"]),
        },
        {
            proves: "the network's NAT exceptions changed in HNS (on an endpoint that inherits them) show on the network and are set back",
            kind: "l2BridgeNetwork",
            spec: () => networkWithDnsAndNat,
            drift: () =>
                editPolicies("web-eth0", (p) =>
                    p.Type === "OutBoundNAT"
                        ? { Type: "OutBoundNAT", Settings: { Exceptions: ["172.16.0.0/12"] } }
                        : p,
                ),
            shows: (s) =>
                expect(s.outboundNat).to.deep.equal({
                    enabled: true,
                    exceptions: ["172.16.0.0/12"],
                }),
        },
        {
            proves: "gateway forwarding turned off in the kernel shows and is turned back on",
            kind: "gatewayEndpoint",
            spec: () => gatewayEndpoint,
            drift: async () => {
                const device = await deviceOf(h, "vEthernet (l2bridge_gw)");
                await h.inNamespace(["sysctl", "-qw", `net.ipv4.conf.${device}.forwarding=0`]);
            },
            shows: (s) => expect(s.forwarding).to.equal(false),
        },
        {
            proves: "a static neighbor deleted from the kernel shows and is restored",
            kind: "gatewayEndpoint",
            spec: () => gatewayEndpoint,
            drift: async () => {
                const device = await deviceOf(h, "vEthernet (l2bridge_gw)");
                await h.inNamespace(["ip", "neigh", "del", "10.244.1.1", "dev", device]);
            },
            shows: (s) => expect(s.gatewayNeighborMac).to.equal(undefined),
        },
        {
            proves: "an endpoint's NAT exceptions edited in HNS show and are restored",
            kind: "containerEndpoint",
            spec: () => webContainer,
            drift: () =>
                editPolicies("web-eth0", (p) =>
                    p.Type === "OutBoundNAT"
                        ? { Type: "OutBoundNAT", Settings: { Exceptions: ["10.0.0.0/8"] } }
                        : p,
                ),
            shows: (s) =>
                expect(s.outboundNat).to.deep.equal({ enabled: true, exceptions: ["10.0.0.0/8"] }),
        },
        {
            proves: "an ACL rule changed in HNS shows and the whole ACL is reprogrammed",
            kind: "endpointAcl",
            spec: () => aclAllow80FromOne,
            drift: () =>
                editPolicies("web-eth0", (p) =>
                    p.Type === "ACL" && p.Settings.Id === "l2b:rule:web-from-client"
                        ? { Type: "ACL", Settings: { ...p.Settings, LocalPorts: "22" } }
                        : p,
                ),
            shows: (s) =>
                expect((s.rules as { localPorts: string[] }[])[0].localPorts).to.deep.equal(["22"]),
        },
        {
            proves: "a port mapping removed from HNS (policy removed) shows gone and is added again",
            kind: "portPublish",
            spec: () => publish8080,
            drift: () =>
                editPolicies("web-eth0", (p) => (p.Type === "PortMapping" ? undefined : p)),
            shows: () => undefined,
        },
        {
            proves: "a route deleted from the kernel shows missing and is re-added",
            kind: "containerRoute",
            spec: () => routesToPeers(h),
            drift: () => h.inNamespace(["ip", "route", "del", "10.244.3.0/24"]),
            shows: (s) => expect((s.routes as unknown[]).length).to.equal(1),
        },
        {
            proves: "a load balancer that lost a backend in HNS shows it and is recreated with both",
            kind: "hnsLoadBalancer",
            spec: () => loadBalancer8090,
            drift: () =>
                h.editHcn((s) => {
                    const lb = s.loadBalancers[0];
                    lb.HostComputeEndpoints = (lb.HostComputeEndpoints as string[]).slice(0, 1);
                }),
            shows: (s) => expect(s.backends).to.deep.equal(["10.244.1.3"]),
        },
    ];
    for (const c of cases) {
        it(c.proves, async () => {
            const spec = c.spec();
            await c.drift();
            const drifted = await h.driver.observe(c.kind, spec);
            if (drifted) {
                expect(drifted.state).to.not.deep.equal(spec);
                c.shows(drifted.state as unknown as Record<string, unknown>);
            }
            const restored = await h.driver.apply({
                kind: c.kind,
                action: drifted ? "update" : "create",
                desired: spec,
                observed: drifted,
            });
            expect(restored!.state).to.deep.equal(spec);
            expect((await h.driver.observe(c.kind, spec))!.state).to.deep.equal(spec);
        });
    }

    it("a read of a recorded load balancer opens by ID only it, the endpoints it lists and the container endpoints recorded in its network, and not the network's v1 shape; a backend another endpoint holds makes it read every endpoint", async () => {
        const observeCounting = async (spec: typeof loadBalancer8090) => {
            const callsBefore = h.hcnCalls.length;
            const observed = await h.driver.observe("hnsLoadBalancer", spec);
            return { observed, calls: h.hcnCalls.slice(callsBefore) };
        };
        const listed = (h.hcn().loadBalancers[0].HostComputeEndpoints as string[]).map((id) =>
            id.toLowerCase(),
        );
        const own = h
            .records()
            .filter((r) => r.kind === "containerEndpoint" && r.network === "l2bridge")
            .map((r) => r.id.toLowerCase());
        const needed = new Set([...listed, ...own]);
        expect(needed.size).to.be.below(h.hcn().endpoints.length);

        const narrow = await observeCounting(loadBalancer8090);
        expect(narrow.observed!.state).to.deep.equal(loadBalancer8090);
        expect(narrow.calls).to.not.include.members([
            "HcnEnumerateEndpoints",
            "HcnEnumerateLoadBalancers",
        ]);
        expect(narrow.calls.filter((c) => c === "HcnOpenEndpoint")).to.have.length(needed.size);
        expect(narrow.calls.filter((c) => c === "HcnQueryNetworkProperties")).to.have.length(
            h.hcn().networks.length,
        );

        const withGateway = { ...loadBalancer8090, backends: ["10.244.1.2", "10.244.1.3"] };
        const full = await observeCounting(withGateway);
        expect(full.calls).to.include("HcnEnumerateEndpoints");
        expect(full.observed!.details.endpointProblem).to.contain("gateway endpoint");
    });

    it("a persistent copy removed out of band is drift for the next operation (a new shell) and is restored; a shell reads the PersistentStore once, and again after its own route change", async () => {
        const spec = routesToPeers(h);
        expect((await h.driver.observe("containerRoute", spec))!.state).to.deep.equal(spec);
        const file = join(h.host.hostDir, "windows-state", "netroute-persistent.json");
        const rows = JSON.parse(readFileSync(file, "utf8")) as { DestinationPrefix: string }[];
        writeFileSync(
            file,
            JSON.stringify(rows.filter((r) => r.DestinationPrefix !== "10.244.3.0/24")),
        );
        expect((await h.driver.observe("containerRoute", spec))!.state).to.deep.equal(spec);
        const next = new WindowsDriver(h.newSession(), emulatedConnection);
        const drifted = await next.observe("containerRoute", spec);
        expect(drifted!.state.persistent).to.equal(false);
        const restored = await next.apply({
            kind: "containerRoute",
            action: "update",
            desired: spec,
            observed: drifted,
        });
        expect(restored!.state).to.deep.equal(spec);
        expect(persistentRoutes(h)).to.deep.equal(["10.244.2.0/24", "10.244.3.0/24"]);
    });

    it("an endpoint deleted from HNS reads as gone and is created again", async () => {
        const web2 = {
            ...webContainer,
            name: "web2-eth0",
            container: "web2",
            ipAddress: "10.244.1.4",
        };
        const id = String(endpointNamed(h, "web2-eth0").ID);
        h.editHcn((s) => {
            s.endpoints = s.endpoints.filter((e) => e.ID !== id);
            for (const ns of s.namespaces) {
                ns.Resources = ((ns.Resources as { Data: { Id?: string } }[]) ?? []).filter(
                    (r) => r.Data.Id?.toUpperCase() !== id.toUpperCase(),
                );
            }
        });
        expect(await h.driver.observe("containerEndpoint", web2)).to.equal(null);
        await create(h, "containerEndpoint", web2);
        expect(endpointNamed(h, "web2-eth0").ID).to.not.equal(id);
    });

    it("an endpoint another tool made under the name of ours, listed before it, does not hide ours: the read opens ours by its recorded ID", async () => {
        const ours = endpointNamed(h, "web-eth0");
        const foreignId = "F0E1D2C3-B4A5-4687-9788-A9BACBDCEDFE";
        h.editHcn((s) => {
            s.endpoints.unshift({
                ...ours,
                ID: foreignId,
                IpConfigurations: [{ IpAddress: "10.244.1.40", PrefixLength: 24 }],
                HostComputeNamespace: undefined,
            });
        });
        try {
            const observed = await h.driver.observe("containerEndpoint", webContainer);
            expect(observed!.id.toLowerCase()).to.equal(String(ours.ID).toLowerCase());
            expect(observed!.owned).to.equal(true);
            expect(observed!.state).to.deep.equal(webContainer);
        } finally {
            h.editHcn((s) => {
                s.endpoints = s.endpoints.filter((e) => e.ID !== foreignId);
            });
        }
    });

    it("changing the network's NAT exceptions updates every endpoint that inherits them, not the ones with their own", async () => {
        const spec = {
            ...networkWithDnsAndNat,
            outboundNat: { enabled: true, exceptions: ["10.244.0.0/16"] },
        };
        const observed = await h.driver.observe("l2BridgeNetwork", spec);
        await h.driver.apply({
            kind: "l2BridgeNetwork",
            action: "update",
            desired: spec,
            observed,
        });
        const nat = (endpointNamed(h, "web-eth0").Policies as Policy[]).find(
            (p) => p.Type === "OutBoundNAT",
        )!;
        expect(nat.Settings.Exceptions).to.deep.equal(["10.244.0.0/16"]);
        expect(
            (endpointNamed(h, "app-back").Policies as Policy[]).some(
                (p) => p.Type === "OutBoundNAT",
            ),
        ).to.equal(false);
        expect((await h.driver.observe("containerEndpoint", webContainer))!.state).to.deep.equal(
            webContainer,
        );
    });

    it("removing a route from the spec removes it from both stores", async () => {
        const all = routesToPeers(h);
        const spec = { ...all, routes: all.routes.slice(0, 1) };
        const observed = await h.driver.observe("containerRoute", spec);
        await h.driver.apply({ kind: "containerRoute", action: "update", desired: spec, observed });
        expect(await activeRoutes(h)).to.deep.equal(["10.244.2.0/24"]);
        expect(persistentRoutes(h)).to.deep.equal(["10.244.2.0/24"]);
    });
});

describe("Windows driver in real PowerShell: records an earlier version wrote under the old kind names", function () {
    this.timeout(600_000);
    /** The kinds as earlier versions named them in the host's records. */
    const oldNames: Record<string, string> = {
        l2BridgeNetwork: "network",
        containerRoute: "routeSet",
        hnsLoadBalancer: "loadBalancer",
    };
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await topology();
        const path = join(h.host.hostDir, "ProgramData", "pulumi-l2bridge", "records.jsonl");
        const lines = readFileSync(path, "utf8")
            .split("\n")
            .filter((line) => line.trim() !== "")
            .map((line) => {
                const record = JSON.parse(line) as { kind: string };
                return JSON.stringify({ ...record, kind: oldNames[record.kind] ?? record.kind });
            });
        writeFileSync(path, `${lines.join("\n")}\n`);
    });
    after(async () => h?.stop());

    it("the host's records hold the old names before anything runs", () => {
        const kinds = h.records().map((record) => record.kind);
        expect(kinds).to.include.members(Object.values(oldNames));
        for (const name of Object.keys(oldNames)) {
            expect(kinds).to.not.include(name);
        }
    });
    it("every kind still reads back equal to its spec and owned", async () => {
        for (const { kind, spec } of everyKind(h)) {
            const observed = await h.driver.observe(kind, spec);
            expect(observed, kind).to.not.equal(null);
            expect(observed!.state, kind).to.deep.equal(spec);
            expect(observed!.owned, kind).to.equal(true);
        }
    });
    it("the next change stores every record under the kinds' new names, none twice", async () => {
        const observed = await h.driver.observe("hnsLoadBalancer", loadBalancer8090);
        await h.driver.apply({
            kind: "hnsLoadBalancer",
            action: "delete",
            desired: loadBalancer8090,
            observed,
        });
        const records = h.records();
        const kinds = records.map((record) => record.kind);
        for (const name of Object.values(oldNames)) {
            expect(kinds).to.not.include(name);
        }
        expect(kinds).to.include.members(["l2BridgeNetwork", "containerRoute"]);
        const keys = records.map((record) => `${record.kind}/${record.name}`);
        expect(keys).to.deep.equal([...new Set(keys)]);
    });
});

describe("Windows driver in real PowerShell: delete removes only what it owns and is idempotent", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await topology();
        await h.client.create("Network", {
            Name: "nat",
            Type: "NAT",
            Ipams: [
                {
                    Type: "Static",
                    Subnets: [
                        {
                            IpAddressPrefix: "172.20.0.0/16",
                            Routes: [{ NextHop: "172.20.0.1", DestinationPrefix: "0.0.0.0/0" }],
                        },
                    ],
                },
            ],
            SchemaVersion: { Major: 2, Minor: 0 },
        });
    });
    after(async () => h?.stop());

    it("every kind is gone after delete, and a second delete of the absent object succeeds", async () => {
        const order = everyKind(h).reverse();
        for (const { kind, spec } of order) {
            if (kind === "l2BridgeNetwork" && spec === networkWithDnsAndNat) continue;
            const observed = await h.driver.observe(kind, spec);
            expect(observed, kind).to.not.equal(null);
            await h.driver.apply({ kind, action: "delete", desired: spec, observed });
            expect(await h.driver.observe(kind, spec), kind).to.equal(null);
            await h.driver.apply({ kind, action: "delete", desired: spec, observed: null });
        }
    });
    it("the Docker nat network made by another tool was never touched", () => {
        expect(h.hcn().networks.map((n) => n.Name)).to.include("nat");
    });
});

describe("Windows driver in real PowerShell: foreign objects, version gates and HNS errors", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver({ version: { major: 9, minor: 2 } });
    });
    after(async () => h?.stop());

    /** An l2bridge network as another tool makes it, under the name the package uses. */
    const foreignL2bridge = l2bridgeNetwork("l2bridge");

    /** Adopts the network `observed` found under the name (an update of a network not owned). */
    const adopt = (observed: Observation<"l2BridgeNetwork"> | null) =>
        h.driver.apply({
            kind: "l2BridgeNetwork",
            action: "update",
            desired: networkWithDnsAndNat,
            observed,
        });

    it("a network of the same name made by someone else is observed as not owned", async () => {
        const reply = await h.client.create("Network", foreignL2bridge);
        expect(reply.hresult, String(reply.errorRecord)).to.equal(0);
        const observed = await h.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        expect(observed!.owned).to.equal(false);
    });
    it("adopting the foreign network records it as ours without creating another", async () => {
        const before = h.hcnCalls.filter((c) => c === "HcnCreateNetwork").length;
        const observed = await h.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        const adopted = await adopt(observed);
        expect(adopted!.owned).to.equal(true);
        expect(h.records().map((r) => [r.kind, r.name])).to.deep.include([
            "l2BridgeNetwork",
            "l2bridge",
        ]);
        expect(h.hcnCalls.filter((c) => c === "HcnCreateNetwork").length).to.equal(before);
    });
    it("a read of a recorded network opens it once by its recorded ID, no enumerate: its management IP comes from the v1 shape asked on the same handle", async () => {
        const callsBefore = h.hcnCalls.length;
        const observed = await h.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        expect(observed).to.not.equal(null);
        const networkCalls = h.hcnCalls.slice(callsBefore).filter((call) => /Network/.test(call));
        expect(networkCalls).to.deep.equal([
            "HcnOpenNetwork",
            "HcnQueryNetworkProperties",
            "HcnQueryNetworkProperties",
            "HcnCloseNetwork",
        ]);
    });
    it("a recorded network gone from HNS, with another of its name made by someone else, is found by name and read as not owned; adopting records the new ID", async () => {
        const recordedId = h.records().find((r) => r.kind === "l2BridgeNetwork")!.id;
        h.editHcn((state) => {
            state.networks = state.networks.filter(
                (n) => String(n.ID).toLowerCase() !== recordedId.toLowerCase(),
            );
        });
        const reply = await h.client.create("Network", foreignL2bridge);
        expect(reply.hresult, String(reply.errorRecord)).to.equal(0);
        const callsBefore = h.hcnCalls.length;
        const observed = await h.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        expect(observed!.owned).to.equal(false);
        expect(h.hcnCalls.slice(callsBefore)).to.include("HcnEnumerateNetworks");
        const adopted = await adopt(observed);
        expect(adopted!.owned).to.equal(true);
        expect(h.records().find((r) => r.kind === "l2BridgeNetwork")!.id).to.not.equal(recordedId);
    });
    it("a poll of a detached create this host never started answers unknown with the network's view, and starts nothing", async () => {
        const callsBefore = h.hcnCalls.length;
        const answer = parseScriptResult<{
            operation: { state: string };
            view: { networks: string[] };
        }>(
            await new HostModuleSession(h.session).run("pollNetworkCreate", {
                operationId: "0123456789abcdef0123456789abcdef",
                name: "l2bridge",
                namedNetworkQuery: queryByName("l2bridge"),
                networkQuery: detailedQuery,
                endpointQuery: detailedQuery,
            }),
        );
        expect(answer.operation.state).to.equal("unknown");
        expect(
            answer.view.networks.map((text) => (JSON.parse(text) as { Name: string }).Name),
        ).to.deep.equal(["l2bridge"]);
        expect(
            h.hcnCalls.slice(callsBefore).filter((call) => /Create|Modify|Delete/.test(call)),
        ).to.deep.equal([]);
    });
    it("direct server return on HNS 9.2 fails naming both versions, and runs once HNS is 10.2", async () => {
        const spec = { ...loadBalancer8090, backends: [], directServerReturn: true };
        expect(
            await failureOf(
                h.driver.apply({
                    kind: "hnsLoadBalancer",
                    action: "create",
                    desired: spec,
                    observed: null,
                }),
            ),
        ).to.match(/directServerReturn.*HNS 9\.3–9\.x or 10\.2 and later.*runs HNS 9\.2/);
        h.editHcn((s) => (s.version = { major: 10, minor: 2 }));
        const made = await h.driver.apply({
            kind: "hnsLoadBalancer",
            action: "create",
            desired: spec,
            observed: null,
        });
        expect(made!.state.directServerReturn).to.equal(true);
        h.editHcn((s) => (s.version = { major: 9, minor: 2 }));
    });
    it("a load balancer's read asks HNS for its version only when directServerReturn needs it", async () => {
        const versionCalls = async (spec: typeof loadBalancer8090) => {
            const callsBefore = h.hcnCalls.length;
            await h.driver.observe("hnsLoadBalancer", spec);
            return h.hcnCalls.slice(callsBefore).filter((call) => call === "HNSCall").length;
        };
        const made = { ...loadBalancer8090, backends: [] };
        expect(await versionCalls(made)).to.equal(0);
        expect(await versionCalls({ ...made, directServerReturn: true })).to.equal(1);
    });
    it("the version script reads the version HNS reports, as the emulated host is set", async () => {
        h.editHcn((s) => (s.version = { major: 10, minor: 3 }));
        const answer = await h.session.invoke(scriptText("observeVersion"), {});
        expect(JSON.parse(JSON.parse(answer) as string)).to.deep.equal({
            version: { major: 10, minor: 3 },
        });
        h.editHcn((s) => (s.version = { major: 9, minor: 2 }));
    });
    it("a failed HNS call surfaces HNS's own error text", async () => {
        const message = await failureOf(
            h.driver.apply({
                kind: "containerEndpoint",
                action: "create",
                desired: { ...webContainer, container: "no-such-container" },
                observed: null,
            }),
        );
        expect(message).to.contain('container "no-such-container" has no HNS namespace');
        const duplicate = await failureOf(
            h.driver.apply({
                kind: "containerEndpoint",
                action: "create",
                desired: { ...webContainer, name: "clash", ipAddress: "10.244.1.1" },
                observed: null,
            }),
        );
        expect(duplicate).to.match(/HRESULT 0x803B/);
    });
});

export type { Hcn };

/** Holds the host mutex in its own shell and reports whether HNS changed a network meanwhile. */
const holdHostMutex = `$mutex = New-Object System.Threading.Mutex($false, 'Global\\pulumi-l2bridge-host')
[void]$mutex.WaitOne()
try {
    [System.IO.File]::WriteAllText([string]$Params.heldFile, 'held')
    $deadline = (Get-Date).AddSeconds([int]$Params.seconds)
    $changed = $false
    while ((Get-Date) -lt $deadline -and -not $changed) {
        $changed = [System.IO.File]::ReadAllText([string]$Params.stateFile).Contains([string]$Params.probe)
        Start-Sleep -Milliseconds 100
    }
    return $changed
} finally {
    $mutex.ReleaseMutex()
}
`;

describe("Windows driver in real PowerShell: the host mutex and redacted errors", function () {
    this.timeout(300_000);
    let h: EmulatedWindowsDriver;
    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver();
    });
    after(async () => {
        clearSecrets();
        await h?.stop();
    });

    it("an apply waits while another shell holds the host mutex, and runs once it is released", async () => {
        const heldFile = join(h.host.hostDir, "tmp", "mutex-held");
        const probe = "mutex-probe-network";
        const holder = h.newSession().invoke(holdHostMutex, {
            heldFile,
            stateFile: h.stateFile,
            probe,
            seconds: 8,
        });
        expect(await fileText(heldFile), "the holder took the mutex").to.equal("held");
        const spec = { ...networkWithDnsAndNat, name: probe };
        const applied = h.driver.apply({
            kind: "l2BridgeNetwork",
            action: "create",
            desired: spec,
            observed: null,
        });
        expect(
            JSON.parse(JSON.parse(await holder) as string),
            "HNS changed while the mutex was held",
        ).to.equal(false);
        expect((await applied)!.state.name).to.equal(probe);
    });

    it("a failed call's message reaches the caller with registered secrets redacted", async () => {
        registerSecret("network-hunter2-secret");
        const message = await failureOf(
            h.driver.apply({
                kind: "containerEndpoint",
                action: "create",
                desired: { ...webContainer, network: "network-hunter2-secret" },
                observed: null,
            }),
        );
        expect(message).to.contain('HNS network "[REDACTED]" not found');
        expect(message).to.contain("[REDACTED]");
        expect(message).to.not.contain("hunter2");
    });
});

describe("Windows driver in real PowerShell: the whole catalog ran", function () {
    before(function () {
        skipWithoutEmulatedWindows(this);
    });
    it("every script of the catalog ran at least once in real PowerShell; this file alone runs each, so a new script fails here until a test runs it", () => {
        expect(scriptNames.filter((name) => !scriptsRun.has(name))).to.deep.equal([]);
    });
});
