/**
 * Check messages for hostile and borderline values: what the platform refuses, values that hide
 * characters, secrets. One row per case, the exact messages expected.
 */
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
import { samples, windowsConnection } from "../../provider/samples";

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

/** A sample's inputs with `patch` applied. */
function patched(kind: ResourceClassName, patch: Record<string, unknown>): Record<string, unknown> {
    return { ...samples[kind], ...patch };
}

/** [title, kind, patch, the exact messages]. */
export type Row = [string, ResourceClassName, Record<string, unknown>, string[]];

const visibleRows: Row[] = [
    [
        "a network name with a newline is shown JSON-quoted",
        "L2BridgeNetwork",
        { name: "cbr0\nx" },
        [
            'name: "cbr0\\nx" has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0',
        ],
    ],
    [
        "a container name with a trailing tab is shown JSON-quoted",
        "ContainerEndpoint",
        { container: "web\t" },
        [
            'container: "web\\t" is not a container ID, namespace GUID or network namespace name (letters, digits, "-", "_", ".", at most 64); use a name such as web or the container\'s ID',
        ],
    ],
    [
        "an address with a NUL is shown JSON-quoted",
        "PortPublish",
        { hostIp: "10.0.0.1\u0000" },
        [
            'hostIp: "10.0.0.1\\u0000" is not an IPv4 address; use dotted-quad form such as 10.244.3.10',
        ],
    ],
];

const aliasFix =
    "use the interface name as Get-NetAdapter or ip link shows it: printable characters without quotes, backquotes or the wildcards * ? [ ], no leading or trailing spaces, at most 255";

const interfaceRows: Row[] = [
    [
        "an adapter alias with a space and parentheses is valid",
        "L2BridgeNetwork",
        { adapter: "Ethernet (2)" },
        [],
    ],
    [
        "an adapter holding a PowerShell statement",
        "L2BridgeNetwork",
        { adapter: "a'; Remove-Item C:\\ -Recurse; '" },
        [
            `adapter: "a'; Remove-Item C:\\\\ -Recurse; '" contains a quote or a wildcard character; ${aliasFix}`,
        ],
    ],
    [
        "an adapter with a typographic quote",
        "L2BridgeNetwork",
        { adapter: "Ethernet\u2019" },
        [`adapter: "Ethernet\u2019" contains a quote or a wildcard character; ${aliasFix}`],
    ],
    [
        "an adapter that is a wildcard pattern",
        "L2BridgeNetwork",
        { adapter: "Eth*" },
        [`adapter: Eth* contains a quote or a wildcard character; ${aliasFix}`],
    ],
    [
        "an adapter with a newline",
        "L2BridgeNetwork",
        { adapter: "Ethernet\nx" },
        [`adapter: "Ethernet\\nx" contains control characters; ${aliasFix}`],
    ],
    [
        "a route interface with a bracket pattern",
        "ContainerRoute",
        { interface: "eth[0-9]" },
        [`interface: eth[0-9] contains a quote or a wildcard character; ${aliasFix}`],
    ],
    [
        "a route interface with a backquote",
        "ContainerRoute",
        { interface: "eth0`$(reboot)" },
        [`interface: "eth0\`$(reboot)" contains a quote or a wildcard character; ${aliasFix}`],
    ],
    [
        "a route interface of 256 characters",
        "ContainerRoute",
        { interface: "e".repeat(256) },
        [`interface: eeeeeeeeeeeeeeeeeeee… is longer than 255 characters; ${aliasFix}`],
    ],
    [
        "a route interface with a trailing space",
        "ContainerRoute",
        { interface: "eth0 " },
        ['interface: "eth0 " has leading or trailing spaces; use "eth0"'],
    ],
];

const onWindows = { connection: windowsConnection };

