// Windows Server 2022 container hosts on one Azure subnet, joined by an l2bridge network, in one
// `pulumi up` from an empty stack: the VMs with containerd, the Azure route table, the networks,
// gateway endpoints and route mesh, each host's CNI configuration, one web container per host
// started with containerd's own CLI, and the l2bridge article's policies on those containers'
// endpoints (found by address): an ACL, a published port and a load balancer VIP.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as remote from "@pulumi/command/remote";
import type { types } from "@pulumi/command";
import type { HostConnectionArgs } from "pulumi-l2bridge";
import { EndpointAcl, HnsLoadBalancer, PortPublish, RuntimeNetworkConfig } from "pulumi-l2bridge";
import { AzureRouteTable, L2BridgeCluster, WindowsContainerHost } from "pulumi-l2bridge/azure";
import type { ContainerRequest } from "./containerScripts";
import {
    containerCreateCommand,
    containerDeleteCommand,
    containerRequestProblems,
    containerRequestText,
    parseContainerReport,
} from "./containerScripts";

/** Values the program uses when config leaves them unset. */
const defaults = {
    hostCount: 2,
    containerImage: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
};

const config = new pulumi.Config();
const hostCount = config.getNumber("hostCount") ?? defaults.hostCount;
if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 50) {
    throw new Error(`hostCount: ${hostCount} is not a whole number in 1..50; set, for example, 2`);
}
/** Where SSH may come from, such as your workstation's public address with /32. */
const managementSourcePrefix = config.require("managementSourcePrefix");
const adminPassword = config.requireSecret("adminPassword");
const sshPublicKey = config.require("sshPublicKey");
const sshPrivateKey = config.requireSecret("sshPrivateKey");
/** The web container's image; it must match the hosts' Windows build (Server 2022, ltsc2022). */
const containerImage = config.get("containerImage") ?? defaults.containerImage;

const hostSubnet = "10.0.0.0/24";
/** The load balancer's virtual IP, served by the first host, outside every subnet of the cluster. */
const vip = "10.96.0.10";
/** The web container's port, and the host port published to it on every host. */
const webPort = 80;
const publishedPort = 8080;
/** The web container's ID on every host. */
const containerName = "web";

// Plain values, so the cluster is validated at preview: host i at 10.0.0.(3+i), containers in
// 10.244.i.0/24, the VIP on the first host (routed to it by the other hosts and by Azure).
const hostPlan = Array.from({ length: hostCount }, (_, index) => ({
    name: `win${index + 1}`,
    hostIp: `10.0.0.${index + 4}`,
    containerSubnet: `10.244.${index + 1}.0/24`,
    loadBalancerVips: index === 0 ? [vip] : [],
}));

const group = new resources.ResourceGroup("l2bridge");
// No inline subnets: the route table component owns the hosts' subnet.
const virtualNetwork = new network.VirtualNetwork("l2bridge", {
    resourceGroupName: group.name,
    addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
});
// The route table (one VirtualAppliance route per container subnet and one for the VIP) owns the
// hosts' subnet, which the VMs need before they exist; so it is its own component here, not the
// cluster's `azure` option (the cluster needs the VMs' connections).
const routeTable = new AzureRouteTable("l2bridge", {
    resourceGroupName: group.name,
    virtualNetworkName: virtualNetwork.name,
    subnetName: "hosts",
    hosts: hostPlan,
    hostSubnet,
});

const vms = hostPlan.map(
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
            containerRuntime: "containerd",
        }),
);

const cluster = new L2BridgeCluster("l2bridge", {
    hosts: hostPlan.map((host, index) => ({ ...host, connection: vms[index].connection })),
    hostSubnet,
});
const networkName = cluster.plan.networkName;

const request: ContainerRequest = {
    image: containerImage,
    name: containerName,
    network: networkName,
};
const requestProblems = containerRequestProblems(request);
if (requestProblems.length > 0) {
    throw new Error(`the web container cannot start: ${requestProblems.join("; ")}`);
}

/** The host's SSH connection as `@pulumi/command` takes it (the private key stays secret). */
function commandConnection(connection: HostConnectionArgs): types.input.remote.ConnectionArgs {
    return {
        host: connection.host,
        port: pulumi.output(connection.port).apply((port) => port ?? 22),
        user: connection.user,
        privateKey: pulumi.output(connection.privateKey).apply((key) => key ?? ""),
    };
}

