/** HcnCreateEndpoint / HcnModifyEndpoint / HcnDeleteEndpoint as HNS decides them. */
import type { HcnContext } from "./context";
import { supports } from "./features";
import { fail, HcnError, HResult } from "./hresults";
import { parseIpv4, parseIpv4Prefix, prefixContains } from "./ipv4";
import { findById, idForCreate, sameId } from "./lookup";
import { applyPolicyRequest, checkPolicies, type HcnPolicy } from "./policies";
import { checkShape, endpointShape, modifyRequestShape, parseDocument } from "./shapes";
import type { HcnDocument, HcnObject, HcnState } from "./state";
import { namespaceOfEndpoint, notFound, subnetGateway } from "./views";

interface IpConfiguration {
    IpAddress?: string;
    PrefixLength?: number;
}

interface Subnet {
    IpAddressPrefix?: string;
    Routes?: { NextHop?: string; DestinationPrefix?: string }[];
    Flags?: number;
}

/** Subnet flag DoNotReserveGatewayAddress. */
const doNotReserveGateway = 1;

function subnetsOf(network: HcnObject): Subnet[] {
    return ((network["Ipams"] as { Subnets?: Subnet[] }[] | undefined) ?? []).flatMap(
        (i) => i.Subnets ?? [],
    );
}

function ipConfigurationsOf(endpoint: HcnDocument): IpConfiguration[] {
    return (endpoint["IpConfigurations"] as IpConfiguration[] | undefined) ?? [];
}

/** Addresses must lie in a subnet of the network, avoid its gateway and be unused in the network. */
function checkAddresses(state: HcnState, network: HcnObject, configs: IpConfiguration[]): void {
    for (const c of configs) {
        const ip = parseIpv4(c.IpAddress ?? "");
        if (ip === undefined)
            throw fail.invalidArgument(`IpAddress "${c.IpAddress ?? ""}" is not an IPv4 address`);
        if (c.PrefixLength !== undefined && c.PrefixLength > 32)
            throw new HcnError(
                HResult.invalidPrefix,
                `Invalid prefix. PrefixLength ${c.PrefixLength}`,
            );
        if (c.PrefixLength === 32 && !supports(state.version, "slash32EndpointPrefixes"))
            throw new HcnError(
                HResult.requestUnsupported,
                "The request is not supported. /32 endpoint prefixes need HNS 9.3 or 10.4.",
            );
        const subnet = subnetsOf(network).find((s) => {
            const prefix = parseIpv4Prefix(s.IpAddressPrefix ?? "");
            return prefix !== undefined && prefixContains(prefix, ip);
        });
        if (!subnet)
            throw new HcnError(
                HResult.invalidIp,
                `The IP address is not in any subnet of the network. ${c.IpAddress}`,
            );
        if (
            subnetGateway(subnet) === c.IpAddress &&
            ((subnet.Flags ?? 0) & doNotReserveGateway) === 0
        )
            throw new HcnError(
                HResult.addressInvalidOrReserved,
                `An address provided is invalid or reserved. ${c.IpAddress} is the subnet gateway.`,
            );
        const taken = state.endpoints.some(
            (e) =>
                sameId(e["HostComputeNetwork"], network.ID) &&
                ipConfigurationsOf(e).some((o) => o.IpAddress === c.IpAddress),
        );
        if (taken)
            throw new HcnError(
                HResult.addressInvalidOrReserved,
                `An address provided is invalid or reserved. ${c.IpAddress} is already in use in the network.`,
            );
    }
}

interface PortMapping {
    Protocol?: number;
    ExternalPort?: number;
    VIP?: string;
}

function portMappings(policies: HcnPolicy[]): PortMapping[] {
    return policies.filter((p) => p.Type === "PortMapping").map((p) => p.Settings as PortMapping);
}

function overlaps(a: PortMapping, b: PortMapping): boolean {
    const anyVip = (v?: string) => !v || v === "0.0.0.0";
    return (
        a.Protocol === b.Protocol &&
        a.ExternalPort === b.ExternalPort &&
        (anyVip(a.VIP) || anyVip(b.VIP) || a.VIP === b.VIP)
    );
}

/** A host port can be published once per host (protocol, port, VIP): HCN_E_PORT_ALREADY_EXISTS. */
function checkHostPorts(state: HcnState, endpointId: string, policies: HcnPolicy[]): void {
    const mine = portMappings(policies);
    const others = state.endpoints
        .filter((e) => !sameId(e.ID, endpointId))
        .flatMap((e) => portMappings((e["Policies"] as HcnPolicy[]) ?? []));
    mine.forEach((m, i) => {
        const clash = [...others, ...mine.slice(0, i)].find((o) => overlaps(m, o));
        if (clash)
            throw new HcnError(
                HResult.portAlreadyExists,
                `The port is already in use. Host port ${m.ExternalPort} (protocol ${m.Protocol}) is already mapped.`,
            );
    });
}

