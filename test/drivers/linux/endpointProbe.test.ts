/**
 * What `find_endpoints` output says about an address, decided in TypeScript: sections in the form
 * iproute2 6.1 prints them (`ip -o route get`, `ip -j neigh`, `bridge -j fdb`, `ip -j -d link`).
 */
import { expect } from "chai";
import {
    findEndpointsParams,
    findingFor,
    networksOf,
} from "../../../provider/drivers/linux/endpointProbe";
import type { EndpointFinding } from "../../../provider/drivers/foreignEndpoints";
import { endpointAclKind } from "../../../provider/drivers/linux/endpointAcl";
import { hnsLoadBalancerKind } from "../../../provider/drivers/linux/hnsLoadBalancer";
import { portPublishKind } from "../../../provider/drivers/linux/portPublish";

const bridge = "cbr0";
const marker = "pulumi-l2bridge network subnet=10.244.1.0/24 gateway=10.244.1.1";
const containerMac = "32:8b:35:c9:40:f6";

const networks = JSON.stringify([
    { ifname: bridge, ifalias: marker, linkinfo: { info_kind: "bridge" } },
    { ifname: "docker0", linkinfo: { info_kind: "bridge" } },
]);
const ports = JSON.stringify([
    { ifname: "veth1a2b", master: bridge, linkinfo: { info_kind: "veth" } },
    { ifname: "vx0", master: bridge, linkinfo: { info_kind: "vxlan" } },
    { ifname: "eth1", master: bridge },
]);
const neighbour = (state: string, mac?: string): string =>
    JSON.stringify([{ dst: "10.244.1.10", ...(mac ? { lladdr: mac } : {}), state: [state] }]);
const fdb = (port: string): string =>
    JSON.stringify([
        { mac: "33:33:00:00:00:01", ifname: bridge, flags: ["self"], state: "permanent" },
        { mac: containerMac, ifname: port, flags: [], master: bridge, state: "" },
    ]);
const onBridge = "10.244.1.10 dev cbr0 src 10.244.1.2 uid 0 \\    cache";

function sections(extra: Record<string, string>): Map<string, string> {
    return new Map(Object.entries({ networks, [`ports ${bridge}`]: ports, ...extra }));
}

type Row = [
    title: string,
    address: string,
    found: Record<string, string>,
    expected: EndpointFinding,
];

const rows: Row[] = [
    [
        "an address that answers through a veth port is found, with that port",
        "10.244.1.10",
        {
            "route 10.244.1.10": onBridge,
            [`neigh ${bridge}`]: neighbour("REACHABLE", containerMac),
            [`fdb ${bridge}`]: fdb("veth1a2b"),
        },
        {
            status: "found",
            address: "10.244.1.10",
            network: bridge,
            subnet: "10.244.1.0/24",
            id: "veth1a2b",
        },
    ],
    [
        "an address nothing answers for (the ARP request failed) is missing in its network",
        "10.244.1.10",
        { "route 10.244.1.10": onBridge, [`neigh ${bridge}`]: neighbour("FAILED") },
        { status: "missing", network: { name: bridge, subnet: "10.244.1.0/24" } },
    ],
    [
        "an answer whose MAC no port holds any more (the veth was deleted) is missing",
        "10.244.1.10",
        {
            "route 10.244.1.10": onBridge,
            [`neigh ${bridge}`]: neighbour("REACHABLE", containerMac),
            [`fdb ${bridge}`]: "[]",
        },
        { status: "missing", network: { name: bridge, subnet: "10.244.1.0/24" } },
    ],
    [
        "an address outside every network of the host is outside, even when the host routes it",
        "10.244.2.10",
        { "route 10.244.2.10": "10.244.2.10 via 10.0.0.12 dev eth0 src 10.0.0.11 uid 0" },
        { status: "outside" },
    ],
    [
        "the network's nominal gateway is not an endpoint",
        "10.244.1.1",
        { "route 10.244.1.1": "10.244.1.1 dev cbr0 src 10.244.1.2 uid 0" },
        { status: "notEndpoint", why: "is the nominal gateway of network cbr0" },
    ],
    [
        "the host's own address on the bridge is not an endpoint",
        "10.244.1.2",
        { "route 10.244.1.2": "local 10.244.1.2 dev lo src 10.244.1.2 uid 0" },
        { status: "notEndpoint", why: "is an address of the host itself" },
    ],
    [
        "an address of the network the host does not route to the bridge (no GatewayEndpoint)",
        "10.244.1.10",
        { "route 10.244.1.10": "10.244.1.10 via 10.0.0.1 dev eth0 src 10.0.0.11 uid 0" },
        {
            status: "notEndpoint",
            why: "is in network cbr0 (10.244.1.0/24), but the host routes it through eth0 (the network has no GatewayEndpoint on this host?)",
        },
    ],
    [
        "an answer through the VXLAN port comes from a container of another host",
        "10.244.1.10",
        {
            "route 10.244.1.10": onBridge,
            [`neigh ${bridge}`]: neighbour("REACHABLE", containerMac),
            [`fdb ${bridge}`]: fdb("vx0"),
        },
        {
            status: "notEndpoint",
            why: "answers through the overlay port vx0 of cbr0, so it is a container of another host",
        },
    ],
    [
        "an answer through the uplink comes from a machine outside the host",
        "10.244.1.10",
        {
            "route 10.244.1.10": onBridge,
            [`neigh ${bridge}`]: neighbour("REACHABLE", containerMac),
            [`fdb ${bridge}`]: fdb("eth1"),
        },
        {
            status: "notEndpoint",
            why: "answers through port eth1 of cbr0, which is not a container's veth, so it is a machine outside this host",
        },
    ],
];

describe("Linux: an endpoint another program made, found by its address", () => {
    for (const [title, address, found, expected] of rows) {
        it(title, () => {
            expect(findingFor(sections(found), address)).to.deep.equal(expected);
        });
    }

    it("only bridges carrying the network marker are the host's networks (docker0 is not)", () => {
        expect(networksOf(sections({}))).to.deep.equal([
            { name: bridge, subnet: "10.244.1.0/24", gateway: "10.244.1.1" },
        ]);
    });

    it("an address that is not an IPv4 address never reaches the host script", () => {
        expect(() => findEndpointsParams(["10.244.1.10", "10.0.0.1; reboot"])).to.throw(
            '"10.0.0.1; reboot" is not an IPv4 address',
        );
    });
});

describe("Linux: an endpoint address that is not an address never reaches a host script", () => {
    const hostile = ["10.244.1.10 10.0.0.1", "$(reboot)", "10.244.1.10\n", "*", ""];
    for (const address of hostile) {
        it(`${JSON.stringify(address)} is refused by observe and prepare of each kind`, () => {
            const publish = { endpointIp: address, hostPort: 8080, containerPort: 80 };
            const acl = { endpointIp: address, rules: [] };
            const balancer = {
                name: "web",
                network: "cbr0",
                frontendVip: "10.96.0.10",
                frontendPort: 80,
                backends: [address],
            };
            expect(() => portPublishKind.observe(publish)).to.throw("is not an IPv4 address");
            expect(() => portPublishKind.prepare!(publish)).to.throw("is not an IPv4 address");
            expect(() => endpointAclKind.observe(acl)).to.throw("is not an IPv4 address");
            expect(() => hnsLoadBalancerKind.observe(balancer)).to.throw("is not an IPv4 address");
            expect(() => hnsLoadBalancerKind.prepare!(balancer)).to.throw("is not an IPv4 address");
        });
    }
});
