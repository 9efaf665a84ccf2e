/**
 * How HNS answers queries: the schema version in the query picks the shape (1 → the v1 objects of
 * hns.md §7, 2 → the stored v2 document), Flags 1 (Detailed) adds namespace resources, and
 * `Filter` (a JSON string) keeps the objects whose properties equal every given value.
 */
import type { HcnContext } from "./context";
import { fail } from "./hresults";
import { sameId } from "./lookup";
import type { HcnPolicy } from "./policies";
import { checkShape, parseDocument, queryShape } from "./shapes";
import type { HcnDocument, HcnObject, HcnState } from "./state";

/** The kinds of HCN object. */
export type HcnKind = "Network" | "Endpoint" | "Namespace" | "LoadBalancer";

/** A parsed HostComputeQuery. */
export interface HcnQuery {
    major: number;
    detailed: boolean;
    filter: HcnDocument;
}

/** Parses a query document (absent = schema 2, not detailed, no filter). */
export function parseQuery(text: string | null): HcnQuery {
    const doc = parseDocument(text, "query");
    checkShape(doc, queryShape, "query");
    const version = doc["SchemaVersion"] as { Major?: number } | undefined;
    const filterText = typeof doc["Filter"] === "string" ? doc["Filter"] : "";
    const filter = filterText.trim() === "" ? {} : parseDocument(filterText, "query.Filter");
    return {
        major: version?.Major ?? 2,
        detailed: ((doc["Flags"] as number) ?? 0) % 2 === 1,
        filter,
    };
}

const v1ProtocolNames: Record<number, string> = { 6: "TCP", 17: "UDP", 1: "ICMP" };

/** A v2 policy in the flat v1 form with v1 type and field names. */
function v1Policy(p: HcnPolicy): HcnDocument {
    const s = p.Settings ?? {};
    switch (p.Type) {
        case "PortMapping":
            return {
                Type: "NAT",
                Protocol: v1ProtocolNames[s["Protocol"] as number] ?? String(s["Protocol"]),
                InternalPort: s["InternalPort"],
                ExternalPort: s["ExternalPort"],
                ...(s["VIP"] !== undefined ? { VIP: s["VIP"] } : {}),
            };
        case "SDNRoute":
            return { Type: "ROUTE", ...s };
        case "OutBoundNAT": {
            const { VirtualIP, Exceptions, ...rest } = s;
            return {
                Type: "OutBoundNAT",
                ...rest,
                ...(VirtualIP !== undefined ? { VIP: VirtualIP } : {}),
                ...(Exceptions !== undefined ? { ExceptionList: Exceptions } : {}),
            };
        }
        case "ProviderAddress":
            return { Type: "PA", PA: s["ProviderAddress"] };
        default:
            return { Type: p.Type, ...s };
    }
}

function policiesOf(o: HcnDocument): HcnPolicy[] {
    return Array.isArray(o["Policies"]) ? (o["Policies"] as HcnPolicy[]) : [];
}

interface Subnet {
    IpAddressPrefix?: string;
    Routes?: { NextHop?: string; DestinationPrefix?: string }[];
    Policies?: HcnPolicy[];
}

function subnetsOf(network: HcnDocument): Subnet[] {
    const ipams = Array.isArray(network["Ipams"])
        ? (network["Ipams"] as { Subnets?: Subnet[] }[])
        : [];
    return ipams.flatMap((i) => i.Subnets ?? []);
}

/** The gateway of a subnet: its default route's next hop. */
export function subnetGateway(s: {
    Routes?: { NextHop?: string; DestinationPrefix?: string }[];
}): string | undefined {
    return s.Routes?.find(
        (r) => r.DestinationPrefix === "0.0.0.0/0" || r.DestinationPrefix === "::/0",
    )?.NextHop;
}

/** The adapter a network is bound to (its NetAdapterName policy). */
export function networkAdapterName(network: HcnDocument): string | undefined {
    const p = policiesOf(network).find((q) => q.Type === "NetAdapterName");
    return p?.Settings?.["NetworkAdapterName"] as string | undefined;
}

function v1Network(state: HcnState, n: HcnObject): HcnDocument {
    const adapter = networkAdapterName(n);
    const dns = (n["Dns"] ?? {}) as { Domain?: string; ServerList?: string[] };
    const endpoints = state.endpoints.filter((e) => sameId(e["HostComputeNetwork"], n.ID)).length;
    const vlanPolicies = subnetsOf(n).flatMap((s) =>
        (s.Policies ?? []).map((p) => ({ Type: p.Type, [p.Type]: p.Settings?.["IsolationId"] })),
    );
    return {
        ActivityId: n.ID,
        CurrentEndpointCount: endpoints,
        ID: n.ID,
        Name: n["Name"] ?? "",
        Type: n["Type"] ?? "NAT",
        NetworkAdapterName: adapter ?? "",
        ManagementIP: state.adapters.find((a) => a.name === adapter)?.ipAddress ?? "",
        Policies: [
            ...policiesOf(n)
                .filter((p) => p.Type !== "NetAdapterName")
                .map(v1Policy),
            ...vlanPolicies,
        ],
        Subnets: subnetsOf(n).map((s) => ({
            AddressPrefix: s.IpAddressPrefix,
            GatewayAddress: subnetGateway(s) ?? "",
            Policies: [],
        })),
        MacPools: ((n["MacPool"] as { Ranges?: unknown[] } | undefined)?.Ranges ?? []) as unknown[],
        DNSSuffix: dns.Domain ?? "",
        DNSServerList: (dns.ServerList ?? []).join(","),
        Flags: n["Flags"] ?? 0,
        State: 1,
        TotalEndpoints: endpoints,
        Version: 64424509440,
    };
}

