/**
 * Check of RuntimeNetworkConfig: defaults by operating system, and every refused value with its
 * exact message (field, value, fix), all problems of a bag reported at once.
 */
import { expect } from "chai";
import { checkRuntimeNetworkConfig } from "../../../provider/validate";
import { linuxConnection, windowsConnection } from "../../provider/samples";

const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const base = { network: "cbr0", subnet: "10.244.3.0/24" };
const onLinux = (patch: Record<string, unknown>) => ({
    connection: linuxConnection,
    ...base,
    ...patch,
});
const onWindows = (patch: Record<string, unknown>) => ({
    connection: windowsConnection,
    ...base,
    ...patch,
});

type Row = [title: string, bag: Record<string, unknown>, messages: string[]];

const rows: Row[] = [
    ["the smallest Linux bag is valid", onLinux({}), []],
    ["the smallest Windows bag is valid", onWindows({}), []],
    [
        "a network name with a path separator",
        onLinux({ network: "../cbr0" }),
        [
            'network: ../cbr0 has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0',
        ],
    ],
    [
        "a network name with a Windows path separator",
        onWindows({ network: "cbr0\\x" }),
        [
            'network: cbr0\\x has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0',
        ],
    ],
    [
        "Docker on a Linux host",
        onLinux({ runtime: "docker" }),
        [
            'runtime: docker is not available on Linux hosts (Docker on Linux makes its own bridges and reads no CNI configuration); use "containerd", or a CNI runtime such as nerdctl, CRI-O or Podman, which read the same file',
        ],
    ],
    [
        "Docker on a Windows host, which adopts HNS networks itself",
        onWindows({ runtime: "docker" }),
        [
            'runtime: docker has no configuration to write: Docker adopts every HNS network as a Docker network of the same name when its daemon starts, and `docker network rm` of it deletes the HNS network; restart the docker service once the L2BridgeNetwork exists and start containers with --network <network>; use "containerd" for a CNI configuration',
        ],
    ],
    [
        "NAT exceptions while NAT is off",
        onWindows({ outboundNat: { enabled: false, exceptions: ["10.244.0.0/16"] } }),
        [
            'outboundNat.exceptions: ["10.244.0.0/16"] are not used while outboundNat.enabled is false (the configuration carries no NAT policy to hold them); remove them, or set outboundNat.enabled to true',
        ],
    ],
    [
        "a runtime that is not one",
        onLinux({ runtime: "rkt" }),
        ['runtime: rkt is not a valid choice; use one of "containerd", "docker"'],
    ],
    [
        "a relative Linux directory",
        onLinux({ configDirectory: "etc/cni/net.d" }),
        [
            "configDirectory: etc/cni/net.d is not an absolute path; use the directory's absolute path such as /etc/cni/net.d",
        ],
    ],
    [
        "a Linux directory climbing out with ..",
        onLinux({ configDirectory: "/etc/cni/../../tmp" }),
        [
            `configDirectory: /etc/cni/../../tmp has a "." or ".." segment; use the directory's absolute path such as /etc/cni/net.d`,
        ],
    ],
    [
        "a Linux directory with a line break",
        onLinux({ configDirectory: "/etc/cni\n/net.d" }),
        [
            `configDirectory: "/etc/cni\\n/net.d" contains control characters; use the directory's absolute path such as /etc/cni/net.d`,
        ],
    ],
    [
        "a relative Windows directory",
        onWindows({ configDirectory: "cni\\conf" }),
        [
            "configDirectory: cni\\conf is not an absolute Windows path; use an absolute drive path such as C:\\Program Files\\containerd\\cni\\conf",
        ],
    ],
    [
        "a Windows directory with a wildcard",
        onWindows({ configDirectory: "C:\\cni\\*" }),
        [
            'configDirectory: C:\\cni\\* contains a character Windows does not allow in a path (< > : " / | ? *); use an absolute drive path such as C:\\Program Files\\containerd\\cni\\conf',
        ],
    ],
    [
        "a Windows directory with a segment ending in a dot",
        onWindows({ configDirectory: "C:\\cni.\\conf" }),
        [
            "configDirectory: C:\\cni.\\conf has a segment ending in a space or a dot, which Windows drops; use an absolute drive path such as C:\\Program Files\\containerd\\cni\\conf",
        ],
    ],
    [
        "a priority of three digits",
        onLinux({ priority: 100 }),
        ["priority: 100 is out of range 0..99; use a value in that range such as 10"],
    ],
    [
        "a subnet that is not the network address",
        onLinux({ subnet: "10.244.3.7/24" }),
        ["subnet: 10.244.3.7/24 is not the network address; use 10.244.3.0/24"],
    ],
    [
        "a gateway outside the subnet",
        onLinux({ gateway: "10.244.4.2" }),
        [
            "gateway: 10.244.4.2 is outside subnet 10.244.3.0/24; use an address inside it, such as 10.244.3.2",
        ],
    ],
    [
        "the nominal gateway as the containers' gateway",
        onWindows({ gateway: "10.244.3.1" }),
        [
            "gateway: 10.244.3.1 is the nominal gateway (.1), which no host holds; use another address such as 10.244.3.2",
        ],
    ],
    [
        "a range starting on the host's .2",
        onLinux({ rangeStart: "10.244.3.2" }),
        [
            "rangeStart: 10.244.3.2 is the host gateway endpoint address (.2), which no container may take; use another address such as 10.244.3.3",
        ],
    ],
    [
        "a range ending on the broadcast address",
        onLinux({ rangeEnd: "10.244.3.255" }),
        [
            "rangeEnd: 10.244.3.255 is the broadcast address of 10.244.3.0/24; use a host address such as 10.244.3.3",
        ],
    ],
    [
        "a range ending before it starts",
        onLinux({ rangeStart: "10.244.3.100", rangeEnd: "10.244.3.50" }),
        [
            "rangeEnd: 10.244.3.50 is before rangeStart 10.244.3.100; use an address at or after 10.244.3.100",
        ],
    ],
    [
        "a gateway inside the range",
        onLinux({ gateway: "10.244.3.20" }),
        [
            "gateway: 10.244.3.20 is inside the range 10.244.3.3..10.244.3.254 that containers take addresses from; start the range after the gateway with rangeStart, or end it before it with rangeEnd",
        ],
    ],
    [
        "a gateway before a moved range is valid",
        onLinux({ gateway: "10.244.3.20", rangeStart: "10.244.3.21" }),
        [],
    ],
    [
        "a route that is not a prefix",
        onLinux({ routes: ["10.96.0.0"] }),
        [
            "routes[0]: 10.96.0.0 is not an IPv4 CIDR prefix; use <network address>/<length> such as 10.244.3.0/24",
        ],
    ],
    [
        "Linux-only fields on a Windows host",
        onWindows({
            rangeStart: "10.244.3.3",
            rangeEnd: "10.244.3.9",
            routes: ["0.0.0.0/0"],
            ipamDataDirectory: "/var/lib/cni",
        }),
        [
            "rangeStart: 10.244.3.3 is not available on Windows hosts (HNS hands out the addresses of the network's subnet itself); remove rangeStart",
            "rangeEnd: 10.244.3.9 is not available on Windows hosts (HNS hands out the addresses of the network's subnet itself); remove rangeEnd",
            'routes: ["0.0.0.0/0"] is not available on Windows hosts (containers route everything through the gateway endpoint; use encapRoutes for the l2bridge routes); remove routes',
            "ipamDataDirectory: /var/lib/cni is not available on Windows hosts (HNS keeps its own address records); remove ipamDataDirectory",
        ],
    ],
    [
        "Windows-only fields on a Linux host",
        onLinux({ encapRoutes: ["10.0.0.4/32"], outboundNat: { enabled: true } }),
        [
            'encapRoutes: ["10.0.0.4/32"] is not available on Linux hosts (encapsulated routes are an HNS endpoint policy); remove encapRoutes',
            'outboundNat: {"enabled":true} is not available on Linux hosts (the L2BridgeNetwork\'s masquerade covers every address of its subnet; set outboundNat on the network); remove outboundNat',
        ],
    ],
    [
        "an encapsulated route that is an address",
        onWindows({ encapRoutes: ["10.0.0.4"] }),
        [
            "encapRoutes[0]: 10.0.0.4 is not an IPv4 CIDR prefix; use <network address>/<length> such as 10.244.3.0/24",
        ],
    ],
    [
        "an outbound NAT exception of every address",
        onWindows({ outboundNat: { exceptions: ["0.0.0.0/0"] } }),
        [
            "outboundNat.exceptions[0]: 0.0.0.0/0 turns outbound NAT off for every destination: containers would reach outside networks with their own addresses and the replies would not come back; list only the ranges that route back to the containers, such as the cluster's 10.244.0.0/16, or set outboundNat.enabled to false",
        ],
    ],
    [
        "a CNI version the plugins do not speak",
        onLinux({ cniVersion: "2.0.0" }),
        ['cniVersion: 2.0.0 is not a valid choice; use one of "0.3.1", "0.4.0", "1.0.0"'],
    ],
    [
        "a DNS server that is not an address",
        onLinux({ dns: { servers: ["dns.corp"] } }),
        [
            "dns.servers[0]: dns.corp is not an IPv4 address; use dotted-quad form such as 10.244.3.10",
        ],
    ],
    [
        "every problem at once",
        onLinux({ network: "", subnet: "10.244.3.0/31", priority: -1 }),
        [
            'network: "" is empty; use a name such as cbr0',
            "subnet: 10.244.3.0/31 is too small: .1 is the nominal gateway and .2 the host, leaving no container address; use a /29 or larger prefix such as 10.244.3.0/24",
            "priority: -1 is out of range 0..99; use a value in that range such as 10",
        ],
    ],
];

