import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { L2BridgeClusterArgs } from "../../components/l2BridgeClusterTypes";
import { MockRecorder, unwrap } from "../../tools/pulumi-mocks/mockRecorder";
import { windowsHosts } from "../../tools/pulumi-mocks/hostFixtures";

type ClusterModule = typeof import("../../components/l2BridgeCluster");

/** A valid three-host cluster: win1..win3 on 10.0.0.0/16 with 10.244.0-2.0/24. */
function baseArgs(): L2BridgeClusterArgs {
    return { hosts: windowsHosts(3), hostSubnet: "10.0.0.0/16" };
}

function withHost(index: number, change: object): L2BridgeClusterArgs {
    const args = baseArgs();
    args.hosts[index] = { ...args.hosts[index], ...change };
    return args;
}

interface Row {
    what: string;
    args: () => L2BridgeClusterArgs;
    /** Lines the message must contain, each naming the hosts and values involved. */
    expected: string[];
}

const rows: Row[] = [
    {
        what: "overlapping container subnets",
        args: () => withHost(2, { containerSubnet: "10.244.0.0/23" }),
        expected: [
            'hosts[2] (win3): containerSubnet "10.244.0.0/23" overlaps hosts[0] (win1) containerSubnet "10.244.0.0/24"',
            'hosts[2] (win3): containerSubnet "10.244.0.0/23" overlaps hosts[1] (win2) containerSubnet "10.244.1.0/24"',
        ],
    },
    {
        what: "a container subnet inside the host network",
        args: () => withHost(0, { containerSubnet: "10.0.200.0/24" }),
        expected: [
            'hosts[0] (win1): containerSubnet "10.0.200.0/24" overlaps hostSubnet "10.0.0.0/16"',
        ],
    },
    {
        what: "duplicate host names (case-insensitive)",
        args: () => withHost(1, { name: "WIN1" }),
        expected: ['hosts[1] (WIN1): name "WIN1" duplicates hosts[0] (win1)'],
    },
    {
        what: "duplicate host IPs",
        args: () => withHost(2, { hostIp: "10.0.0.4" }),
        expected: [
            'hosts[2] (win3): hostIp "10.0.0.4" duplicates hosts[0] (win1) hostIp "10.0.0.4"',
        ],
    },
    {
        what: "a host IP outside the host network",
        args: () => withHost(1, { hostIp: "192.168.1.5" }),
        expected: ['hosts[1] (win2): hostIp "192.168.1.5" is outside hostSubnet "10.0.0.0/16"'],
    },
    {
        what: "a host IP that is the host network's broadcast address",
        args: () => withHost(0, { hostIp: "10.0.255.255" }),
        expected: [
            'hosts[0] (win1): hostIp "10.0.255.255" is the network or broadcast address of hostSubnet "10.0.0.0/16"',
        ],
    },
    {
        what: "a host IP that is not an address",
        args: () => withHost(1, { hostIp: "10.0.0.256" }),
        expected: ['hosts[1] (win2): hostIp "10.0.0.256" is not an IPv4 address'],
    },
    {
        what: "a container subnet that is not a CIDR",
        args: () => withHost(0, { containerSubnet: "10.244.0.0/33" }),
        expected: ['hosts[0] (win1): containerSubnet: "10.244.0.0/33" is not an IPv4 CIDR'],
    },
    {
        what: "a container subnet with host bits set",
        args: () => withHost(1, { containerSubnet: "10.244.1.7/24" }),
        expected: [
            'hosts[1] (win2): containerSubnet: "10.244.1.7/24" has host bits set; use "10.244.1.0/24"',
        ],
    },
    {
        what: "a container subnet too small for gateway and containers",
        args: () => withHost(1, { containerSubnet: "10.244.1.0/30" }),
        expected: [
            'hosts[1] (win2): containerSubnet "10.244.1.0/30" is too small; use a prefix length of at most /29',
        ],
    },
    {
        what: "a host network that is not a CIDR",
        args: () => ({ ...baseArgs(), hostSubnet: "10.0.0.0" }),
        expected: ['hostSubnet: "10.0.0.0" is not an IPv4 CIDR'],
    },
    {
        what: "no hosts",
        args: () => ({ ...baseArgs(), hosts: [] }),
        expected: ["hosts: no hosts given; list at least one host"],
    },
    {
        what: "a host name unfit for resource names",
        args: () => withHost(0, { name: "win 1" }),
        expected: ['hosts[0] (win 1): name "win 1" is not valid'],
    },
    {
        what: "an os that disagrees with the connection",
        args: () => withHost(1, { os: "linux" }),
        expected: ['hosts[1] (win2): os "linux" disagrees with connection.os "windows"'],
    },
    {
        what: "an os that cannot be known at preview",
        args: () =>
            withHost(2, {
                connection: pulumi.output({ host: "h", user: "u", os: "windows" as const }),
            }),
        expected: ["hosts[2] (win3): os is unknown because connection.os is not a plain value"],
    },
    {
        what: "a network name longer than 15 bytes",
        args: () => ({ ...baseArgs(), networkName: "l2bridge-cluster-net" }),
        expected: ['networkName: "l2bridge-cluster-net" is not valid'],
    },
    {
        what: "a NAT exception that is not a CIDR",
        args: () => ({ ...baseArgs(), natExceptions: ["172.16.0.0/12", "corp-net"] }),
        expected: ['natExceptions[1]: "corp-net" is not an IPv4 CIDR'],
    },
    {
        what: "an Azure subnet given both by ID and by name",
        args: () => ({
            ...baseArgs(),
            azure: {
                resourceGroupName: "rg",
                subnetId:
                    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/hosts",
                virtualNetworkName: "v",
                subnetName: "hosts",
            },
        }),
        expected: ["azure.subnetId: given together with virtualNetworkName/subnetName"],
    },
    {
        what: "an Azure subnet ID that is not one",
        args: () => ({ ...baseArgs(), azure: { resourceGroupName: "rg", subnetId: "hosts" } }),
        expected: ['azure.subnetId: "hosts" is not a subnet resource ID'],
    },
    {
        what: "the azure option on the cluster of the package root, which loads no Azure package",
        args: () => ({
            ...baseArgs(),
            azure: { resourceGroupName: "rg", virtualNetworkName: "vnet", subnetName: "hosts" },
        }),
        expected: [
            'azure: set on the L2BridgeCluster of "pulumi-l2bridge", which loads no Azure package; import { L2BridgeCluster } from "pulumi-l2bridge/azure" (with @pulumi/azure-native installed), or drop azure',
        ],
    },
];