function v1Endpoint(state: HcnState, e: HcnObject): HcnDocument {
    const network = state.networks.find((n) => sameId(n.ID, e["HostComputeNetwork"]));
    const ip = ((e["IpConfigurations"] as { IpAddress?: string; PrefixLength?: number }[]) ??
        [])[0];
    const dns = (e["Dns"] ?? {}) as { Domain?: string; Search?: string[]; ServerList?: string[] };
    const gateway = subnetGateway({ Routes: (e["Routes"] as Subnet["Routes"]) ?? [] });
    const namespace = namespaceOfEndpoint(state, e.ID);
    const attached =
        namespace !== undefined || state.hostAttach.some((a) => sameId(a.endpointId, e.ID));
    return {
        ID: e.ID,
        Name: e["Name"] ?? "",
        VirtualNetwork: e["HostComputeNetwork"],
        VirtualNetworkName: network?.["Name"] ?? "",
        Policies: policiesOf(e).map(v1Policy),
        MacAddress: e["MacAddress"] ?? "",
        IPAddress: ip?.IpAddress ?? "",
        PrefixLength: ip?.PrefixLength ?? 0,
        ...(gateway ? { GatewayAddress: gateway } : {}),
        DNSSuffix: (dns.Search ?? []).join(","),
        DNSServerList: (dns.ServerList ?? []).join(","),
        DNSDomain: dns.Domain ?? "",
        IsRemoteEndpoint: (((e["Flags"] as number) ?? 0) & 1) === 1,
        ...(namespace
            ? { Namespace: { ID: namespace.ID, CompartmentId: namespace["NamespaceId"] } }
            : {}),
        SharedContainers: [],
        State: attached ? 2 : 1,
    };
}

/** The namespace holding an endpoint, if any. */
export function namespaceOfEndpoint(state: HcnState, endpointId: string): HcnObject | undefined {
    return state.namespaces.find((ns) =>
        ((ns["Resources"] as { Type?: string; Data?: { ID?: string } }[]) ?? []).some(
            (r) => r.Type === "Endpoint" && sameId(r.Data?.ID, endpointId),
        ),
    );
}

function v2View(state: HcnState, kind: HcnKind, o: HcnObject, detailed: boolean): HcnDocument {
    if (kind === "Endpoint") {
        const namespace = namespaceOfEndpoint(state, o.ID);
        return namespace ? { ...o, HostComputeNamespace: namespace.ID } : { ...o };
    }
    if (kind === "Namespace" && !detailed) {
        const rest: HcnDocument = { ...o };
        delete rest["Resources"];
        return rest;
    }
    return { ...o };
}

/** The object as a query with this schema version and flags sees it. */
export function render(ctx: HcnContext, kind: HcnKind, o: HcnObject, query: HcnQuery): HcnDocument {
    if (query.major === 1 && kind === "Network") return v1Network(ctx.state, o);
    if (query.major === 1 && kind === "Endpoint") return v1Endpoint(ctx.state, o);
    return v2View(ctx.state, kind, o, query.detailed);
}

function valuesEqual(actual: unknown, wanted: unknown): boolean {
    if (typeof actual === "string" && typeof wanted === "string")
        return actual === wanted || sameId(actual, wanted);
    return JSON.stringify(actual) === JSON.stringify(wanted);
}

function property(views: HcnDocument[], key: string): unknown {
    for (const view of views) {
        const found = Object.keys(view).find((k) => k.toLowerCase() === key.toLowerCase());
        if (found !== undefined) return view[found];
    }
    return undefined;
}

/** Whether an object passes a query filter (keys match v2 or v1 property names, any case). */
export function matchesFilter(
    ctx: HcnContext,
    kind: HcnKind,
    o: HcnObject,
    filter: HcnDocument,
): boolean {
    const views = [v2View(ctx.state, kind, o, true)];
    if (kind === "Network" || kind === "Endpoint")
        views.push(render(ctx, kind, o, { major: 1, detailed: true, filter: {} }));
    return Object.entries(filter).every(([key, wanted]) =>
        valuesEqual(property(views, key), wanted),
    );
}

/** Objects of one kind in the state. */
export function objectsOf(state: HcnState, kind: HcnKind): HcnObject[] {
    switch (kind) {
        case "Network":
            return state.networks;
        case "Endpoint":
            return state.endpoints;
        case "Namespace":
            return state.namespaces;
        case "LoadBalancer":
            return state.loadBalancers;
    }
}

/** Answers HcnEnumerate*: a JSON array of the matching IDs. */
export function enumerate(ctx: HcnContext, kind: HcnKind, queryText: string | null): string {
    const query = parseQuery(queryText);
    return JSON.stringify(
        objectsOf(ctx.state, kind)
            .filter((o) => matchesFilter(ctx, kind, o, query.filter))
            .map((o) => o.ID),
    );
}

/** The error for a missing object of a kind (HNS's own codes: hns.md §6.4). */
export function notFound(kind: HcnKind, id: string): Error {
    switch (kind) {
        case "Network":
            return fail.networkNotFound(id);
        case "Endpoint":
            return fail.endpointNotFound(id);
        default:
            return fail.elementNotFound(`${kind} {${id}}`);
    }
}
