/**
 * Reading HCN objects as HNS returns them. HNS and PowerShell match JSON keys without regard to case
 * (Microsoft's own documents spell `DNS` and `IPConfigurations` where hcsshim writes `Dns` and
 * `IpConfigurations`), so every key the package reads is brought to one spelling here, once, when a
 * view arrives. A field the package reads that holds another type, or an object in the v1 schema
 * where the v2 schema was asked for, is an error naming the object and the field: never a silently
 * empty value.
 */

/** An HCN object whose shape this package does not read. */
export class HcnShapeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HcnShapeError";
    }
}

type JsonType = "string" | "number" | "boolean" | "object" | "array";

/** A field read in one spelling whatever its type (Health.Data may hold anything). */
type FieldType = JsonType | "any";

/**
 * The fields this package reads, in hcsshim's spelling (its `hcn` package's JSON tags), with the
 * JSON type HNS gives them. Keys found in any other casing are renamed to these.
 */
const fieldTypes: Record<string, FieldType> = {
    ID: "string",
    Name: "string",
    Type: "string",
    Flags: "number",
    Policies: "array",
    Settings: "object",
    SchemaVersion: "object",
    Ipams: "array",
    Subnets: "array",
    IpAddressPrefix: "string",
    Routes: "array",
    NextHop: "string",
    DestinationPrefix: "string",
    Metric: "number",
    Dns: "object",
    Domain: "string",
    Search: "array",
    ServerList: "array",
    HostComputeNetwork: "string",
    HostComputeNamespace: "string",
    IpConfigurations: "array",
    IpAddress: "string",
    PrefixLength: "number",
    MacAddress: "string",
    Resources: "array",
    Data: "any",
    HostComputeEndpoints: "array",
    SourceVIP: "string",
    FrontendVIPs: "array",
    PortMappings: "array",
    Protocol: "number",
    InternalPort: "number",
    ExternalPort: "number",
    NetworkAdapterName: "string",
    IsolationId: "number",
    Exceptions: "array",
    ExceptionList: "array",
    VirtualIP: "string",
    VIP: "string",
    Action: "string",
    Direction: "string",
    LocalAddresses: "string",
    RemoteAddresses: "string",
    LocalPorts: "string",
    RemotePorts: "string",
    Protocols: "string",
    RuleType: "string",
    Priority: "number",
    NeedEncap: "boolean",
    Id: "string",
};

/** Lower-case key → the spelling above. `Id` (ACL rule id) and `ID` (object id) stay apart. */
const canonicalKeys = new Map<string, string>(
    Object.keys(fieldTypes)
        .filter((key) => key !== "Id")
        .map((key) => [key.toLowerCase(), key]),
);

/** Fields whose value HNS may give as a number inside a string (ACL priorities, protocols). */
const numericTextAllowed = new Set(["Protocol", "Priority", "Metric", "PrefixLength", "Flags"]);

function typeOf(value: unknown): JsonType | "null" {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value as JsonType;
}

/** The words naming an object in a message: its kind, name and ID as far as known. */
function describe(kind: string, raw: Record<string, unknown>): string {
    const lookup = (key: string): unknown =>
        Object.entries(raw).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    const name = lookup("Name");
    const id = lookup("ID");
    const parts = [kind];
    if (typeof name === "string" && name !== "") parts.push(JSON.stringify(name));
    if (typeof id === "string" && id !== "") parts.push(`(ID ${id})`);
    return parts.join(" ");
}

/** v1-schema fields that a v2 object never has, per kind. */
const v1Markers: Record<string, { has: string[]; lacks: string }> = {
    network: {
        has: ["Subnets", "NetworkAdapterName", "DNSServerList", "ManagementIP"],
        lacks: "Ipams",
    },
    endpoint: {
        has: ["VirtualNetwork", "IPAddress", "VirtualNetworkName"],
        lacks: "IpConfigurations",
    },
};

