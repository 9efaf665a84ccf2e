import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { AzureRouteTableArgs } from "../../components/azureRouteTableTypes";
import { MockRecorder, mockValues, unwrap } from "../../tools/pulumi-mocks/mockRecorder";

type RouteTableModule = typeof import("../../components/azureRouteTable");

const hosts = [
    { name: "win1", hostIp: "10.0.0.4", containerSubnet: "10.244.1.0/24" },
    { name: "win2", hostIp: "10.0.0.5", containerSubnet: "10.244.2.0/24" },
];

function args(extra: Partial<AzureRouteTableArgs> = {}): AzureRouteTableArgs {
    return {
        resourceGroupName: "rg",
        virtualNetworkName: "vnet",
        subnetName: "hosts",
        hosts,
        hostSubnet: "10.0.0.0/24",
        ...extra,
    };
}

const plannedRoutes = [
    {
        name: "win1-10-244-1-0-24",
        addressPrefix: "10.244.1.0/24",
        nextHopType: "VirtualAppliance",
        nextHopIpAddress: "10.0.0.4",
    },
    {
        name: "win2-10-244-2-0-24",
        addressPrefix: "10.244.2.0/24",
        nextHopType: "VirtualAppliance",
        nextHopIpAddress: "10.0.0.5",
    },
];

describe("AzureRouteTable under mocks", () => {
    const mocks = new MockRecorder();
    let module: RouteTableModule;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", false);
        module = await import("../../components/azureRouteTable");
    });

    beforeEach(() => mocks.reset());

    async function create(routeArgs: AzureRouteTableArgs) {
        const table = new module.AzureRouteTable("udr", routeArgs);
        await unwrap(table.subnetId);
        return table;
    }

    it("inline mode: one RouteTable listing one VirtualAppliance route per host, and one Subnet", async () => {
        await create(args());
        expect(mocks.registrations.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
            "l2bridge:index:AzureRouteTable udr",
            "azure-native:network:RouteTable udr-table",
            "azure-native:network:Subnet udr-subnet",
        ]);
        expect(mocks.named("udr-table").inputs).to.deep.equal({
            resourceGroupName: "rg",
            routeTableName: "udr",
            disableBgpRoutePropagation: false,
            routes: plannedRoutes,
        });
    });

    it("standalone mode: a table without routes and one Route resource per host, never both", async () => {
        await create(args({ routeMode: "standalone", routeTableName: "cluster-udr" }));
        expect(mocks.named("udr-table").inputs).to.not.have.property("routes");
        const routes = mocks.ofType("azure-native:network:Route");
        expect(routes.map((route) => route.name)).to.deep.equal([
            "udr-win1-10-244-1-0-24",
            "udr-win2-10-244-2-0-24",
        ]);
        expect(routes.map((route) => route.inputs)).to.deep.equal(
            plannedRoutes.map((route) => ({
                resourceGroupName: "rg",
                routeTableName: "cluster-udr",
                routeName: route.name,
                addressPrefix: route.addressPrefix,
                nextHopType: route.nextHopType,
                nextHopIpAddress: route.nextHopIpAddress,
            })),
        );
    });

    it("associates the route table with the hosts' subnet given by name, with the hosts' prefix", async () => {
        await create(args({ networkSecurityGroupId: "/nsg/id" }));
        // azure-native adds its own defaults (private endpoint policies); ours must all be there.
        expect(mocks.named("udr-subnet").inputs).to.deep.include({
            resourceGroupName: "rg",
            virtualNetworkName: "vnet",
            subnetName: "hosts",
            addressPrefix: "10.0.0.0/24",
            routeTable: {
                id: `${mockValues.subscription}/resourceGroups/rg/providers/Microsoft.Network/routeTables/udr`,
            },
            networkSecurityGroup: { id: "/nsg/id" },
        });
    });

    it("associates the subnet given by resource ID, taking its group and names from the ID", async () => {
        const subnetId =
            "/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/core/subnets/containers";
        await create({
            ...args({ subnetId }),
            virtualNetworkName: undefined,
            subnetName: undefined,
        });
        expect(mocks.named("udr-subnet").inputs).to.include({
            resourceGroupName: "net-rg",
            virtualNetworkName: "core",
            subnetName: "containers",
        });
    });

    it("passes disableBgpRoutePropagation through", async () => {
        await create(args({ disableBgpRoutePropagation: true }));
        expect(mocks.named("udr-table").inputs.disableBgpRoutePropagation).to.equal(true);
    });

    it("publishes the route plan and the IDs of table and subnet", async () => {
        const table = await create(args());
        expect(table.routePlan).to.deep.equal(plannedRoutes);
        expect(await unwrap(table.subnetId)).to.equal(
            `${mockValues.subscription}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/hosts`,
        );
    });

    const badRows: { what: string; args: AzureRouteTableArgs; expected: string }[] = [
        {
            what: "no subnet to associate",
            args: { ...args(), virtualNetworkName: undefined, subnetName: undefined },
            expected: "subnetId: no subnet given; give subnetId or virtualNetworkName + subnetName",
        },
        {
            what: "a virtual network without a subnet name",
            args: { ...args(), subnetName: undefined },
            expected: "subnetName: missing; virtualNetworkName and subnetName go together",
        },
        {
            what: "a route table name Azure refuses",
            args: args({ routeTableName: "-udr" }),
            expected: 'routeTableName: "-udr" is not a valid Azure name',
        },
        {
            what: "an unknown route mode",
            args: args({ routeMode: "both" as never }),
            expected: 'routeMode: "both" is not a route mode; use "inline" or "standalone"',
        },
        {
            what: "overlapping host subnets",
            args: args({ hosts: [hosts[0], { ...hosts[1], containerSubnet: "10.244.1.128/25" }] }),
            expected:
                'hosts[1] (win2): containerSubnet "10.244.1.128/25" overlaps hosts[0] (win1) containerSubnet "10.244.1.0/24"',
        },
    ];

    for (const row of badRows) {
        it(`rejects ${row.what} before creating anything`, () => {
            expect(() => new module.AzureRouteTable("udr", row.args)).to.throw(row.expected);
            expect(mocks.registrations).to.have.length(0);
        });
    }
});