const webHosts = hostPlan.map((host, index) => {
    const connection = vms[index].connection;
    const hostPlanned = cluster.plan.hosts[index];
    const { network: hostNetwork, gateway, routes } = cluster.hostResources[host.name];

    // What containerd needs to put containers on the host's network: Microsoft's sdnbridge CNI
    // configuration, the first (and only) file in containerd's CNI configuration directory.
    const cni = new RuntimeNetworkConfig(
        `${host.name}-cni`,
        {
            connection,
            network: networkName,
            subnet: hostPlanned.containerSubnet,
            gateway: hostPlanned.gatewayEndpointIp,
            // The l2bridge article's encapsulated routes: to the host itself and to the VIP.
            encapRoutes: [`${host.hostIp}/32`, `${vip}/32`],
            outboundNat: { enabled: true, exceptions: cluster.plan.natExceptions },
        },
        { dependsOn: [hostNetwork, gateway] },
    );

    // The web container, started by containerd's CLI over SSH; the script is constant and the
    // request travels on standard input (Windows OpenSSH accepts no environment variables).
    const container = new remote.Command(
        `${host.name}-${containerName}`,
        {
            connection: commandConnection(connection),
            create: containerCreateCommand,
            delete: containerDeleteCommand,
            stdin: containerRequestText(request),
            addPreviousOutputInEnv: false,
        },
        {
            dependsOn: [cni, routes],
            replaceOnChanges: ["stdin"],
            deleteBeforeReplace: true,
            customTimeouts: { create: "60m", update: "60m", delete: "20m" },
        },
    );
    const report = container.stdout.apply(parseContainerReport);
    const containerIp = report.apply((value) => value.ipAddress);

    // Only TCP 80 reaches the container; everything it sends is allowed.
    const acl = new EndpointAcl(
        `${host.name}-${containerName}-acl`,
        {
            connection,
            endpointIp: containerIp,
            rules: [
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    localPorts: [String(webPort)],
                },
            ],
            defaultInbound: "block",
            defaultOutbound: "allow",
        },
        { dependsOn: [container] },
    );
    // Host port 8080 forwards to the container's port 80.
    const port = new PortPublish(
        `${host.name}-${containerName}-${publishedPort}`,
        {
            connection,
            endpointIp: containerIp,
            hostPort: publishedPort,
            containerPort: webPort,
        },
        { dependsOn: [container] },
    );
    return { host, vm: vms[index], container, report, containerIp, acl, port };
});

// The article's load balancer on the first host: the VIP spreads TCP 80 over every web container,
// the first host's own and the other hosts' (reached through the route mesh).
const loadBalancer = new HnsLoadBalancer(
    "web-vip",
    {
        connection: vms[0].connection,
        name: containerName,
        network: networkName,
        frontendVip: vip,
        frontendPort: webPort,
        backends: webHosts.map((web) => web.containerIp),
    },
    {
        dependsOn: webHosts.map((web) => web.container),
        // A replaced container step takes the load balancer with it, like the ACL and the port
        // (their address is a replace key), so it is rebuilt on the new endpoints even when HNS
        // hands out the same addresses again.
        replaceOnChanges: ["backends"],
    },
);

/** How to reach each host and its web container. */
export const hosts = webHosts.map((web) => ({
    name: web.host.name,
    publicIp: web.vm.publicIpAddress ? web.vm.publicIpAddress.ipAddress : "",
    privateIp: web.vm.hostIp,
    ssh: pulumi.interpolate`ssh ${web.vm.connection.user}@${web.vm.connection.host}`,
    containerSubnet: web.host.containerSubnet,
    container: {
        name: containerName,
        image: containerImage,
        ipAddress: web.containerIp,
        endpointId: web.report.apply((value) => value.endpointId),
        url: pulumi.interpolate`http://${web.containerIp}:${webPort}/`,
    },
    publishedPort: {
        hostPort: publishedPort,
        containerPort: webPort,
        mappingId: web.port.mappingId,
        url: `http://${web.host.hostIp}:${publishedPort}/`,
    },
    aclRules: web.acl.ruleCount,
}));
/** The load balancer VIP on the first host, over every web container. */
export const loadBalancerVip = {
    host: hostPlan[0].name,
    vip,
    port: webPort,
    url: `http://${vip}:${webPort}/`,
    backends: loadBalancer.backends,
    loadBalancerId: loadBalancer.loadBalancerId,
};
export const diagram = cluster.diagram;
export const routePlan = cluster.plan.hosts.map((host) => ({
    host: host.name,
    routes: host.routes,
}));
export const azureRoutes = routeTable.routePlan;
