/**
 * The l2bridge article's scenarios as specs, with realistic addresses: hosts on 10.127.130.0/24,
 * container subnets 10.244.<n>.0/24, the cluster range 10.244.0.0/16.
 */
import type {
    ContainerEndpointSpec,
    EndpointAclSpec,
    GatewayEndpointSpec,
    HnsLoadBalancerSpec,
    L2BridgeNetworkSpec,
    PortPublishSpec,
    ContainerRouteSpec,
    RuntimeNetworkConfigSpec,
} from "../../../provider/model/kinds";

export const hostAddress = "10.127.130.4";

/** Network with DNS and outbound NAT exceptions (cluster range and host subnet). */
export const networkWithDnsAndNat: L2BridgeNetworkSpec = {
    name: "l2bridge",
    mode: "l2bridge",
    subnet: "10.244.1.0/24",
    gateway: "10.244.1.1",
    adapter: "Ethernet",
    dns: {
        servers: ["10.127.130.10", "168.63.129.16"],
        suffix: "corp.example",
        search: ["svc.corp.example"],
    },
    outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "10.127.130.0/24"] },
};

/** The same network on a tagged VLAN, without DNS. */
export const networkOnVlan: L2BridgeNetworkSpec = {
    name: "tenant-vlan",
    mode: "l2bridge",
    subnet: "10.244.7.0/24",
    gateway: "10.244.7.1",
    adapter: "Ethernet 2",
    vlan: 42,
    outboundNat: { enabled: false, exceptions: [] },
};

/** The host's `.2` gateway endpoint on that network, with the article's static neighbor. */
export const gatewayEndpoint: GatewayEndpointSpec = {
    network: "l2bridge",
    subnet: "10.244.1.0/24",
    name: "l2bridge_gw",
    ipAddress: "10.244.1.2",
    forwarding: true,
    gatewayNeighborMac: "00-01-e8-8b-2e-4b",
};

/** A web container at .3 inheriting the network's DNS and NAT. */
export const webContainer: ContainerEndpointSpec = {
    network: "l2bridge",
    subnet: "10.244.1.0/24",
    container: "5f0c7b3e9a1d4c2b8e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
    name: "web-eth0",
    ipAddress: "10.244.1.3",
    gateway: "10.244.1.2",
    defaultRoute: true,
};

/** Port 80 of the web container published on host port 8080. */
export const publish8080: PortPublishSpec = {
    endpoint: "web-eth0",
    protocol: "tcp",
    hostPort: 8080,
    containerPort: 80,
    localAccess: true,
};

/** A load balancer on 8090 spreading over two containers' port 80. */
export const loadBalancer8090: HnsLoadBalancerSpec = {
    name: "web-lb",
    network: "l2bridge",
    frontendVip: hostAddress,
    protocol: "tcp",
    frontendPort: 8090,
    backendPort: 80,
    backends: ["10.244.1.3", "10.244.1.4"],
    sourceVip: "10.244.1.2",
    internal: false,
    directServerReturn: false,
    localRoutedVip: true,
};

/** An ACL allowing TCP 80 from one address and blocking the rest inbound. */
export const aclAllow80FromOne: EndpointAclSpec = {
    endpoint: "web-eth0",
    rules: [
        {
            name: "web-from-client",
            action: "allow",
            direction: "in",
            priority: 100,
            protocol: "tcp",
            remoteAddresses: ["10.127.130.5"],
            localAddresses: [],
            localPorts: ["80"],
            remotePorts: [],
        },
    ],
    defaultInbound: "block",
    defaultOutbound: "allow",
};

/** A multi-NIC container: front end on the l2bridge network, back end on the VLAN network. */
export const multiNicFront: ContainerEndpointSpec = {
    network: "l2bridge",
    subnet: "10.244.1.0/24",
    container: "8c1d4f2a-6b3e-4c5d-9e7f-0a1b2c3d4e5f",
    name: "app-front",
    ipAddress: "10.244.1.10",
    gateway: "10.244.1.2",
    defaultRoute: true,
};

export const multiNicBack: ContainerEndpointSpec = {
    network: "tenant-vlan",
    subnet: "10.244.7.0/24",
    container: "8c1d4f2a-6b3e-4c5d-9e7f-0a1b2c3d4e5f",
    name: "app-back",
    ipAddress: "10.244.7.10",
    gateway: "10.244.7.2",
    defaultRoute: false,
    dns: { servers: ["10.244.7.53"], search: [] },
    outboundNat: { enabled: false, exceptions: [] },
};

/** Routes to the other hosts' container subnets. */
export const routesToPeers: ContainerRouteSpec = {
    name: "l2bridge",
    routes: [
        { destinationPrefix: "10.244.2.0/24", nextHop: "10.127.130.5" },
        { destinationPrefix: "10.244.3.0/24", nextHop: "10.127.130.6", metric: 100 },
    ],
    interface: "vEthernet (Ethernet)",
    persistent: true,
};

/** containerd's CNI configuration of the network: sdnbridge with the article's DNS, NAT and routes. */
export const containerdConfig: RuntimeNetworkConfigSpec = {
    network: "l2bridge",
    subnet: "10.244.1.0/24",
    runtime: "containerd",
    configDirectory: "C:\\cni",
    priority: 10,
    gateway: "10.244.1.2",
    encapRoutes: [`${hostAddress}/32`],
    dns: { servers: ["10.127.130.10"], suffix: "corp.example", search: [] },
    outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "10.127.130.0/24"] },
    cniVersion: "1.0.0",
};