const platformRows: Row[] = [
    [
        "a VLAN on a Linux host",
        "L2BridgeNetwork",
        { vlan: 100 },
        [
            "vlan: 100 is not available on Linux hosts (the driver does not tag frames); remove vlan and isolate with a separate network or a VXLAN adapter",
        ],
    ],
    ["a VLAN on a Windows host is valid", "L2BridgeNetwork", { ...onWindows, vlan: 100 }, []],
    [
        "l2tunnel on a Linux host",
        "L2BridgeNetwork",
        { mode: "l2tunnel" },
        ['mode: l2tunnel exists only on Windows; use "l2bridge" on Linux hosts'],
    ],
    [
        "direct server return on a Linux host",
        "HnsLoadBalancer",
        { directServerReturn: true },
        ["directServerReturn: true is not available on Linux hosts; set it to false"],
    ],
    [
        "direct server return on a Windows host is valid",
        "HnsLoadBalancer",
        { ...onWindows, directServerReturn: true },
        [],
    ],
    [
        "VIP routes turned off on a Linux host",
        "HnsLoadBalancer",
        { vipRoutes: false },
        [
            "vipRoutes: false is not available on Linux hosts (containers reach the VIP on the bridge; there is no per-endpoint route to turn off); remove vipRoutes",
        ],
    ],
    [
        "VIP routes on a Linux host (the default) are valid",
        "HnsLoadBalancer",
        { vipRoutes: true },
        [],
    ],
    [
        "VIP routes turned off on a Windows host are valid",
        "HnsLoadBalancer",
        { ...onWindows, vipRoutes: false },
        [],
    ],
    [
        "serveNames on a Windows host",
        "L2BridgeNetwork",
        { ...onWindows, serveNames: true },
        [
            "serveNames: true is not available on Windows hosts (container name resolution is not implemented there); remove serveNames and set dns.servers to a DNS server that knows the containers' names",
        ],
    ],
    [
        "serveNames off on a Windows host is valid",
        "L2BridgeNetwork",
        { ...onWindows, serveNames: false },
        [],
    ],
    ["serveNames on a Linux host is valid", "L2BridgeNetwork", { serveNames: true }, []],
    [
        "a VLAN with the os unknown at preview is left to the host",
        "L2BridgeNetwork",
        { connection: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", vlan: 100 },
        [],
    ],
];

const everyAddressRows: Row[] = [
    [
        "0.0.0.0/0 as a network's NAT exception",
        "L2BridgeNetwork",
        { outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "0.0.0.0/0"] } },
        [
            "outboundNat.exceptions[1]: 0.0.0.0/0 turns outbound NAT off for every destination: containers would reach outside networks with their own addresses and the replies would not come back; list only the ranges that route back to the containers, such as the cluster's 10.244.0.0/16, or set outboundNat.enabled to false",
        ],
    ],
    [
        "0.0.0.0/0 as an endpoint's NAT exception",
        "ContainerEndpoint",
        { outboundNat: { enabled: true, exceptions: ["0.0.0.0/0"] } },
        [
            "outboundNat.exceptions[0]: 0.0.0.0/0 turns outbound NAT off for every destination: containers would reach outside networks with their own addresses and the replies would not come back; list only the ranges that route back to the containers, such as the cluster's 10.244.0.0/16, or set outboundNat.enabled to false",
        ],
    ],
    [
        "0.0.0.0/0 as a network's subnet",
        "L2BridgeNetwork",
        { subnet: "0.0.0.0/0" },
        [
            "subnet: 0.0.0.0/0 covers every IPv4 address, so the host could reach no other network and the containers no address outside their own bridge; use one host's container range such as 10.244.3.0/24",
        ],
    ],
    [
        "10.0.0.0/0 as a network's subnet",
        "L2BridgeNetwork",
        { subnet: "10.0.0.0/0" },
        [
            "subnet: 10.0.0.0/0 covers every IPv4 address, so the host could reach no other network and the containers no address outside their own bridge; use one host's container range such as 10.244.3.0/24",
        ],
    ],
];

const tooSmall =
    "is too small: .1 is the nominal gateway and .2 the host, leaving no container address; use a /29 or larger prefix such as";
const zeros =
    "has leading zeros in its prefix length, which tools read differently (some refuse it, some read it as octal); write the length without them:";

/** [title, kind, patch, the exact messages, the patch the message suggests]. */
type FixRow = [
    string,
    ResourceClassName,
    Record<string, unknown>,
    string[],
    Record<string, unknown>,
];

