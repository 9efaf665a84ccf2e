import { expect } from "chai";
import type { CheckOutcome } from "../../../provider/validate";
import {
    checkContainerEndpoint,
    checkContainerRoute,
    checkEndpointAcl,
    checkGatewayEndpoint,
    checkHnsLoadBalancer,
    checkL2BridgeNetwork,
    checkPortPublish,
    checkRuntimeNetworkConfig,
} from "../../../provider/validate";
import type { ResourceClassName } from "../../provider/samples";
import { linuxConnection, samples, windowsConnection } from "../../provider/samples";

const checks: Record<ResourceClassName, (news: unknown) => CheckOutcome> = {
    L2BridgeNetwork: checkL2BridgeNetwork,
    GatewayEndpoint: checkGatewayEndpoint,
    ContainerEndpoint: checkContainerEndpoint,
    ContainerRoute: checkContainerRoute,
    HnsLoadBalancer: checkHnsLoadBalancer,
    EndpointAcl: checkEndpointAcl,
    PortPublish: checkPortPublish,
    RuntimeNetworkConfig: checkRuntimeNetworkConfig,
};

/** A sample's inputs with `patch` applied; a patch value of `undefined` removes the key. */
function patched(kind: ResourceClassName, patch: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = { ...samples[kind] };
    for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) {
            delete result[key];
        } else {
            result[key] = value;
        }
    }
    return result;
}

const withConnection = (changes: Record<string, unknown>) => ({
    connection: { ...linuxConnection, ...changes },
});
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const rule = (changes: Record<string, unknown>) => ({
    action: "allow",
    direction: "in",
    priority: 100,
    ...changes,
});

type Row = [
    title: string,
    kind: ResourceClassName,
    patch: Record<string, unknown>,
    messages: string[],
];