function rejectV1Shape(kind: string, raw: Record<string, unknown>): void {
    const markers = v1Markers[kind];
    if (!markers) return;
    const keys = Object.keys(raw);
    const lower = new Set(keys.map((k) => k.toLowerCase()));
    if (lower.has(markers.lacks.toLowerCase())) return;
    const found = keys.find((k) => markers.has.includes(k));
    if (found) {
        throw new HcnShapeError(
            `HNS returned ${describe(kind, raw)} in the v1 schema (field ${found}, no ${markers.lacks}); ` +
                `the package reads schema 2 objects, so its query must ask for SchemaVersion 2.0`,
        );
    }
}

function normalizeValue(value: unknown, where: string, path: string): unknown {
    if (Array.isArray(value)) {
        return value.map((item, index) => normalizeValue(item, where, `${path}[${index}]`));
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        const canonical = key === "Id" ? key : (canonicalKeys.get(key.toLowerCase()) ?? key);
        const at = path ? `${path}.${canonical}` : canonical;
        if (inner === null) {
            continue; // HNS writes null for an empty optional field: the same as absent.
        }
        const expected = fieldTypes[canonical];
        const actual = typeOf(inner);
        const numericText =
            expected === "number" &&
            actual === "string" &&
            numericTextAllowed.has(canonical) &&
            /^\d+$/.test(inner as string);
        if (expected && expected !== "any" && actual !== expected && !numericText) {
            throw new HcnShapeError(
                `HNS returned ${where} with ${at} as ${actual === "array" ? "an array" : `a ${actual}`} ` +
                    `(${JSON.stringify(inner).slice(0, 80)}); the package reads it as ` +
                    `${expected === "array" || expected === "object" ? "an" : "a"} ${expected}`,
            );
        }
        if (result[canonical] !== undefined) {
            throw new HcnShapeError(
                `HNS returned ${where} with field ${at} twice, in two spellings; the package cannot tell which holds`,
            );
        }
        result[canonical] = normalizeValue(inner, where, at);
    }
    return result;
}

/**
 * One HCN object of `kind` (network, endpoint, namespace, load balancer) with every key the package
 * reads in one spelling; throws `HcnShapeError` when a read field has another type or the object is
 * in the v1 schema.
 */
export function normalizeHcnObject(kind: string, raw: unknown): Record<string, unknown> {
    if (typeOf(raw) !== "object") {
        throw new HcnShapeError(
            `HNS returned a ${kind} as ${JSON.stringify(raw).slice(0, 80)}, not as a JSON object`,
        );
    }
    const record = raw as Record<string, unknown>;
    rejectV1Shape(kind, record);
    return normalizeValue(record, describe(kind, record), "") as Record<string, unknown>;
}

/** Which view field holds HCN objects of which kind. */
const viewLists: Record<string, string> = {
    networks: "network",
    network: "network",
    endpoints: "endpoint",
    namespaces: "namespace",
    loadBalancers: "load balancer",
};

/**
 * An HCN object of `kind` as the host sent it: the JSON text HNS returned (parsed here), or an
 * object already parsed.
 */
function parseHcnText(kind: string, value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    try {
        return JSON.parse(value) as unknown;
    } catch {
        throw new HcnShapeError(
            `HNS returned the ${kind} text ${JSON.stringify(value).slice(0, 80)}, which is not JSON`,
        );
    }
}

/**
 * A view returned by a host script with its HCN objects (JSON text as HNS returned it) parsed and
 * normalised (see `normalizeHcnObject`); a nested `view` (the result of a create) is normalised too.
 */
export function normalizeHcnView<T>(view: T): T {
    if (typeOf(view) !== "object") {
        return view;
    }
    const result: Record<string, unknown> = { ...(view as Record<string, unknown>) };
    for (const [field, kind] of Object.entries(viewLists)) {
        const value = result[field];
        if (value === undefined || value === null) {
            continue;
        }
        result[field] = Array.isArray(value)
            ? value.map((item) => normalizeHcnObject(kind, parseHcnText(kind, item)))
            : normalizeHcnObject(kind, parseHcnText(kind, value));
    }
    if (typeOf(result.view) === "object") {
        result.view = normalizeHcnView(result.view);
    }
    return result as T;
}
