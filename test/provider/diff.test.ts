import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { checkedInputs, providers } from "./providers";
import type { ResourceClassName } from "./samples";
import { linuxConnection, windowsConnection } from "./samples";
import { diffByKeys } from "../../provider/resources/diffByKeys";

const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Expected classification: "none", "update", or the replaced keys with deleteBeforeReplace. */
type Expected = "none" | "update" | { replaces: string[]; deleteBeforeReplace: boolean };

type Row = [
    title: string,
    kind: ResourceClassName,
    patch: Record<string, unknown>,
    expected: Expected,
    /** Inputs both sides share, over the sample (a Windows connection where Linux refuses a field). */
    base?: Record<string, unknown>,
];

const rows: Row[] = [
    ["an identical network", "L2BridgeNetwork", {}, "none"],
    ["a new __provider alone", "L2BridgeNetwork", { __provider: "other code" }, "none"],
    [
        "a network's subnet",
        "L2BridgeNetwork",
        { subnet: "10.244.9.0/24" },
        { replaces: ["gateway", "subnet"], deleteBeforeReplace: true },
    ],
    [
        "a network's name",
        "L2BridgeNetwork",
        { name: "cbr1" },
        { replaces: ["name"], deleteBeforeReplace: true },
    ],
    [
        "a network's VLAN",
        "L2BridgeNetwork",
        { vlan: 12 },
        { replaces: ["vlan"], deleteBeforeReplace: true },
        { connection: windowsConnection },
    ],
    [
        "a network's adapter",
        "L2BridgeNetwork",
        { adapter: "eth1" },
        { replaces: ["adapter"], deleteBeforeReplace: true },
    ],
    ["a network's DNS servers", "L2BridgeNetwork", { dns: { servers: ["10.0.0.10"] } }, "update"],
    [
        "a network's NAT exceptions",
        "L2BridgeNetwork",
        { outboundNat: { exceptions: ["10.244.0.0/16"] } },
        "update",
    ],
    ["adopt turned on", "L2BridgeNetwork", { adopt: true }, "update"],
    [
        "a rotated private key",
        "L2BridgeNetwork",
        { connection: { ...linuxConnection, privateKey: "-----BEGIN KEY-----\nrotated" } },
        "update",
    ],
    [
        "another host",
        "L2BridgeNetwork",
        { connection: { ...linuxConnection, host: "10.77.0.12" } },
        { replaces: ["connection"], deleteBeforeReplace: false },
    ],
    [
        "another host and another subnet",
        "L2BridgeNetwork",
        { connection: { ...linuxConnection, host: "10.77.0.12" }, subnet: "10.244.9.0/24" },
        { replaces: ["connection", "gateway", "subnet"], deleteBeforeReplace: false },
    ],
    [
        "an unknown subnet during preview",
        "L2BridgeNetwork",
        { subnet: unknown },
        { replaces: ["gateway", "subnet"], deleteBeforeReplace: true },
    ],
    ["an unknown DNS setting during preview", "L2BridgeNetwork", { dns: unknown }, "update"],
    ["an identical gateway endpoint", "GatewayEndpoint", {}, "none"],
    [
        "a gateway endpoint's address",
        "GatewayEndpoint",
        { ipAddress: "10.244.3.3" },
        { replaces: ["ipAddress"], deleteBeforeReplace: true },
    ],
    ["a gateway endpoint's forwarding", "GatewayEndpoint", { forwarding: false }, "update"],
    [
        "a gateway endpoint's neighbor MAC",
        "GatewayEndpoint",
        { gatewayNeighborMac: "02-00-00-00-00-01" },
        "update",
    ],
    ["an identical container endpoint (host-assigned MAC)", "ContainerEndpoint", {}, "none"],
    [
        "a container endpoint's address",
        "ContainerEndpoint",
        { ipAddress: "10.244.3.11" },
        { replaces: ["ipAddress"], deleteBeforeReplace: true },
    ],
    [
        "a container endpoint's container",
        "ContainerEndpoint",
        { container: "api", name: "web-cbr0" },
        { replaces: ["container"], deleteBeforeReplace: true },
    ],
    [
        "a container endpoint's MAC, now set",
        "ContainerEndpoint",
        { macAddress: "02-00-00-00-00-0b" },
        { replaces: ["macAddress"], deleteBeforeReplace: true },
    ],
    ["a container endpoint's MTU", "ContainerEndpoint", { mtu: 1450 }, "update"],
    ["an identical route set", "ContainerRoute", {}, "none"],
    [
        "a route added to the set",
        "ContainerRoute",
        {
            routes: [
                { destinationPrefix: "10.244.4.0/24", nextHop: "10.77.0.12" },
                { destinationPrefix: "10.244.5.0/24", nextHop: "10.77.0.13" },
            ],
        },
        "update",
    ],
    [
        "the route set's name",
        "ContainerRoute",
        { name: "mesh" },
        { replaces: ["name"], deleteBeforeReplace: true },
    ],
    ["a load balancer's backends", "HnsLoadBalancer", { backends: ["10.244.3.10"] }, "update"],
    [
        "a load balancer's VIP",
        "HnsLoadBalancer",
        { frontendVip: "10.96.0.11" },
        { replaces: ["frontendVip"], deleteBeforeReplace: true },
    ],
    [
        "a load balancer's frontend port",
        "HnsLoadBalancer",
        { frontendPort: 81, backendPort: 80 },
        { replaces: ["frontendPort"], deleteBeforeReplace: true },
    ],
    ["an ACL's rules", "EndpointAcl", { rules: [] }, "update"],
    ["an ACL's inbound default", "EndpointAcl", { defaultInbound: "allow" }, "update"],
    [
        "an ACL's endpoint",
        "EndpointAcl",
        { endpoint: "api-cbr0" },
        { replaces: ["endpoint"], deleteBeforeReplace: false },
    ],
    ["an identical port mapping", "PortPublish", {}, "none"],
    [
        "a port mapping's host port",
        "PortPublish",
        { hostPort: 8081 },
        { replaces: ["hostPort"], deleteBeforeReplace: true },
    ],
    [
        "a port mapping's protocol",
        "PortPublish",
        { protocol: "udp" },
        { replaces: ["protocol"], deleteBeforeReplace: true },
    ],
];