const rows: Row[] = [
    // L2BridgeNetwork
    ["a /24 network is valid", "L2BridgeNetwork", {}, []],
    [
        "a subnet with host bits set names the network address",
        "L2BridgeNetwork",
        { subnet: "10.0.0.5/24" },
        ["subnet: 10.0.0.5/24 is not the network address; use 10.0.0.0/24"],
    ],
    [
        "a subnet that is not a prefix",
        "L2BridgeNetwork",
        { subnet: "10.244.3.0" },
        [
            "subnet: 10.244.3.0 is not an IPv4 CIDR prefix; use <network address>/<length> such as 10.244.3.0/24",
        ],
    ],
    [
        "a /30 subnet leaves no container address",
        "L2BridgeNetwork",
        { subnet: "10.244.3.0/30" },
        [
            "subnet: 10.244.3.0/30 is too small: .1 is the nominal gateway and .2 the host, leaving no container address; use a /29 or larger prefix such as 10.244.3.0/24",
        ],
    ],
    [
        "a missing subnet",
        "L2BridgeNetwork",
        { subnet: undefined },
        ["subnet: is required; set it, for example 10.244.3.0/24"],
    ],
    ["a gateway inside the subnet is valid", "L2BridgeNetwork", { gateway: "10.244.3.1" }, []],
    [
        "a gateway outside the subnet",
        "L2BridgeNetwork",
        { gateway: "10.244.4.1" },
        [
            "gateway: 10.244.4.1 is outside subnet 10.244.3.0/24; use an address inside it, such as 10.244.3.1",
        ],
    ],
    [
        "a gateway on the network address",
        "L2BridgeNetwork",
        { gateway: "10.244.3.0" },
        [
            "gateway: 10.244.3.0 is the network address of 10.244.3.0/24; use a host address such as 10.244.3.1",
        ],
    ],
    [
        "a gateway on the broadcast address",
        "L2BridgeNetwork",
        { gateway: "10.244.3.255" },
        [
            "gateway: 10.244.3.255 is the broadcast address of 10.244.3.0/24; use a host address such as 10.244.3.1",
        ],
    ],
    [
        "a gateway on the host's .2",
        "L2BridgeNetwork",
        { gateway: "10.244.3.2" },
        [
            "gateway: 10.244.3.2 is the host gateway endpoint address (.2); use another address such as 10.244.3.1",
        ],
    ],
    [
        "VLAN 4094 is valid on a Windows host",
        "L2BridgeNetwork",
        { connection: windowsConnection, vlan: 4094 },
        [],
    ],
    [
        "VLAN 4096 from the l2bridge article is not an 802.1Q ID",
        "L2BridgeNetwork",
        { vlan: 4096 },
        [
            "vlan: 4096 is out of range 1..4094; 802.1Q VLAN IDs are 12 bits with 0 and 4095 reserved, so 4096 and 4097 (seen in l2bridge examples) are not VLAN IDs; use an ID such as 100",
        ],
    ],
    [
        "VLAN 4097 from the l2bridge article is not an 802.1Q ID",
        "L2BridgeNetwork",
        { vlan: 4097 },
        [
            "vlan: 4097 is out of range 1..4094; 802.1Q VLAN IDs are 12 bits with 0 and 4095 reserved, so 4096 and 4097 (seen in l2bridge examples) are not VLAN IDs; use an ID such as 100",
        ],
    ],
    [
        "VLAN 0 is reserved",
        "L2BridgeNetwork",
        { vlan: 0 },
        [
            "vlan: 0 is out of range 1..4094; 802.1Q VLAN IDs are 12 bits with 0 and 4095 reserved, so 4096 and 4097 (seen in l2bridge examples) are not VLAN IDs; use an ID such as 100",
        ],
    ],
    [
        "a VLAN given as a string",
        "L2BridgeNetwork",
        { vlan: "12" },
        ['vlan: "12" is a string, not a number; use a number such as 100'],
    ],
    [
        "a fractional VLAN",
        "L2BridgeNetwork",
        { vlan: 10.5 },
        ["vlan: 10.5 is not a whole number; use a whole number such as 100"],
    ],
    [
        "a network name longer than a Linux interface name",
        "L2BridgeNetwork",
        { name: "l2bridge-network1" },
        [
            "name: l2bridge-network1 is 17 bytes, longer than the 15 bytes a Linux interface name allows; use at most 15 bytes, such as l2bridge-networ",
        ],
    ],
    [
        "a network name with a space",
        "L2BridgeNetwork",
        { name: "my net" },
        [
            'name: "my net" has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0',
        ],
    ],
    [
        "a mode that does not exist",
        "L2BridgeNetwork",
        { mode: "overlay" },
        ['mode: overlay is not a valid choice; use one of "l2bridge", "l2tunnel"'],
    ],
    [
        "l2tunnel on a Linux host",
        "L2BridgeNetwork",
        { mode: "l2tunnel" },
        ['mode: l2tunnel exists only on Windows; use "l2bridge" on Linux hosts'],
    ],
    [
        "a virtual adapter as uplink",
        "L2BridgeNetwork",
        { adapter: "vEthernet (Ethernet)" },
        [
            'adapter: "vEthernet (Ethernet)" is a Hyper-V virtual adapter; use the physical adapter it sits on, such as Ethernet',
        ],
    ],
    ["an adapter alias with a space is valid", "L2BridgeNetwork", { adapter: "Ethernet 2" }, []],
    [
        "a DNS server that is not an address",
        "L2BridgeNetwork",
        { dns: { servers: ["10.0.0.300"] } },
        [
            "dns.servers[0]: 10.0.0.300 is not an IPv4 address; use dotted-quad form such as 10.244.3.10",
        ],
    ],
    [
        "a DNS suffix that is not a name",
        "L2BridgeNetwork",
        { dns: { suffix: "corp..example" } },
        [
            "dns.suffix: corp..example is not a DNS name; use labels of letters, digits and inner hyphens separated by dots, such as corp.example",
        ],
    ],
    [
        "DNS servers given as one string",
        "L2BridgeNetwork",
        { dns: { servers: "10.0.0.10" } },
        ['dns.servers: "10.0.0.10" is a string, not a list; use a list such as [10.0.0.10]'],
    ],
    [
        "canonical NAT exceptions are valid",
        "L2BridgeNetwork",
        { outboundNat: { exceptions: ["10.244.0.0/16"] } },
        [],
    ],
    [
        "a NAT exception with host bits set",
        "L2BridgeNetwork",
        { outboundNat: { exceptions: ["10.244.1.1/16"] } },
        ["outboundNat.exceptions[0]: 10.244.1.1/16 is not the network address; use 10.244.0.0/16"],
    ],
    [
        "NAT enabled given as a string",
        "L2BridgeNetwork",
        { outboundNat: { enabled: "yes" } },
        ['outboundNat.enabled: "yes" is a string, not a boolean; use true or false'],
    ],
    [
        "an unknown subnet passes during preview",
        "L2BridgeNetwork",
        { subnet: unknown, gateway: "10.244.3.1" },
        [],
    ],
    // HostConnection (checked through L2BridgeNetwork)
    [
        "a Windows host over WinRM HTTPS with a password is valid",
        "L2BridgeNetwork",
        { connection: windowsConnection },
        [],
    ],
    [
        "a missing connection",
        "L2BridgeNetwork",
        { connection: undefined },
        ["connection: is required; set it to { host, user, os, and password or privateKey }"],
    ],
    [
        "a connection with both password and key",
        "L2BridgeNetwork",
        withConnection({ password: "pw" }),
        [
            "connection.privateKey: is set together with connection.password; set exactly one of them",
        ],
    ],
    [
        "a connection with neither password nor key",
        "L2BridgeNetwork",
        withConnection({ privateKey: undefined }),
        [
            "connection.password: is required when connection.privateKey is unset; set exactly one of them",
        ],
    ],
    [
        "a password given as a number is not echoed",
        "L2BridgeNetwork",
        withConnection({ privateKey: undefined, password: 1234 }),
        ["connection.password: is a number, not a string; pass the secret as a string"],
    ],
    [
        "a private key that is not a key file is not echoed",
        "L2BridgeNetwork",
        withConnection({ privateKey: "hunter2" }),
        [
            "connection.privateKey: is not an OpenSSH or PEM private key; pass the whole key file including its -----BEGIN line",
        ],
    ],
    [
        "WinRM to a Linux host",
        "L2BridgeNetwork",
        withConnection({ transport: "winrm", privateKey: undefined, password: "pw" }),
        ['connection.transport: winrm is only for Windows hosts; use "ssh" for os "linux"'],
    ],
    [
        "an unknown operating system",
        "L2BridgeNetwork",
        withConnection({ os: "macos" }),
        ['connection.os: macos is not a valid choice; use one of "windows", "linux"'],
    ],
    [
        "a missing operating system",
        "L2BridgeNetwork",
        withConnection({ os: undefined }),
        ['connection.os: is required; set it to "windows" or "linux"'],
    ],
    [
        "a pinned host key in ssh-keygen form is valid",
        "L2BridgeNetwork",
        withConnection({ hostKey: "SHA256:" + "A".repeat(43) }),
        [],
    ],
    [
        "a host key in MD5 form",
        "L2BridgeNetwork",
        withConnection({ hostKey: "MD5:16:27:ac" }),
        [
            "connection.hostKey: MD5:16:27:ac is not a SHA-256 host key fingerprint; use the form ssh-keygen -lf prints: SHA256: followed by 43 base64 characters",
        ],
    ],
    [
        "basic auth over plain HTTP",
        "L2BridgeNetwork",
        { connection: { ...windowsConnection, winrm: { https: false, auth: "basic" } } },
        [
            'connection.winrm.auth: basic is refused without HTTPS: the password would travel readable; set connection.winrm.https to true, or use "ntlm"',
        ],
    ],
    [
        "a certificate thumbprint without HTTPS",
        "L2BridgeNetwork",
        { connection: { ...windowsConnection, winrm: { certThumbprint: "ab".repeat(32) } } },
        [
            `connection.winrm.certThumbprint: ${"ab".repeat(32)} pins a TLS certificate, but the connection does not use HTTPS; set connection.winrm.https to true, or remove the pin`,
        ],
    ],
    [
        "a certificate thumbprint with HTTPS is valid",
        "L2BridgeNetwork",
        {
            connection: {
                ...windowsConnection,
                winrm: { https: true, certThumbprint: "ab".repeat(32) },
            },
        },
        [],
    ],
    [
        "PowerShell 7 chosen for a Windows host is valid",
        "L2BridgeNetwork",
        { connection: { ...windowsConnection, powerShell: "pwsh" } },
        [],
    ],
    [
        "an unknown PowerShell executable",
        "L2BridgeNetwork",
        { connection: { ...windowsConnection, powerShell: "pwsh.exe" } },
        [
            'connection.powerShell: pwsh.exe is not a valid choice; use one of "powershell.exe", "pwsh"',
        ],
    ],
    [
        "a PowerShell choice on a Linux host",
        "L2BridgeNetwork",
        withConnection({ powerShell: "pwsh" }),
        [
            'connection.powerShell: pwsh is only for Windows hosts; remove it for os "linux", whose scripts run in sh',
        ],
    ],
    [
        "a zero connect timeout",
        "L2BridgeNetwork",
        withConnection({ timeouts: { connectSeconds: 0 } }),
        [
            "connection.timeouts.connectSeconds: 0 is out of range 1..86400; use a value in that range such as 30",
        ],
    ],
    [
        "an SSH port given as a string",
        "L2BridgeNetwork",
        withConnection({ port: "22" }),
        ['connection.port: "22" is a string, not a number; use a number such as 22'],
    ],
    [
        "an empty user",
        "L2BridgeNetwork",
        withConnection({ user: "" }),
        ['connection.user: "" is empty; set the user to log in as, such as root'],
    ],
    // GatewayEndpoint
    ["a gateway endpoint defaulting to .2 is valid", "GatewayEndpoint", {}, []],
    [
        "a gateway endpoint on the nominal gateway .1",
        "GatewayEndpoint",
        { ipAddress: "10.244.3.1" },
        [
            "ipAddress: 10.244.3.1 is the nominal gateway (.1), which HNS reserves; use another address such as 10.244.3.2",
        ],
    ],
    [
        "a gateway endpoint outside its subnet",
        "GatewayEndpoint",
        { ipAddress: "10.244.4.2" },
        [
            "ipAddress: 10.244.4.2 is outside subnet 10.244.3.0/24; use an address inside it, such as 10.244.3.2",
        ],
    ],
    [
        "a neighbor MAC with colons is valid",
        "GatewayEndpoint",
        { gatewayNeighborMac: "02:00:0A:F4:03:01" },
        [],
    ],
    [
        "a multicast neighbor MAC",
        "GatewayEndpoint",
        { gatewayNeighborMac: "01-00-5e-00-00-01" },
        [
            "gatewayNeighborMac: 01-00-5e-00-00-01 is a multicast address; use a unicast address (even first byte), such as 02-00-0a-f4-03-0a",
        ],
    ],
    [
        "a neighbor MAC with mixed separators",
        "GatewayEndpoint",
        { gatewayNeighborMac: "02-00:0a-f4-03-01" },
        [
            "gatewayNeighborMac: 02-00:0a-f4-03-01 is not a MAC address; use six hex pairs separated by - or :, such as 02-00-0a-f4-03-0a",
        ],
    ],
    // ContainerEndpoint
    ["a container endpoint at .10 is valid", "ContainerEndpoint", {}, []],
    [
        "a container endpoint on the nominal gateway .1",
        "ContainerEndpoint",
        { ipAddress: "10.244.3.1" },
        [
            "ipAddress: 10.244.3.1 is the nominal gateway (.1), which HNS reserves; use another address such as 10.244.3.3",
        ],
    ],
    [
        "a container endpoint on the host's .2",
        "ContainerEndpoint",
        { ipAddress: "10.244.3.2" },
        [
            "ipAddress: 10.244.3.2 is the host gateway endpoint address (.2); use another address such as 10.244.3.3",
        ],
    ],
    [
        "a container endpoint without an address",
        "ContainerEndpoint",
        { ipAddress: undefined },
        ["ipAddress: is required; set it, for example 10.244.3.10"],
    ],
    [
        "an endpoint name longer than a veth name",
        "ContainerEndpoint",
        { name: "web-frontend-cbr0" },
        [
            "name: web-frontend-cbr0 is 17 bytes, longer than the 15 bytes a Linux interface name allows; use at most 15 bytes, such as web-frontend-cb",
        ],
    ],
    [
        "an in-container interface name longer than 15 bytes",
        "ContainerEndpoint",
        { interfaceName: "ethernet-primary" },
        [
            "interfaceName: ethernet-primary is 16 bytes, longer than the 15 bytes a Linux interface name allows; use at most 15 bytes, such as ethernet-primar",
        ],
    ],
    [
        "an MTU below the IPv4 minimum",
        "ContainerEndpoint",
        { mtu: 500 },
        ["mtu: 500 is out of range 576..9216; use a value in that range such as 1500"],
    ],
    [
        "a container name with a slash",
        "ContainerEndpoint",
        { container: "../etc" },
        [
            'container: ../etc is not a container ID, namespace GUID or network namespace name (letters, digits, "-", "_", ".", at most 64); use a name such as web or the container\'s ID',
        ],
    ],
    ["an unknown address passes during preview", "ContainerEndpoint", { ipAddress: unknown }, []],
    // ContainerRoute
    ["a route to a remote subnet is valid", "ContainerRoute", {}, []],
    ["an empty route set is valid", "ContainerRoute", { routes: [] }, []],
    [
        "the same prefix routed twice",
        "ContainerRoute",
        {
            routes: [
                { destinationPrefix: "10.244.4.0/24", nextHop: "10.77.0.12" },
                { destinationPrefix: "10.244.4.0/24", nextHop: "10.77.0.13" },
            ],
        },
        [
            "routes[1].destinationPrefix: 10.244.4.0/24 is already routed by routes[0]; list each prefix once",
        ],
    ],
    [
        "a next hop inside its own destination",
        "ContainerRoute",
        { routes: [{ destinationPrefix: "10.244.4.0/24", nextHop: "10.244.4.2" }] },
        [
            "routes[0].nextHop: 10.244.4.2 is inside its own destination 10.244.4.0/24; use the address of the host that owns that subnet",
        ],
    ],
    [
        "a route without a next hop",
        "ContainerRoute",
        { routes: [{ destinationPrefix: "10.244.4.0/24" }] },
        ["routes[0].nextHop: is required; set it, for example 10.0.0.5"],
    ],
    [
        "a route metric given as a string",
        "ContainerRoute",
        { routes: [{ destinationPrefix: "10.244.4.0/24", nextHop: "10.77.0.12", metric: "5" }] },
        ['routes[0].metric: "5" is a string, not a number; use a number such as 256'],
    ],
    ["unknown routes pass during preview", "ContainerRoute", { routes: unknown }, []],
    // HnsLoadBalancer
    ["a load balancer with two backends is valid", "HnsLoadBalancer", {}, []],
    [
        "a load balancer port 0",
        "HnsLoadBalancer",
        { frontendPort: 0 },
        ["frontendPort: 0 is out of range 1..65535; use a value in that range such as 80"],
    ],
    [
        "a load balancer port 65536",
        "HnsLoadBalancer",
        { backendPort: 65536 },
        ["backendPort: 65536 is out of range 1..65535; use a value in that range such as 8080"],
    ],
    [
        "a load balancer without backends",
        "HnsLoadBalancer",
        { backends: [] },
        ['backends: [] is empty; list at least one backend address, such as ["10.244.3.10"]'],
    ],
    [
        "a backend listed twice",
        "HnsLoadBalancer",
        { backends: ["10.244.3.10", "10.244.3.10"] },
        ["backends[1]: 10.244.3.10 is already listed as backends[0]; list each backend once"],
    ],
    [
        "an SCTP load balancer",
        "HnsLoadBalancer",
        { protocol: "sctp" },
        ['protocol: sctp is not a valid choice; use one of "tcp", "udp"'],
    ],
    [
        "a backend that is an HNS endpoint ID is valid on Windows, in lower case",
        "HnsLoadBalancer",
        {
            connection: windowsConnection,
            backends: undefined,
            backendEndpointIds: ["{6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F}"],
        },
        [],
    ],
    [
        "backend endpoint IDs on a Linux host",
        "HnsLoadBalancer",
        { backendEndpointIds: ["6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"] },
        [
            'backendEndpointIds: ["6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"] are HNS endpoint IDs, which only Windows hosts have; on a Linux host list the backends\' addresses in backends',
        ],
    ],
    [
        "a backend endpoint ID that is not a GUID, and one listed twice",
        "HnsLoadBalancer",
        {
            connection: windowsConnection,
            backendEndpointIds: [
                "web-1",
                "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                "6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F",
            ],
        },
        [
            "backendEndpointIds[0]: web-1 is not an HNS endpoint ID (a GUID such as 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f); use the ID that hnsdiag list endpoints or docker network inspect shows",
            "backendEndpointIds[2]: 6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F is already listed as backendEndpointIds[1]; list each ID once",
        ],
    ],
    [
        "no backend at all, by address or ID",
        "HnsLoadBalancer",
        { connection: windowsConnection, backends: [], backendEndpointIds: [] },
        ['backends: [] is empty; list at least one backend address, such as ["10.244.3.10"]'],
    ],
    // EndpointAcl
    ["an ACL allowing tcp/80 in is valid", "EndpointAcl", {}, []],
    [
        "an ACL on an endpoint another program made, by its address, is valid",
        "EndpointAcl",
        { endpoint: undefined, endpointIp: "10.244.3.10" },
        [],
    ],
    [
        "an ACL naming its endpoint twice",
        "EndpointAcl",
        { endpointIp: "10.244.3.10", endpointId: "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" },
        [
            "endpointIp: 10.244.3.10 is given together with endpoint web-cbr0; give exactly one of endpoint, endpointIp and endpointId",
            "endpointId: 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f is given together with endpoint web-cbr0; give exactly one of endpoint, endpointIp and endpointId",
            "endpointId: 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f is an HNS endpoint ID, which only Windows hosts have; on a Linux host name the endpoint by endpointIp",
        ],
    ],
    [
        "a protocol number and a port range are valid",
        "EndpointAcl",
        { rules: [rule({ protocol: 17, localPorts: ["5000-5010"] })] },
        [],
    ],
    [
        "two inbound rules with one priority",
        "EndpointAcl",
        { rules: [rule({}), rule({ action: "block" })] },
        [
            'rules[1].priority: 100 is already used by rules[0] for direction "in"; give each rule of a direction its own priority',
        ],
    ],
    [
        "one priority in each direction is valid",
        "EndpointAcl",
        { rules: [rule({}), rule({ direction: "out" })] },
        [],
    ],
    [
        "a priority above 65000",
        "EndpointAcl",
        { rules: [rule({ priority: 70000 })] },
        [
            "rules[0].priority: 70000 is out of range 1..65000; use a value in that range such as 100",
        ],
    ],
    [
        "ports on an icmp rule",
        "EndpointAcl",
        { rules: [rule({ protocol: "icmp", localPorts: ["80"] })] },
        [
            'rules[0].localPorts: ["80"] need protocol tcp or udp, not "icmp"; set protocol to "tcp" or "udp", or remove the ports',
        ],
    ],
    [
        "a reversed port range",
        "EndpointAcl",
        { rules: [rule({ protocol: "tcp", remotePorts: ["9000-8000"] })] },
        ["rules[0].remotePorts[0]: 9000-8000 starts above its end; use 8000-9000"],
    ],
    [
        "a protocol number above 255",
        "EndpointAcl",
        { rules: [rule({ protocol: 300 })] },
        ["rules[0].protocol: 300 is out of range 0..255; use a value in that range such as 47"],
    ],
    [
        "a remote address that is neither address nor prefix",
        "EndpointAcl",
        { rules: [rule({ remoteAddresses: ["10.0.0.0/16", "any"] })] },
        [
            "rules[0].remoteAddresses[1]: any is neither an IPv4 address nor a CIDR prefix; use an address such as 10.244.3.10 or a prefix such as 10.244.0.0/16",
        ],
    ],
    [
        "a rule without action",
        "EndpointAcl",
        { rules: [{ direction: "in", priority: 5 }] },
        ['rules[0].action: is required; set it to "allow" or "block"'],
    ],
    [
        "a priority given as a string",
        "EndpointAcl",
        { rules: [rule({ priority: "100" })] },
        ['rules[0].priority: "100" is a string, not a number; use a number such as 100'],
    ],
    // PortPublish
    ["publishing 8080 to 80 is valid", "PortPublish", {}, []],
    [
        "publishing to an endpoint another program made, by its address, is valid",
        "PortPublish",
        { endpoint: undefined, endpointIp: "10.244.3.10" },
        [],
    ],
    [
        "publishing to an HNS endpoint ID on Windows is valid",
        "PortPublish",
        {
            connection: windowsConnection,
            endpoint: undefined,
            endpointId: "6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F",
        },
        [],
    ],
    [
        "no endpoint named at all",
        "PortPublish",
        { endpoint: undefined },
        [
            "endpoint: is required; set endpoint to the name of a ContainerEndpoint on this host, endpointIp to the address of an endpoint another program made (such as 10.244.3.10), or endpointId to its HNS endpoint ID (Windows)",
        ],
    ],
    [
        "a name and an address for the endpoint",
        "PortPublish",
        { endpointIp: "10.244.3.10" },
        [
            "endpointIp: 10.244.3.10 is given together with endpoint web-cbr0; give exactly one of endpoint, endpointIp and endpointId",
        ],
    ],
    [
        "an endpoint address with a prefix length",
        "PortPublish",
        { endpoint: undefined, endpointIp: "10.244.3.10/24" },
        [
            "endpointIp: 10.244.3.10/24 is not an IPv4 address; use dotted-quad form such as 10.244.3.10",
        ],
    ],
    [
        "an endpoint address in loopback",
        "PortPublish",
        { endpoint: undefined, endpointIp: "127.0.0.1" },
        [
            "endpointIp: 127.0.0.1 is in 127.0.0.0/8, which no container endpoint holds; use the container's address, such as 10.244.3.10",
        ],
    ],
    [
        "an endpoint address that is multicast",
        "PortPublish",
        { endpoint: undefined, endpointIp: "239.1.1.1" },
        [
            "endpointIp: 239.1.1.1 is in 224.0.0.0/3, which no container endpoint holds; use the container's address, such as 10.244.3.10",
        ],
    ],
    [
        "an endpoint ID that is not a GUID",
        "PortPublish",
        { connection: windowsConnection, endpoint: undefined, endpointId: "web" },
        [
            "endpointId: web is not an HNS endpoint ID (a GUID such as 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f); use the ID that hnsdiag list endpoints or docker network inspect shows",
        ],
    ],
    [
        "an endpoint ID on a Linux host",
        "PortPublish",
        { endpoint: undefined, endpointId: "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" },
        [
            "endpointId: 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f is an HNS endpoint ID, which only Windows hosts have; on a Linux host name the endpoint by endpointIp",
        ],
    ],
    [
        "an endpoint address unknown during preview counts as given",
        "PortPublish",
        { endpoint: undefined, endpointIp: unknown },
        [],
    ],
    [
        "a host port given as a string",
        "PortPublish",
        { hostPort: "8080" },
        ['hostPort: "8080" is a string, not a number; use a number such as 8080'],
    ],
    [
        "a container port above 65535",
        "PortPublish",
        { containerPort: 70000 },
        ["containerPort: 70000 is out of range 1..65535; use a value in that range such as 80"],
    ],
    [
        "a host address that is not an address",
        "PortPublish",
        { hostIp: "localhost" },
        ["hostIp: localhost is not an IPv4 address; use dotted-quad form such as 10.244.3.10"],
    ],
    [
        "several problems are all reported at once",
        "PortPublish",
        { hostPort: 0, containerPort: undefined, protocol: "icmp" },
        [
            'protocol: icmp is not a valid choice; use one of "tcp", "udp"',
            "hostPort: 0 is out of range 1..65535; use a value in that range such as 8080",
            "containerPort: is required; set it, for example 80",
        ],
    ],
];

describe("resource input checks (valid and invalid side by side)", () => {
    for (const [title, kind, patch, messages] of rows) {
        it(`${kind}: ${title} → ${messages.length === 0 ? "accepted" : messages.length + " message(s)"}`, () => {
            expect(checks[kind](patched(kind, patch)).problems).to.deep.equal(messages);
        });
    }
});