describe("L2BridgeCluster rejects bad input at preview", () => {
    const mocks = new MockRecorder();
    let cluster: ClusterModule;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", true);
        cluster = await import("../../components/l2BridgeCluster");
    });

    after(async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    });

    beforeEach(() => mocks.reset());

    function rejection(args: L2BridgeClusterArgs): Error {
        try {
            new cluster.L2BridgeCluster("lab", args);
        } catch (error) {
            return error as Error;
        }
        throw new Error("the cluster was accepted");
    }

    it("accepts the valid base cluster (so every row below fails for its own reason)", async () => {
        const accepted = new cluster.L2BridgeCluster("lab", baseArgs());
        // Wait for the last child's registration so it cannot leak into the next row.
        await unwrap(accepted.hostResources.win3.routes.urn);
        expect(mocks.ofType("pulumi-nodejs:dynamic/l2bridge:ContainerRoute")).to.have.length(3);
    });

    for (const row of rows) {
        it(`rejects ${row.what}, naming the hosts and values, before registering anything`, () => {
            const error = rejection(row.args());
            expect(error.name).to.equal("ComponentValidationError");
            for (const line of row.expected) {
                expect(error.message).to.include(line);
            }
            expect(mocks.registrations).to.have.length(0);
        });
    }

    it("reports every problem at once, one bullet each, under a heading naming the cluster", () => {
        const args = withHost(1, { hostIp: "10.0.0.4", containerSubnet: "10.244.0.0/24" });
        args.networkName = "bad name";
        const error = rejection(args);
        expect(error.message.split("\n")).to.deep.equal([
            'L2BridgeCluster "lab" has 3 invalid inputs:',
            '  - hosts[1] (win2): hostIp "10.0.0.4" duplicates hosts[0] (win1) hostIp "10.0.0.4"; every host needs its own address',
            '  - hosts[1] (win2): containerSubnet "10.244.0.0/24" overlaps hosts[0] (win1) containerSubnet "10.244.0.0/24"; give each host a disjoint subnet',
            '  - networkName: "bad name" is not valid; use 1..15 letters, digits, "-", "_" and "."',
        ]);
    });
});