/** Stored outputs as create would leave them: checked inputs plus outputs and __provider. */
async function storedOutputs(
    kind: ResourceClassName,
    base: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
    const inputs = await checkedInputs(kind, base);
    const hostAssigned = kind === "ContainerEndpoint" ? { macAddress: "02-00-00-00-00-0a" } : {};
    return { ...inputs, ...hostAssigned, __provider: "code", hostKeyFingerprint: "SHA256:x" };
}

/** New inputs as the engine hands them to diff: the output of check (unknowns pass through it). */
async function newInputs(
    kind: ResourceClassName,
    patch: Record<string, unknown>,
): Promise<Record<string, unknown>> {
    const checked = await checkedInputs(kind, patch);
    return { ...checked, __provider: patch.__provider ?? "code" };
}

function classify(result: pulumi.dynamic.DiffResult): Expected {
    if (result.replaces && result.replaces.length > 0) {
        return {
            replaces: [...result.replaces],
            deleteBeforeReplace: result.deleteBeforeReplace === true,
        };
    }
    return result.changes ? "update" : "none";
}

describe("diff: replace vs in-place vs no change", () => {
    for (const [title, kind, patch, expected, base = {}] of rows) {
        const label =
            typeof expected === "string" ? expected : `replace ${expected.replaces.join(", ")}`;
        it(`${kind}: ${title} → ${label}`, async () => {
            const olds = await storedOutputs(kind, base);
            const news = await newInputs(kind, { ...base, ...patch });
            expect(classify(await providers[kind].diff("id", olds, news))).to.deep.equal(expected);
        });
    }
});

describe("diff: fields HNS cannot edit in place replace only on Windows hosts", () => {
    const keys = {
        replaceKeys: ["ipAddress"],
        windowsReplaceKeys: ["mtu"],
        outputKeys: [],
        exclusiveOnHost: true,
    };
    const cases: [string, "windows" | "linux", Expected][] = [
        [
            "an MTU change on a Windows host replaces the endpoint",
            "windows",
            {
                replaces: ["mtu"],
                deleteBeforeReplace: true,
            },
        ],
        ["an MTU change on a Linux host edits it in place", "linux", "update"],
    ];
    for (const [title, os, expected] of cases) {
        it(title, () => {
            const connection = { host: "10.0.0.4", user: "u", os };
            const olds = { connection, ipAddress: "10.244.3.10", mtu: 1500 };
            const news = { connection, ipAddress: "10.244.3.10", mtu: 1450 };
            expect(classify(diffByKeys(keys, olds, news))).to.deep.equal(expected);
        });
    }
});
