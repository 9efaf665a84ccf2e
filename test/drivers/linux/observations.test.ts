/**
 * Observations built from recorded host output: present, absent, foreign and drifted objects,
 * each reported in the spec's shape so a comparison with the spec shows exactly the drift.
 */
import { expect } from "chai";
import { containerEndpointKind } from "../../../provider/drivers/linux/containerEndpoint";
import { gatewayEndpointKind } from "../../../provider/drivers/linux/gatewayEndpoint";
import {
    dnsmasqArguments,
    l2BridgeNetworkKind,
} from "../../../provider/drivers/linux/l2BridgeNetwork";
import { containerRouteKind } from "../../../provider/drivers/linux/containerRoute";
import type {
    ContainerEndpointSpec,
    GatewayEndpointSpec,
    L2BridgeNetworkSpec,
    ContainerRouteSpec,
} from "../../../provider/model/kinds";

const bridge = (alias: string, addresses: string[] = []) =>
    JSON.stringify([
        {
            ifname: "lbt-cbr0",
            flags: ["UP"],
            mtu: 1500,
            address: "aa:bb:cc:00:00:01",
            ifalias: alias,
            addr_info: addresses.map((address) => ({
                family: "inet",
                local: address.split("/")[0],
                prefixlen: Number(address.split("/")[1]),
            })),
        },
    ]);
const ours = "pulumi-l2bridge network subnet=10.201.1.0/24 gateway=10.201.1.1";

