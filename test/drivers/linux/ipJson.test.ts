import { expect } from "chai";
import {
    colonMac,
    dashMac,
    parseLinks,
    parseNeighbors,
    parseRoutes,
} from "../../../provider/drivers/linux/ipJson";

/** `ip -j -d link show dev vq1` of a bridge port with an alias and hairpin (iproute2 6.1). */
const portLink = JSON.stringify([
    {
        ifindex: 6,
        link: "vq2",
        ifname: "vq1",
        flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
        mtu: 1450,
        master: "br9",
        address: "16:9a:f4:fe:90:b7",
        linkinfo: {
            info_kind: "veth",
            info_slave_kind: "bridge",
            info_slave_data: { hairpin: true },
        },
        ifalias:
            "pulumi-l2bridge endpoint container=c1 interface=eth0 address=10.0.0.5 subnet=10.0.0.0/24",
    },
]);

/** `ip -j addr show dev br9` with an IPv4 and an IPv6 address. */
const bridgeAddresses = JSON.stringify([
    {
        ifname: "br9",
        flags: ["BROADCAST", "MULTICAST"],
        mtu: 1500,
        address: "16:9a:f4:fe:90:b7",
        addr_info: [
            { family: "inet", local: "10.201.9.2", prefixlen: 24 },
            { family: "inet6", local: "fe80::1", prefixlen: 64 },
        ],
    },
]);

describe("iproute2 JSON parsers", () => {
    it("reads name, kind, master, alias, MTU, MAC, state and hairpin of a bridge port", () => {
        expect(parseLinks(portLink)[0]).to.deep.equal({
            name: "vq1",
            kind: "veth",
            master: "br9",
            alias: "pulumi-l2bridge endpoint container=c1 interface=eth0 address=10.0.0.5 subnet=10.0.0.0/24",
            mtu: 1450,
            mac: "16:9a:f4:fe:90:b7",
            up: true,
            hairpin: true,
            ipv4: [],
        });
    });

    it("keeps only IPv4 addresses, as address/prefix, and reports a down link", () => {
        const [link] = parseLinks(bridgeAddresses);
        expect(link.ipv4).to.deep.equal(["10.201.9.2/24"]);
        expect(link.up).to.equal(false);
        expect(link.master).to.equal("");
    });

    it("reads an empty section (absent object) as no links", () => {
        expect(parseLinks("")).to.deep.equal([]);
    });

    it("rejects output that is not a JSON list, quoting it", () => {
        expect(() => parseLinks('{"a":1}')).to.throw(/expected a JSON list from iproute2/);
    });

    it("reads routes with and without metric, host routes as /32", () => {
        const output = JSON.stringify([
            { dst: "10.201.7.0/24", gateway: "10.201.9.5", dev: "br9", protocol: "233", flags: [] },
            { dst: "10.201.8.0/24", gateway: "10.201.9.5", dev: "br9", metric: 5, flags: [] },
            { dst: "10.9.9.9", dev: "eth0", flags: [] },
            { dst: "default", gateway: "10.0.0.1", dev: "eth0", flags: [] },
        ]);
        expect(parseRoutes(output)).to.deep.equal([
            {
                destination: "10.201.7.0/24",
                gateway: "10.201.9.5",
                device: "br9",
                metric: 0,
                protocol: "233",
            },
            {
                destination: "10.201.8.0/24",
                gateway: "10.201.9.5",
                device: "br9",
                metric: 5,
                protocol: "",
            },
            { destination: "10.9.9.9/32", gateway: "", device: "eth0", metric: 0, protocol: "" },
            {
                destination: "default",
                gateway: "10.0.0.1",
                device: "eth0",
                metric: 0,
                protocol: "",
            },
        ]);
    });

    it("reads a permanent neighbor entry", () => {
        const output = '[{"dst":"10.201.9.1","lladdr":"00:01:e8:8b:2e:4b","state":["PERMANENT"]}]';
        expect(parseNeighbors(output)).to.deep.equal([
            { address: "10.201.9.1", mac: "00:01:e8:8b:2e:4b", permanent: true },
        ]);
    });

    it("converts MAC addresses between the dash and colon forms", () => {
        expect(colonMac("00-01-E8-8B-2E-4B")).to.equal("00:01:e8:8b:2e:4b");
        expect(dashMac("00:01:E8:8B:2E:4B")).to.equal("00-01-e8-8b-2e-4b");
    });
});