function macFor(id: string): string {
    const hex = id.replace(/-/g, "").slice(0, 6).toUpperCase();
    return `00-15-5D-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`;
}

/** Creates an endpoint on the network whose ID `networkId` the handle refers to. */
export function createEndpoint(
    ctx: HcnContext,
    networkId: string,
    requestedId: string | null,
    settings: string | null,
): HcnObject {
    const network = findById(ctx.state.networks, networkId);
    if (!network) throw notFound("Network", networkId);
    const doc = parseDocument(settings, "endpoint");
    checkShape(doc, endpointShape, "endpoint");
    if (doc["HostComputeNamespace"] !== undefined)
        throw fail.invalidArgument(
            "endpoint.HostComputeNamespace is read-only; add the endpoint to the namespace instead",
        );
    if (doc["HostComputeNetwork"] !== undefined && !sameId(doc["HostComputeNetwork"], network.ID))
        throw fail.invalidArgument("endpoint.HostComputeNetwork differs from the network handle");
    const id = idForCreate(requestedId ?? (doc["ID"] as string | undefined) ?? null);
    if (findById(ctx.state.endpoints, id))
        throw new HcnError(
            HResult.endpointAlreadyExists,
            `An endpoint with this ID already exists. {${id}}`,
        );
    checkAddresses(ctx.state, network, ipConfigurationsOf(doc));
    const policies = checkPolicies(
        doc["Policies"],
        "endpoint",
        ctx.state.version,
        "endpoint.Policies",
    );
    checkHostPorts(ctx.state, id, policies);
    const endpoint: HcnObject = {
        ...doc,
        ID: id,
        HostComputeNetwork: network.ID,
        Policies: policies,
        MacAddress: (doc["MacAddress"] as string | undefined) ?? macFor(id),
        Flags: doc["Flags"] ?? 0,
        SchemaVersion: { Major: 2, Minor: 0 },
    };
    ctx.state.endpoints.push(endpoint);
    return endpoint;
}

function requireEndpoint(ctx: HcnContext, id: string): HcnObject {
    const endpoint = findById(ctx.state.endpoints, id);
    if (!endpoint) throw notFound("Endpoint", id);
    return endpoint;
}

/** Applies a ModifyEndpointSettingRequest: only ResourceType Policy (hns.md §3.4). */
export function modifyEndpoint(ctx: HcnContext, id: string, settingsText: string | null): void {
    const endpoint = requireEndpoint(ctx, id);
    const request = parseDocument(settingsText, "request");
    checkShape(request, modifyRequestShape, "request");
    if (request["ResourceType"] !== "Policy")
        throw new HcnError(
            HResult.requestUnsupported,
            `The request is not supported. ResourceType "${String(request["ResourceType"])}" on an endpoint.`,
        );
    const settings = (request["Settings"] ?? {}) as HcnDocument;
    checkShape(settings, { object: { Policies: { list: "any" } } }, "request.Settings");
    const requested = checkPolicies(
        settings["Policies"],
        "endpoint",
        ctx.state.version,
        "request.Settings.Policies",
    );
    const next = applyPolicyRequest(
        (endpoint["Policies"] as HcnPolicy[]) ?? [],
        String(request["RequestType"] ?? ""),
        requested,
    );
    checkHostPorts(ctx.state, endpoint.ID, next);
    endpoint["Policies"] = next;
}

/** Deletes an endpoint; refused while it is in a namespace. Detaches it from the host first. */
export async function deleteEndpoint(ctx: HcnContext, id: string): Promise<void> {
    const endpoint = requireEndpoint(ctx, id);
    const namespace = namespaceOfEndpoint(ctx.state, endpoint.ID);
    if (namespace)
        throw fail.hasReferences(
            `The endpoint is in namespace {${namespace.ID}}; remove it first.`,
        );
    const attachment = ctx.state.hostAttach.find((a) => sameId(a.endpointId, endpoint.ID));
    if (attachment) {
        await ctx.kernel?.detachHostEndpoint(hostEndpointOf(endpoint));
        ctx.state.hostAttach = ctx.state.hostAttach.filter((a) => a !== attachment);
    }
    ctx.state.endpoints = ctx.state.endpoints.filter((e) => e !== endpoint);
}

/** The facts a host vNIC is made from. */
export function hostEndpointOf(endpoint: HcnObject): {
    id: string;
    name: string;
    ipAddress: string;
    prefixLength: number;
    macAddress: string;
} {
    const ip = ipConfigurationsOf(endpoint)[0] ?? {};
    return {
        id: endpoint.ID,
        name: String(endpoint["Name"] ?? ""),
        ipAddress: ip.IpAddress ?? "",
        prefixLength: ip.PrefixLength ?? 32,
        macAddress: String(endpoint["MacAddress"] ?? ""),
    };
}