describe("Linux observations from host output", () => {
    const network: L2BridgeNetworkSpec = {
        name: "lbt-cbr0",
        subnet: "10.201.1.0/24",
        dns: { servers: ["10.200.0.1"], suffix: "lbt.test" },
        serveNames: true,
    };
    const dnsState = JSON.stringify({ dns: network.dns, serveNames: true });

    it("network: a missing bridge is absent (null)", () => {
        expect(l2BridgeNetworkKind.read(network, new Map([["link", ""]]))).to.equal(null);
    });

    it("network: a bridge without the package's alias is reported as not owned", () => {
        const observed = l2BridgeNetworkKind.read(
            network,
            new Map([["link", bridge("docker0 bridge")]]),
        );
        expect(observed!.owned).to.equal(false);
    });

    it("network: a missing NAT table reads as NAT off; DNS and a running dnsmasq read as configured", () => {
        const observed = l2BridgeNetworkKind.read(
            network,
            new Map([
                ["link", bridge(ours)],
                ["nat", ""],
                ["dns", dnsState],
                ["dnsmasq", dnsmasqArguments(network)],
            ]),
        );
        expect(observed!.state).to.deep.equal({ ...network, outboundNat: { enabled: false } });
    });

    it("network: dnsmasq not running reports serveNames false", () => {
        const observed = l2BridgeNetworkKind.read(
            network,
            new Map([
                ["link", bridge(ours)],
                ["dns", dnsState],
                ["dnsmasq", ""],
            ]),
        );
        expect(observed!.state.serveNames).to.equal(false);
    });

    it("network: dnsmasq running with other settings reports serveNames false (restart needed)", () => {
        const observed = l2BridgeNetworkKind.read(
            network,
            new Map([
                ["link", bridge(ours)],
                ["dns", dnsState],
                ["dnsmasq", "'--old'"],
            ]),
        );
        expect(observed!.state.serveNames).to.equal(false);
    });

    it("network: a VLAN or l2tunnel mode is refused on Linux with the fix", () => {
        const op = (spec: L2BridgeNetworkSpec) => ({
            kind: "l2BridgeNetwork" as const,
            action: "create" as const,
            desired: spec,
            observed: null,
        });
        expect(() => l2BridgeNetworkKind.converge(op({ ...network, vlan: 10 }))).to.throw(
            /vlan 10 is not available on Linux hosts.*remove vlan/,
        );
        expect(() => l2BridgeNetworkKind.converge(op({ ...network, mode: "l2tunnel" }))).to.throw(
            /mode "l2tunnel" is not available on Linux hosts; use "l2bridge"/,
        );
    });

    const gateway: GatewayEndpointSpec = {
        network: "lbt-cbr0",
        subnet: "10.201.1.0/24",
        forwarding: true,
    };
    it("gateway endpoint: present with forwarding on, address defaulted to .2", () => {
        const observed = gatewayEndpointKind.read(
            gateway,
            new Map([
                ["link", bridge(ours, ["10.201.1.2/24"])],
                ["forwarding", "1 1"],
                ["neighbor", "[]"],
            ]),
        );
        expect(observed!.state).to.deep.equal(gateway);
        expect(observed!.id).to.equal("lbt-cbr0/10.201.1.2");
        expect(observed!.details.macAddress).to.equal("aa-bb-cc-00-00-01");
    });

    it("gateway endpoint: forwarding off on the bridge is drift", () => {
        const observed = gatewayEndpointKind.read(
            gateway,
            new Map([
                ["link", bridge(ours, ["10.201.1.2/24"])],
                ["forwarding", "1 0"],
            ]),
        );
        expect(observed!.state.forwarding).to.equal(false);
    });

    it("gateway endpoint: without its address it is absent", () => {
        expect(
            gatewayEndpointKind.read(gateway, new Map([["link", bridge(ours, ["10.201.1.3/24"])]])),
        ).to.equal(null);
    });

    it("gateway endpoint: a permanent neighbor is reported in the spec's MAC form", () => {
        const spec = { ...gateway, gatewayNeighborMac: "00-01-E8-8B-2E-4B" };
        const observed = gatewayEndpointKind.read(
            spec,
            new Map([
                ["link", bridge(ours, ["10.201.1.2/24"])],
                ["forwarding", "1 1"],
                [
                    "neighbor",
                    '[{"dst":"10.201.1.1","lladdr":"00:01:e8:8b:2e:4b","state":["PERMANENT"]}]',
                ],
            ]),
        );
        expect(observed!.state.gatewayNeighborMac).to.equal("00-01-E8-8B-2E-4B");
    });

    const endpoint: ContainerEndpointSpec = {
        network: "lbt-cbr0",
        subnet: "10.201.1.0/24",
        container: "lbt-c1a",
        name: "lbt-v1a",
        ipAddress: "10.201.1.11",
        gateway: "10.201.1.2",
    };
    const hostSide = JSON.stringify([
        {
            ifname: "lbt-v1a",
            master: "lbt-cbr0",
            address: "aa:bb:cc:00:00:02",
            mtu: 1500,
            linkinfo: { info_kind: "veth", info_slave_data: { hairpin: true } },
            ifalias:
                "pulumi-l2bridge endpoint container=lbt-c1a interface=eth0 address=10.201.1.11 subnet=10.201.1.0/24",
        },
    ]);
    const peer = JSON.stringify([
        {
            ifname: "eth0",
            address: "aa:bb:cc:00:00:03",
            mtu: 1500,
            addr_info: [{ family: "inet", local: "10.201.1.11", prefixlen: 24 }],
        },
    ]);
    const defaultRoute = '[{"dst":"default","gateway":"10.201.1.2","dev":"eth0","flags":[]}]';
    const endpointSections = (overrides: Record<string, string> = {}) =>
        new Map(
            Object.entries({
                link: hostSide,
                peer,
                routes: defaultRoute,
                resolv: "nameserver 10.201.1.2\nsearch lbt.test\n",
                networkResolv: "nameserver @GATEWAY@\nsearch lbt.test\n",
                hosts: "10.201.1.11 lbt-c1a # ep=lbt-v1a",
                ...overrides,
            }),
        );

    it("container endpoint: veth, address, default route and resolv.conf match the spec", () => {
        const observed = containerEndpointKind.read(endpoint, endpointSections());
        expect(observed!.state).to.deep.equal(endpoint);
        expect(observed!.details).to.include({
            hairpin: true,
            nameRegistered: true,
            macAddress: "aa-bb-cc-00-00-03",
        });
    });

    it("container endpoint: looked up by name alone (as a dependency), it reports the marker's address", () => {
        const byName = { name: "lbt-v1a" } as ContainerEndpointSpec;
        expect(containerEndpointKind.observe(byName).params).to.include({
            container: "",
            network: "",
        });
        const observed = containerEndpointKind.read(byName, endpointSections());
        expect(observed!.state).to.include({
            ipAddress: "10.201.1.11",
            container: "lbt-c1a",
            network: "lbt-cbr0",
        });
    });

    it("container endpoint: a missing default route is drift", () => {
        const observed = containerEndpointKind.read(endpoint, endpointSections({ routes: "[]" }));
        expect(observed!.state.defaultRoute).to.equal(false);
    });

    it("container endpoint: a resolv.conf edited out of band is reported as the DNS it holds", () => {
        const observed = containerEndpointKind.read(
            endpoint,
            endpointSections({ resolv: "nameserver 8.8.8.8\n" }),
        );
        expect(observed!.state.dns).to.deep.equal({ servers: ["8.8.8.8"] });
    });

    it("container endpoint: a peer gone from the container reports an empty container", () => {
        const observed = containerEndpointKind.read(endpoint, endpointSections({ peer: "" }));
        expect(observed!.state.container).to.equal("");
    });

    it("container endpoint: a container name that is no namespace name is refused", () => {
        expect(() => containerEndpointKind.observe({ ...endpoint, container: "../etc" })).to.throw(
            /container "..\/etc" is not a network namespace name/,
        );
    });

    const routes: ContainerRouteSpec = {
        name: "l2bridge",
        routes: [
            { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
            { destinationPrefix: "10.201.3.0/24", nextHop: "10.200.0.13", metric: 5 },
        ],
    };
    const installed = JSON.stringify([
        {
            dst: "10.201.2.0/24",
            gateway: "10.200.0.12",
            dev: "lbt-eth0",
            protocol: "233",
            flags: [],
        },
        {
            dst: "10.201.4.0/24",
            gateway: "10.200.0.14",
            dev: "lbt-eth0",
            protocol: "233",
            flags: [],
        },
        {
            dst: "10.201.9.0/24",
            gateway: "10.200.0.19",
            dev: "lbt-eth0",
            protocol: "233",
            flags: [],
        },
    ]);
    const members = "# pulumi-l2bridge route set\n10.201.2.0/24\n10.201.4.0/24";

    it("route set: reports the set's routes, a missing one absent and a removed member still present", () => {
        const observed = containerRouteKind.read(
            routes,
            new Map([
                ["routes", installed],
                ["members", members],
            ]),
        );
        expect(observed!.state.routes).to.deep.equal([
            { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
            { destinationPrefix: "10.201.4.0/24", nextHop: "10.200.0.14" },
        ]);
    });

    it("route set: never claims an owned route of another set (not a member)", () => {
        const observed = containerRouteKind.read(
            routes,
            new Map([
                ["routes", installed],
                ["members", members],
            ]),
        );
        expect(JSON.stringify(observed!.state)).to.not.include("10.201.9.0/24");
    });

    it("route set: without members and routes the set is absent", () => {
        expect(
            containerRouteKind.read(
                routes,
                new Map([
                    ["routes", "[]"],
                    ["members", ""],
                ]),
            ),
        ).to.equal(null);
    });

    it("route set: the update deletes the stale member and installs only what differs", () => {
        const observed = containerRouteKind.read(
            routes,
            new Map([
                ["routes", installed],
                ["members", members],
            ]),
        );
        const call = containerRouteKind.converge({
            kind: "containerRoute",
            action: "update",
            desired: routes,
            observed,
        });
        expect(call.params.delete).to.equal("10.201.4.0/24\n");
        expect(call.params.install).to.equal("10.201.3.0/24 10.200.0.13 5 -\n");
        expect(call.params.members).to.equal(
            "# pulumi-l2bridge route set\n10.201.2.0/24\n10.201.3.0/24\n",
        );
    });

    it("route set: a next hop that is not an address is refused before any host is touched", () => {
        const bad = {
            ...routes,
            routes: [{ destinationPrefix: "10.201.2.0/24", nextHop: "host-b; reboot" }],
        };
        expect(() =>
            containerRouteKind.converge({
                kind: "containerRoute",
                action: "create",
                desired: bad,
                observed: null,
            }),
        ).to.throw(/nextHop of 10.201.2.0\/24 "host-b; reboot" is not an IPv4 address/);
    });
});