const fixRows: FixRow[] = [
    [
        "a /31 subnet with host bits set names a /24, not the /31 network",
        "L2BridgeNetwork",
        { subnet: "10.0.0.5/31" },
        [`subnet: 10.0.0.5/31 ${tooSmall} 10.0.0.0/24`],
        { subnet: "10.0.0.0/24" },
    ],
    [
        "a /32 subnet names a /24",
        "ContainerEndpoint",
        { subnet: "10.244.3.10/32" },
        [`subnet: 10.244.3.10/32 ${tooSmall} 10.244.3.0/24`],
        { subnet: "10.244.3.0/24" },
    ],
    [
        "a subnet length with a leading zero names the plain length",
        "L2BridgeNetwork",
        { subnet: "10.244.0.0/016" },
        [`subnet: 10.244.0.0/016 ${zeros} 10.244.0.0/16`],
        { subnet: "10.244.0.0/16" },
    ],
    [
        "a padded /30 is judged by its size",
        "GatewayEndpoint",
        { subnet: "10.244.3.0/030" },
        [`subnet: 10.244.3.0/030 ${tooSmall} 10.244.3.0/24`],
        { subnet: "10.244.3.0/24" },
    ],
    [
        "a padded length with host bits set names the canonical prefix",
        "L2BridgeNetwork",
        { subnet: "10.244.3.7/024" },
        [`subnet: 10.244.3.7/024 ${zeros} 10.244.3.0/24`],
        { subnet: "10.244.3.0/24" },
    ],
    [
        "a NAT exception /08",
        "L2BridgeNetwork",
        { outboundNat: { enabled: true, exceptions: ["10.0.0.0/08"] } },
        [`outboundNat.exceptions[0]: 10.0.0.0/08 ${zeros} 10.0.0.0/8`],
        { outboundNat: { enabled: true, exceptions: ["10.0.0.0/8"] } },
    ],
    [
        "a route destination /016",
        "ContainerRoute",
        { routes: [{ destinationPrefix: "10.244.0.0/016", nextHop: "10.77.0.12" }] },
        [`routes[0].destinationPrefix: 10.244.0.0/016 ${zeros} 10.244.0.0/16`],
        { routes: [{ destinationPrefix: "10.244.0.0/16", nextHop: "10.77.0.12" }] },
    ],
    [
        "a broadcast address in a /29 names a free host address",
        "ContainerEndpoint",
        { subnet: "10.244.3.0/29", ipAddress: "10.244.3.7" },
        [
            "ipAddress: 10.244.3.7 is the broadcast address of 10.244.3.0/29; use a host address such as 10.244.3.3",
        ],
        { subnet: "10.244.3.0/29", ipAddress: "10.244.3.3" },
    ],
];

const secret = "Hunter2-secret";

const secretRows: Row[] = [
    [
        "a connection given as an ssh URL with a password",
        "L2BridgeNetwork",
        { connection: `ssh://root:${secret}@10.0.0.4` },
        [
            'connection: "ssh://[REDACTED]@10.0.0.4" is a string, not an object; use an object { host, user, os, password or privateKey }',
        ],
    ],
    [
        "a connection given as a list holding a URL",
        "L2BridgeNetwork",
        { connection: [`winrm://Administrator:${secret}@10.0.0.5:5986`] },
        [
            'connection: ["winrm://[REDACTED]@10.0.0.5:5986"] is a list, not an object; use an object { host, user, os, password or privateKey }',
        ],
    ],
    [
        "a host holding user and password",
        "L2BridgeNetwork",
        {
            connection: {
                host: `root:${secret}@10.0.0.4`,
                user: "root",
                os: "linux",
                password: "x",
            },
        },
        [
            "connection.host: [REDACTED]@10.0.0.4 is not a host name or IP address; use a name such as host1.corp.example or an address such as 10.0.0.4",
        ],
    ],
    [
        "a password given as a number",
        "L2BridgeNetwork",
        { connection: { host: "10.0.0.4", user: "root", os: "linux", password: 12345678 } },
        ["connection.password: is a number, not a string; pass the secret as a string"],
    ],
];

const rowsByItem: [string, Row[]][] = [
    ["what the platform refuses", platformRows],
    ["every address as a subnet or NAT exception", everyAddressRows],
    ["secrets", secretRows],
    ["values that hide characters", visibleRows],
    ["interface names and aliases", interfaceRows],
];

describe("check messages for hostile and borderline values", () => {
    describe("the fix names a value the check accepts", () => {
        for (const [title, kind, patch, messages, suggested] of fixRows) {
            it(`${kind}: ${title}`, () => {
                expect(checks[kind](patched(kind, patch)).problems).to.deep.equal(messages);
                expect(checks[kind](patched(kind, suggested)).problems).to.deep.equal([]);
            });
        }
    });
    for (const [group, rows] of rowsByItem) {
        describe(group, () => {
            for (const [title, kind, patch, messages] of rows) {
                it(`${kind}: ${title}`, () => {
                    const problems = checks[kind](patched(kind, patch)).problems;
                    expect(problems).to.deep.equal(messages);
                    expect(problems.join("\n")).to.not.include(secret);
                });
            }
        });
    }
});