describe("RuntimeNetworkConfig check", () => {
    for (const [title, bag, messages] of rows) {
        it(`${title}: ${messages.length === 0 ? "passes" : "is refused naming the field and the fix"}`, () => {
            expect(checkRuntimeNetworkConfig(bag).problems).to.deep.equal(messages);
        });
    }

    it("fills the Linux defaults: .2 gateway, .3 to the last host address, the default route, /etc/cni/net.d", () => {
        const { inputs } = checkRuntimeNetworkConfig(onLinux({}));
        expect(inputs).to.deep.include({
            runtime: "containerd",
            configDirectory: "/etc/cni/net.d",
            priority: 10,
            gateway: "10.244.3.2",
            rangeStart: "10.244.3.3",
            rangeEnd: "10.244.3.254",
            routes: ["0.0.0.0/0"],
            dns: { servers: [], search: [] },
            cniVersion: "1.0.0",
        });
        expect(inputs).to.not.have.any.keys("encapRoutes", "outboundNat", "ipamDataDirectory");
    });

    it("fills the Windows defaults: containerd's conf directory, outbound NAT on, no encapsulated route", () => {
        const { inputs } = checkRuntimeNetworkConfig(onWindows({}));
        expect(inputs).to.deep.include({
            configDirectory: "C:\\Program Files\\containerd\\cni\\conf",
            gateway: "10.244.3.2",
            encapRoutes: [],
            outboundNat: { enabled: true, exceptions: [] },
        });
        expect(inputs).to.not.have.any.keys("rangeStart", "rangeEnd", "routes");
    });

    it("writes directories in canonical form (no trailing or repeated separators, drive letter upper case)", () => {
        expect(
            checkRuntimeNetworkConfig(onLinux({ configDirectory: "/etc//cni/net.d/" })).inputs
                .configDirectory,
        ).to.equal("/etc/cni/net.d");
        expect(
            checkRuntimeNetworkConfig(onWindows({ configDirectory: "c:\\cni\\conf\\" })).inputs
                .configDirectory,
        ).to.equal("C:\\cni\\conf");
    });

    it("leaves the OS-specific defaults out while the connection's os is unknown at preview", () => {
        const { inputs, problems } = checkRuntimeNetworkConfig({
            connection: unknown,
            ...base,
        });
        expect(problems).to.deep.equal([]);
        expect(inputs).to.not.have.any.keys("configDirectory", "rangeStart", "encapRoutes");
        expect(inputs).to.include({ gateway: "10.244.3.2", priority: 10 });
    });
});
