import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
    MockRecorder,
    isSecretInput,
    revealInput,
    unwrap,
} from "../../tools/pulumi-mocks/mockRecorder";
import { windowsHosts } from "../../tools/pulumi-mocks/hostFixtures";

type ClusterModule = typeof import("../../components/l2BridgeCluster");
type AzureClusterModule = typeof import("../../components/azureL2BridgeCluster");

const networkType = "pulumi-nodejs:dynamic/l2bridge:L2BridgeNetwork";
const gatewayType = "pulumi-nodejs:dynamic/l2bridge:GatewayEndpoint";
const routeType = "pulumi-nodejs:dynamic/l2bridge:ContainerRoute";
const routeTableType = "azure-native:network:RouteTable";

describe("L2BridgeCluster under mocks", () => {
    const mocks = new MockRecorder();
    let cluster: ClusterModule;
    let azureCluster: AzureClusterModule;

    before(async () => {
        // Mocks must be installed before the module that creates resources is loaded.
        await pulumi.runtime.setMocks(mocks, "project", "stack", false);
        cluster = await import("../../components/l2BridgeCluster");
        azureCluster = await import("../../components/azureL2BridgeCluster");
    });

    beforeEach(() => mocks.reset());

    async function build(hostCount: number, extra: Partial<Parameters<typeof create>[0]> = {}) {
        return create({ hosts: windowsHosts(hostCount), hostSubnet: "10.0.0.0/16", ...extra });
    }

    async function create(
        args: import("../../components/l2BridgeClusterTypes").L2BridgeClusterArgs,
    ) {
        // The azure option needs the cluster of the Azure entry point.
        if (args.azure) {
            const component = new azureCluster.AzureL2BridgeCluster("lab", args);
            await unwrap(component.hostIds);
            await unwrap(component.routeTable!.subnetId);
            return component;
        }
        const component = new cluster.L2BridgeCluster("lab", args);
        await unwrap(component.hostIds);
        return component;
    }

    for (const hostCount of [1, 2, 20]) {
        describe(`with ${hostCount} host(s)`, () => {
            it(`registers one component and exactly ${hostCount} networks, gateways and route sets`, async () => {
                await build(hostCount);
                const types = mocks.registrations.map((registration) => registration.type);
                expect(
                    types.filter((type) => type === "l2bridge:index:L2BridgeCluster"),
                ).to.have.length(1);
                expect(mocks.ofType(networkType)).to.have.length(hostCount);
                expect(mocks.ofType(gatewayType)).to.have.length(hostCount);
                expect(mocks.ofType(routeType)).to.have.length(hostCount);
                expect(mocks.registrations).to.have.length(1 + 3 * hostCount);
            });

            it("names every child from the cluster and host names", async () => {
                await build(hostCount);
                const expected = windowsHosts(hostCount).flatMap((host) => [
                    `lab-${host.name}-network`,
                    `lab-${host.name}-gateway`,
                    `lab-${host.name}-routes`,
                ]);
                const names = mocks.registrations.filter((r) => r.custom).map((r) => r.name);
                expect(names.sort()).to.deep.equal(expected.sort());
            });

            it("passes every host's exact network and gateway inputs", async () => {
                await build(hostCount);
                const hosts = windowsHosts(hostCount);
                const exceptions = [...hosts.map((host) => host.containerSubnet), "10.0.0.0/16"];
                for (const host of hosts) {
                    const subnetBase = host.containerSubnet.replace(/\.0\/24$/, "");
                    const network = { ...mocks.named(`lab-${host.name}-network`).inputs };
                    const gateway = { ...mocks.named(`lab-${host.name}-gateway`).inputs };
                    for (const inputs of [network, gateway]) {
                        expect(revealInput(inputs.connection).host).to.equal(host.connection.host);
                        delete inputs.connection;
                        delete inputs.__provider;
                    }
                    expect(network, host.name).to.deep.equal({
                        name: "l2bridge",
                        subnet: host.containerSubnet,
                        gateway: `${subnetBase}.1`,
                        outboundNat: { enabled: true, exceptions },
                    });
                    expect(gateway, host.name).to.deep.equal({
                        network: "l2bridge",
                        subnet: host.containerSubnet,
                        ipAddress: `${subnetBase}.2`,
                    });
                }
            });

            it(`gives every route set ${hostCount - 1} route(s): each other host's subnet via that host's IP`, async () => {
                await build(hostCount);
                const hosts = windowsHosts(hostCount);
                for (const host of hosts) {
                    const routes = mocks.named(`lab-${host.name}-routes`).inputs.routes;
                    const expected = hosts
                        .filter((peer) => peer.name !== host.name)
                        .map((peer) => ({
                            destinationPrefix: peer.containerSubnet,
                            nextHop: peer.hostIp,
                        }));
                    expect(routes, host.name).to.deep.equal(expected);
                }
            });
        });
    }

    it("passes the derived network inputs: name, subnet, .1 gateway and NAT exceptions of every subnet plus the host subnet", async () => {
        await build(2, { natExceptions: ["192.168.50.0/24"] });
        const inputs = mocks.named("lab-win2-network").inputs;
        expect(inputs.name).to.equal("l2bridge");
        expect(inputs.subnet).to.equal("10.244.1.0/24");
        expect(inputs.gateway).to.equal("10.244.1.1");
        expect(inputs.outboundNat).to.deep.equal({
            enabled: true,
            exceptions: ["10.244.0.0/24", "10.244.1.0/24", "10.0.0.0/16", "192.168.50.0/24"],
        });
        expect(revealInput(inputs.connection)).to.include({ host: "win2.example", os: "windows" });
        expect(
            isSecretInput(inputs.connection),
            "connection carrying a private key is secret",
        ).to.equal(true);
    });

    it("puts the gateway endpoint on .2 of the host's subnet, on the cluster's network", async () => {
        await build(2, { networkName: "cbr0" });
        const inputs = mocks.named("lab-win1-gateway").inputs;
        expect(inputs).to.include({
            network: "cbr0",
            subnet: "10.244.0.0/24",
            ipAddress: "10.244.0.2",
        });
        expect(mocks.named("lab-win1-routes").inputs.name).to.equal("cbr0");
    });

    it("parents children to the cluster (the URN carries the component type)", async () => {
        const component = await build(1);
        const urn = await unwrap(component.hostResources.win1.network.urn);
        expect(urn).to.equal(
            `urn:pulumi:stack::project::l2bridge:index:L2BridgeCluster$${networkType}::lab-win1-network`,
        );
    });

    it("publishes each host's child IDs by host name", async () => {
        const component = await build(2);
        expect(await unwrap(component.hostIds)).to.deep.equal({
            win1: {
                networkId: "lab-win1-network-id",
                gatewayEndpointId: "lab-win1-gateway-id",
                containerRouteId: "lab-win1-routes-id",
            },
            win2: {
                networkId: "lab-win2-network-id",
                gatewayEndpointId: "lab-win2-gateway-id",
                containerRouteId: "lab-win2-routes-id",
            },
        });
    });

    it("takes the OS from the connection, so Linux hosts plan as Linux", async () => {
        const hosts = windowsHosts(2).map((host) => ({
            ...host,
            connection: { ...host.connection, os: "linux" as const },
        }));
        const component = await create({ hosts, hostSubnet: "10.0.0.0/16" });
        expect(component.plan.hosts.map((host) => host.os)).to.deep.equal(["linux", "linux"]);
        expect(mocks.ofType(networkType)).to.have.length(2);
    });

    it("accepts an exception that swallows SNAT destinations but publishes the warning", async () => {
        const component = await build(2, { natExceptions: ["10.0.0.0/8"] });
        expect(component.plan.warnings).to.have.length(1);
        expect(component.plan.warnings[0]).to.include(
            'natExceptions: "10.0.0.0/8" covers the cluster\'s ranges',
        );
        expect(mocks.ofType(networkType)).to.have.length(2);
    });

    it("creates no Azure resources without the azure option", async () => {
        await build(3);
        expect(
            mocks.registrations.filter((r) => r.type.startsWith("azure-native:")),
        ).to.have.length(0);
    });

    for (const hostCount of [1, 2, 20]) {
        it(`with azure and ${hostCount} host(s), Azure routes match the host routes one to one`, async () => {
            await build(hostCount, {
                azure: { resourceGroupName: "rg", virtualNetworkName: "vnet", subnetName: "hosts" },
            });
            const tables = mocks.ofType(routeTableType);
            expect(tables).to.have.length(1);
            const azureRoutes = (tables[0].inputs.routes as Record<string, unknown>[]).map(
                (route) => ({
                    destinationPrefix: route.addressPrefix,
                    nextHop: route.nextHopIpAddress,
                    nextHopType: route.nextHopType,
                }),
            );
            // Every (prefix, next hop) any host routes to appears exactly once in Azure, and vice versa.
            const hostRoutes = new Map<string, unknown>();
            for (const registration of mocks.ofType(routeType)) {
                for (const route of registration.inputs.routes as Record<string, unknown>[]) {
                    hostRoutes.set(String(route.destinationPrefix), route.nextHop);
                }
            }
            const hosts = windowsHosts(hostCount);
            expect(azureRoutes).to.deep.equal(
                hosts.map((host) => ({
                    destinationPrefix: host.containerSubnet,
                    nextHop: host.hostIp,
                    nextHopType: "VirtualAppliance",
                })),
            );
            if (hostCount > 1) {
                expect(Object.fromEntries(hostRoutes)).to.deep.equal(
                    Object.fromEntries(
                        azureRoutes.map((route) => [route.destinationPrefix, route.nextHop]),
                    ),
                );
            }
        });
    }

    it("with azure, names the route table component and its children from the cluster name", async () => {
        await build(2, {
            azure: { resourceGroupName: "rg", virtualNetworkName: "vnet", subnetName: "hosts" },
        });
        const azureNames = mocks.registrations
            .filter(
                (r) =>
                    r.type.startsWith("azure-native:") ||
                    r.type === "l2bridge:index:AzureRouteTable",
            )
            .map((r) => `${r.type} ${r.name}`);
        expect(azureNames.sort()).to.deep.equal(
            [
                "l2bridge:index:AzureRouteTable lab-azure",
                "azure-native:network:RouteTable lab-azure-table",
                "azure-native:network:Subnet lab-azure-subnet",
            ].sort(),
        );
    });
});
