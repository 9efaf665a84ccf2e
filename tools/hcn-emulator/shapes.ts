/**
 * Field names and JSON types of the HCN v2 documents (hcsshim hcn/*.go and HNS_Schema.md). HNS
 * deserialises a document against its schema and refuses unknown fields and wrong types with
 * HCN_E_INVALID_JSON (0x803B001B, "Invalid JSON document string"), which is what this check
 * reproduces.
 */
import { fail } from "./hresults";

/** The JSON type of one field. */
export type Shape =
    | "string"
    | "guid"
    | "uint"
    | "bool"
    | "any"
    | { object: Record<string, Shape>; open?: boolean }
    | { list: Shape };

const guidPattern = /^\{?[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?$/;

const obj = (fields: Record<string, Shape>): Shape => ({ object: fields });
const list = (item: Shape): Shape => ({ list: item });

/** Fields every HCN object may carry (schema "Base"). */
const base: Record<string, Shape> = {
    ID: "guid",
    Owner: "string",
    Name: "string",
    Version: "uint",
    AdditionalParams: "any",
    Health: "any",
    SchemaVersion: obj({ Major: "uint", Minor: "uint" }),
    Telemetry: "any",
    State: "uint",
};

const policy = obj({ Type: "string", Settings: { object: {}, open: true } });
/** Shape of the DNS settings of a network or endpoint. */
export const dnsShape = obj({
    Domain: "string",
    Search: list("string"),
    ServerList: list("string"),
    Options: list("string"),
});
const route = obj({ NextHop: "string", DestinationPrefix: "string", Metric: "uint" });
const subnet = obj({
    ID: "guid",
    IpAddressPrefix: "string",
    Policies: list(policy),
    Routes: list(route),
    IpSubnets: list(obj({ ...base, IpAddressPrefix: "string", Flags: "uint" })),
    Flags: "uint",
});

/** Shape of a network document (HostComputeNetwork). */
export const networkShape = obj({
    ...base,
    Type: "string",
    Policies: list(policy),
    MacPool: obj({ Ranges: list(obj({ StartMacAddress: "string", EndMacAddress: "string" })) }),
    Dns: dnsShape,
    Ipams: list(obj({ Type: "string", Subnets: list(subnet) })),
    Flags: "uint",
});

/** Shape of an endpoint document (HostComputeEndpoint). */
export const endpointShape = obj({
    ...base,
    HostComputeNetwork: "guid",
    HostComputeNamespace: "guid",
    Policies: list(policy),
    IpConfigurations: list(obj({ IpAddress: "string", PrefixLength: "uint", IpSubnetId: "guid" })),
    Dns: dnsShape,
    Routes: list(route),
    MacAddress: "string",
    Flags: "uint",
});

/** Shape of a load balancer document (HostComputeLoadBalancer). */
export const loadBalancerShape = obj({
    ...base,
    HostComputeEndpoints: list("guid"),
    SourceVIP: "string",
    FrontendVIPs: list("string"),
    PortMappings: list(
        obj({
            Protocol: "uint",
            InternalPort: "uint",
            ExternalPort: "uint",
            DistributionType: "uint",
            Flags: "uint",
        }),
    ),
    Flags: "uint",
    HostComputeNetwork: "guid",
});

/** Shape of a namespace document (HostComputeNamespace). */
export const namespaceShape = obj({
    ...base,
    NamespaceId: "uint",
    NamespaceGuid: "guid",
    Type: "string",
    Resources: list(obj({ Type: "string", Data: "any" })),
    CreateWithCompartment: "bool",
});

/** Shape of a modify request (Modify*SettingRequest). */
export const modifyRequestShape = obj({
    ResourceUri: "string",
    ResourceType: "string",
    RequestType: "string",
    Settings: "any",
});

/** Shape of a query document (HostComputeQuery). */
export const queryShape = obj({
    SchemaVersion: obj({ Major: "uint", Minor: "uint" }),
    Flags: "uint",
    Filter: "string",
});

/** Settings fields of the policy types whose fields are fixed (hcsshim hcn/hcnpolicy.go). */
export const policySettingsShapes: Record<string, Shape> = {
    NetAdapterName: obj({ NetworkAdapterName: "string" }),
    SourceMacAddress: obj({ SourceMacAddress: "string" }),
    ProviderAddress: obj({ ProviderAddress: "string" }),
    DrMacAddress: obj({ Address: "string" }),
    AutomaticDNS: obj({ Enable: "bool" }),
    RemoteSubnetRoute: obj({
        DestinationPrefix: "string",
        IsolationId: "uint",
        ProviderAddress: "string",
        DistributedRouterMacAddress: "string",
    }),
    VxlanPort: obj({ Port: "uint" }),
    HostRoute: obj({}),
    VLAN: obj({ IsolationId: "uint" }),
    VSID: obj({ IsolationId: "uint" }),
    PortMapping: obj({
        Protocol: "uint",
        InternalPort: "uint",
        ExternalPort: "uint",
        VIP: "string",
        Flags: "uint",
    }),
    ACL: obj({
        Id: "string",
        Protocols: "string",
        Action: "string",
        Direction: "string",
        LocalAddresses: "string",
        RemoteAddresses: "string",
        LocalPorts: "string",
        RemotePorts: "string",
        RuleType: "string",
        Priority: "uint",
    }),
    OutBoundNAT: obj({
        VirtualIP: "string",
        Exceptions: list("string"),
        Destinations: list("string"),
        Flags: "uint",
        MaxPortPoolUsage: "uint",
    }),
    SDNRoute: obj({ DestinationPrefix: "string", NextHop: "string", NeedEncap: "bool" }),
    PortName: obj({ Name: "string" }),
    EncapOverhead: obj({ Overhead: "uint" }),
    QOS: obj({ MaximumOutgoingBandwidthInBytes: "uint" }),
    InterfaceParameters: obj({ Mtu: "uint" }),
};
policySettingsShapes["NetworkACL"] = policySettingsShapes["ACL"];

function typeOf(value: unknown): string {
    return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/** Throws HCN_E_INVALID_JSON naming the first unknown field or wrongly typed value. */
export function checkShape(value: unknown, shape: Shape, at: string): void {
    if (value === null) return; // HNS treats null as absent
    if (shape === "any") return;
    if (shape === "string" || shape === "guid") {
        if (typeof value !== "string")
            throw fail.invalidJson(`${at}: expected a string, got ${typeOf(value)}`);
        if (shape === "guid" && !guidPattern.test(value))
            throw fail.invalidJson(`${at}: "${value}" is not a GUID`);
        return;
    }
    if (shape === "uint") {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
            throw fail.invalidJson(
                `${at}: expected an unsigned integer, got ${JSON.stringify(value)}`,
            );
        return;
    }
    if (shape === "bool") {
        if (typeof value !== "boolean")
            throw fail.invalidJson(`${at}: expected a boolean, got ${typeOf(value)}`);
        return;
    }
    if ("list" in shape) {
        if (!Array.isArray(value))
            throw fail.invalidJson(`${at}: expected an array, got ${typeOf(value)}`);
        value.forEach((item, i) => checkShape(item, shape.list, `${at}[${i}]`));
        return;
    }
    if (typeOf(value) !== "object")
        throw fail.invalidJson(`${at}: expected an object, got ${typeOf(value)}`);
    if (shape.open) return;
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
        const fieldShape = shape.object[key];
        if (fieldShape === undefined) throw fail.invalidJson(`${at}: unknown field "${key}"`);
        checkShape(field, fieldShape, `${at}.${key}`);
    }
}

/** Parses a JSON document text; HCN_E_INVALID_JSON when it is not a JSON object. */
export function parseDocument(text: string | null, what: string): Record<string, unknown> {
    if (text === null || text.trim() === "") return {};
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw fail.invalidJson(`${what}: ${(e as Error).message}`);
    }
    if (typeOf(parsed) !== "object") throw fail.invalidJson(`${what}: expected a JSON object`);
    return parsed as Record<string, unknown>;
}
