/**
 * The one table of defaults: every value the package fills in for an option that is left out, by
 * resource and for the connection. Check fills the checked inputs from it, the transports and the
 * drivers take their connection defaults from it, and a test holds every literal TSDoc `@default`
 * to the value check fills in, so the docs, the TSDoc and the behaviour cannot drift apart.
 */
import { timeoutDefaults } from "./timeoutDefaults";

/** Defaults of `HostConnection`. */
export const connectionDefaults = {
    transport: "ssh",
    powerShell: "powershell.exe",
    sshPort: 22,
    winrm: { https: false, auth: "ntlm", httpPort: 5985, httpsPort: 5986, maxEnvelopeSize: 153600 },
    timeouts: timeoutDefaults,
} as const;

/** Defaults of `L2BridgeNetwork`; `gateway` defaults to `.1` of the subnet. */
export const l2BridgeNetworkDefaults = {
    mode: "l2bridge",
    dns: { servers: [], search: [] },
    outboundNat: { enabled: true, exceptions: [] },
} as const;

/** Defaults of `GatewayEndpoint`; `name` defaults to `<network>_gw` and `ipAddress` to `.2` of the subnet. */
export const gatewayEndpointDefaults = {
    forwarding: true,
    nameSuffix: "_gw",
    hostOffset: 2,
} as const;

/** Defaults of `ContainerEndpoint`; `name` defaults to `defaultEndpointName`, `gateway` to `.2`. */
export const containerEndpointDefaults = {
    interfaceName: "eth0",
    defaultRoute: true,
    gatewayOffset: 2,
} as const;

/** Defaults of `ContainerRoute`. */
export const containerRouteDefaults = { name: "l2bridge", persistent: true } as const;

/** Defaults of `HnsLoadBalancer`; `backendPort` defaults to `frontendPort`. */
export const hnsLoadBalancerDefaults = {
    protocol: "tcp",
    internal: false,
    directServerReturn: false,
    localRoutedVip: true,
    vipRoutes: true,
} as const;

/** Defaults of `EndpointAcl` and of each rule; a rule's `name` defaults to `<direction>-<priority>`. */
export const endpointAclDefaults = {
    defaultInbound: "block",
    defaultOutbound: "allow",
    rule: {
        protocol: "any",
        remoteAddresses: [],
        localAddresses: [],
        localPorts: [],
        remotePorts: [],
    },
} as const;

/** Defaults of `PortPublish`. */
export const portPublishDefaults = { protocol: "tcp", localAccess: true } as const;

/** Defaults of `RuntimeNetworkConfig`; addresses default to offsets of the subnet. */
export const runtimeNetworkConfigDefaults = {
    runtime: "containerd",
    priority: 10,
    cniVersion: "1.0.0",
    configDirectory: {
        linux: "/etc/cni/net.d",
        windows: "C:\\Program Files\\containerd\\cni\\conf",
    },
    gatewayOffset: 2,
    rangeStartOffset: 3,
    routes: ["0.0.0.0/0"],
    encapRoutes: [],
    dns: { servers: [], search: [] },
    outboundNat: { enabled: true, exceptions: [] },
} as const;

/** Every default, by resource (camel-cased class name) and `connection`. */
export const propertyDefaults = {
    connection: connectionDefaults,
    l2BridgeNetwork: l2BridgeNetworkDefaults,
    gatewayEndpoint: gatewayEndpointDefaults,
    containerEndpoint: containerEndpointDefaults,
    containerRoute: containerRouteDefaults,
    hnsLoadBalancer: hnsLoadBalancerDefaults,
    endpointAcl: endpointAclDefaults,
    portPublish: portPublishDefaults,
    runtimeNetworkConfig: runtimeNetworkConfigDefaults,
} as const;
