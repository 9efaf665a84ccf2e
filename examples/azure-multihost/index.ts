// Windows Server 2022 container hosts on one Azure subnet, joined by an l2bridge network: Azure
// routes for every container subnet, the route mesh between the hosts, and the l2bridge article's
// web tier on top (a container per host, a load balancer over them, ACLs and a published port).
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import {
    ContainerEndpoint,
    EndpointAcl,
    HnsLoadBalancer,
    L2BridgeCluster,
    PortPublish,
} from "pulumi-l2bridge";
import { AzureRouteTable, WindowsContainerHost } from "pulumi-l2bridge/azure";

const config = new pulumi.Config();
const hostCount = config.getNumber("hostCount") ?? 2;
/** Where SSH may come from, such as your workstation's public address with /32. */
const managementSourcePrefix = config.require("managementSourcePrefix");
const adminPassword = config.requireSecret("adminPassword");
const sshPublicKey = config.require("sshPublicKey");
const sshPrivateKey = config.requireSecret("sshPrivateKey");
/** ID of the web container already running on each host, by host name (`docker run … --network none`). */
const webContainers = config.requireObject<Record<string, string>>("webContainers");

const hostSubnet = "10.0.0.0/24";
// Plain values, so the cluster is validated at preview: host i at 10.0.0.(3+i), containers in 10.244.i.0/24.
const hostPlan = Array.from({ length: hostCount }, (_, index) => ({
    name: `win${index + 1}`,
    hostIp: `10.0.0.${index + 4}`,
    containerSubnet: `10.244.${index + 1}.0/24`,
}));

const group = new resources.ResourceGroup("l2bridge");
// No inline subnets: the route table component owns the hosts' subnet.
const virtualNetwork = new network.VirtualNetwork("l2bridge", {
    resourceGroupName: group.name,
    addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
});
const routeTable = new AzureRouteTable("l2bridge", {
    resourceGroupName: group.name,
    virtualNetworkName: virtualNetwork.name,
    subnetName: "hosts",
    hosts: hostPlan,
    hostSubnet,
});

const hosts = hostPlan.map(
    (host) =>
        new WindowsContainerHost(host.name, {
            resourceGroupName: group.name,
            subnetId: routeTable.subnetId,
            privateIpAddress: host.hostIp,
            adminPassword,
            sshPublicKey,
            sshPrivateKey,
            managementSourcePrefix,
            publicIp: true,
        }),
);

const cluster = new L2BridgeCluster("l2bridge", {
    hosts: hostPlan.map((host, index) => ({ ...host, connection: hosts[index].connection })),
    hostSubnet,
});

/** Each host's web container at .10 of its container subnet. */
const webAddresses = hostPlan.map((_, index) => `10.244.${index + 1}.10`);

// One web container endpoint per host at .10 of its subnet, reachable on TCP 80 only.
const webEndpoints = hostPlan.map((host, index) => {
    const connection = hosts[index].connection;
    const endpoint = new ContainerEndpoint(
        `${host.name}-web`,
        {
            connection,
            network: cluster.plan.networkName,
            subnet: host.containerSubnet,
            container: webContainers[host.name],
            name: "web",
            ipAddress: webAddresses[index],
        },
        { dependsOn: [cluster] },
    );
    new EndpointAcl(
        `${host.name}-web-acl`,
        {
            connection,
            endpoint: "web",
            rules: [
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    localPorts: ["80"],
                },
            ],
            defaultInbound: "block",
            defaultOutbound: "allow",
        },
        { dependsOn: [endpoint] },
    );
    return endpoint;
});

// The article's load balancer on the first host: a VIP spreading TCP 80 over every web container.
new HnsLoadBalancer(
    "web-vip",
    {
        connection: hosts[0].connection,
        name: "web",
        network: cluster.plan.networkName,
        frontendVip: "10.96.0.10",
        frontendPort: 80,
        backends: webAddresses,
    },
    { dependsOn: webEndpoints },
);

// Port 8080 of the first host forwards to its web container.
new PortPublish(
    "web-8080",
    { connection: hosts[0].connection, endpoint: "web", hostPort: 8080, containerPort: 80 },
    { dependsOn: [webEndpoints[0]] },
);

export const diagram = cluster.diagram;
export const routePlan = cluster.plan.hosts.map((host) => ({
    host: host.name,
    routes: host.routes,
}));
export const azureRoutes = routeTable.routePlan;
export const hostAddresses = hosts.map((host) => host.connection.host);
export const clusterIds = cluster.hostIds;
