/**
 * One valid, plain input bag per resource kind, as a user would write it (no defaults filled).
 */
import type { HostConnection } from "../../sdk/hostConnection";

export const linuxConnection: HostConnection = {
    host: "10.77.0.11",
    user: "root",
    os: "linux",
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nsample\n-----END OPENSSH PRIVATE KEY-----\n",
};

export const windowsConnection: HostConnection = {
    host: "10.77.0.21",
    user: "Administrator",
    os: "windows",
    transport: "winrm",
    password: "Sample-Passw0rd",
    winrm: { https: true },
};

export const samples = {
    L2BridgeNetwork: { connection: linuxConnection, name: "cbr0", subnet: "10.244.3.0/24" },
    GatewayEndpoint: { connection: linuxConnection, network: "cbr0", subnet: "10.244.3.0/24" },
    ContainerEndpoint: {
        connection: linuxConnection,
        network: "cbr0",
        subnet: "10.244.3.0/24",
        container: "web",
        ipAddress: "10.244.3.10",
    },
    ContainerRoute: {
        connection: linuxConnection,
        routes: [{ destinationPrefix: "10.244.4.0/24", nextHop: "10.77.0.12" }],
    },
    HnsLoadBalancer: {
        connection: linuxConnection,
        name: "web-lb",
        network: "cbr0",
        frontendVip: "10.96.0.10",
        frontendPort: 80,
        backends: ["10.244.3.10", "10.244.4.10"],
    },
    EndpointAcl: {
        connection: linuxConnection,
        endpoint: "web-cbr0",
        rules: [
            {
                action: "allow",
                direction: "in",
                priority: 100,
                protocol: "tcp",
                localPorts: ["80"],
            },
        ],
    },
    PortPublish: {
        connection: linuxConnection,
        endpoint: "web-cbr0",
        hostPort: 8080,
        containerPort: 80,
    },
    RuntimeNetworkConfig: {
        connection: linuxConnection,
        network: "cbr0",
        subnet: "10.244.3.0/24",
    },
} as const;

/** The resource class names, one per kind. */
export type ResourceClassName = keyof typeof samples;

export const resourceClassNames = Object.keys(samples) as ResourceClassName[];
