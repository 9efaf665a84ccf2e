/** HcnCreateNetwork / HcnModifyNetwork / HcnDeleteNetwork as HNS decides them. */
import type { HcnContext } from "./context";
import { supports } from "./features";
import { networkTypes } from "./hcnSchema";
import { fail, HcnError, HResult } from "./hresults";
import { parseIpv4, parseIpv4Prefix } from "./ipv4";
import { canonicalId, findById, idForCreate, sameId } from "./lookup";
import { applyPolicyRequest, checkPolicies, type HcnPolicy } from "./policies";
import { checkShape, dnsShape, modifyRequestShape, networkShape, parseDocument } from "./shapes";
import type { HcnDocument, HcnObject, HnsVersion } from "./state";
import { networkAdapterName, notFound, subnetGateway } from "./views";

/** Network flag DisableHostPort (HNS 15.1+). */
const disableHostPortFlag = 1024;

/** Policy types that can be added/removed on a live network (hns.md §2.4). */
const modifiableNetworkPolicyTypes = [
    "RemoteSubnetRoute",
    "HostRoute",
    "NetworkACL",
    "SetPolicy",
    "L4Proxy",
];

interface Subnet {
    IpAddressPrefix?: string;
    Routes?: { NextHop?: string; DestinationPrefix?: string }[];
    Policies?: unknown[];
}

/** Subnets: valid prefixes, a default route with a next hop (hcsshim: "no default gateway"), VLAN/VSID policies. */
function checkSubnets(subnets: Subnet[], at: string): void {
    subnets.forEach((s, i) => {
        const here = `${at}[${i}]`;
        if (!s.IpAddressPrefix || !parseIpv4Prefix(s.IpAddressPrefix))
            throw new HcnError(
                HResult.invalidPrefix,
                `Invalid prefix. ${here}.IpAddressPrefix "${s.IpAddressPrefix ?? ""}"`,
            );
        for (const r of s.Routes ?? []) {
            if (!r.NextHop || parseIpv4(r.NextHop) === undefined)
                throw new HcnError(
                    HResult.invalidSubnet,
                    `Invalid subnet. ${here}: route without a next hop`,
                );
        }
        if (!subnetGateway(s))
            throw new HcnError(
                HResult.invalidSubnet,
                `Invalid subnet. ${here}: no default gateway (a 0.0.0.0/0 route)`,
            );
        (s.Policies ?? []).forEach((p, k) => {
            const type = (p as HcnPolicy).Type;
            if (type !== "VLAN" && type !== "VSID")
                throw fail.invalidPolicyType(
                    `${here}.Policies[${k}]: "${String(type)}" is not a subnet policy`,
                );
            const isolation = (p as HcnPolicy).Settings?.["IsolationId"];
            if (typeof isolation !== "number" || isolation < 1 || isolation > 4094)
                throw fail.invalidArgument(
                    `${here}.Policies[${k}].Settings.IsolationId must be 1..4094`,
                );
        });
    });
}

function subnetsOfDocument(doc: HcnDocument): Subnet[] {
    return ((doc["Ipams"] as { Subnets?: Subnet[] }[] | undefined) ?? []).flatMap(
        (i) => i.Subnets ?? [],
    );
}

function checkNetworkFeatures(doc: HcnDocument, version: HnsVersion): void {
    if (
        (((doc["Flags"] as number) ?? 0) & disableHostPortFlag) !== 0 &&
        !supports(version, "disableHostPort")
    )
        throw new HcnError(
            HResult.requestUnsupported,
            "The request is not supported. Flag DisableHostPort needs HNS 15.1.",
        );
}

/** Creates a network; returns the stored object. */
export function createNetwork(
    ctx: HcnContext,
    requestedId: string | null,
    settings: string | null,
): HcnObject {
    const doc = parseDocument(settings, "network");
    checkShape(doc, networkShape, "network");
    const type = (doc["Type"] as string | undefined) ?? "NAT";
    if (!networkTypes.includes(type))
        throw new HcnError(HResult.invalidNetworkType, `Invalid network type. "${type}"`);
    const name = (doc["Name"] as string | undefined) ?? "";
    if (
        name &&
        ctx.state.networks.some((n) => String(n["Name"] ?? "").toLowerCase() === name.toLowerCase())
    )
        throw new HcnError(
            HResult.networkAlreadyExists,
            "A network with this name already exists.",
        );
    const id = idForCreate(requestedId ?? (doc["ID"] as string | undefined) ?? null);
    if (findById(ctx.state.networks, id))
        throw new HcnError(
            HResult.networkAlreadyExists,
            `A network with this ID already exists. {${id}}`,
        );
    for (const ipam of (doc["Ipams"] as HcnDocument[] | undefined) ?? []) {
        if (ipam["Type"] !== undefined && ipam["Type"] !== "Static" && ipam["Type"] !== "Dhcp")
            throw fail.invalidArgument(`network.Ipams.Type "${String(ipam["Type"])}"`);
    }
    checkSubnets(subnetsOfDocument(doc), "network.Ipams.Subnets");
    const policies = checkPolicies(
        doc["Policies"],
        "network",
        ctx.state.version,
        "network.Policies",
    );
    const adapter = networkAdapterName({ Policies: policies });
    if (adapter !== undefined && !ctx.state.adapters.some((a) => a.name === adapter))
        throw new HcnError(
            HResult.adapterNotFound,
            `The network adapter was not found. "${adapter}"`,
        );
    checkNetworkFeatures(doc, ctx.state.version);
    const network: HcnObject = {
        ...doc,
        ID: id,
        Type: type,
        Policies: policies,
        Flags: doc["Flags"] ?? 0,
        SchemaVersion: { Major: 2, Minor: 0 },
    };
    ctx.state.networks.push(network);
    return network;
}

function requireNetwork(ctx: HcnContext, id: string): HcnObject {
    const network = findById(ctx.state.networks, id);
    if (!network) throw notFound("Network", id);
    return network;
}

function modifyPolicies(
    ctx: HcnContext,
    network: HcnObject,
    requestType: string,
    settings: HcnDocument,
): void {
    const requested = checkPolicies(
        settings["Policies"],
        "network",
        ctx.state.version,
        "request.Settings.Policies",
    );
    const current = (network["Policies"] as HcnPolicy[]) ?? [];
    const touched = requestType === "Update" ? [...requested, ...current] : requested;
    const fixed = touched.find((p) => !modifiableNetworkPolicyTypes.includes(p.Type));
    if (fixed)
        throw new HcnError(
            HResult.requestUnsupported,
            `The request is not supported. ${fixed.Type} cannot change on a live network.`,
        );
    network["Policies"] = applyPolicyRequest(current, requestType, requested);
}

function modifySubnets(
    ctx: HcnContext,
    network: HcnObject,
    requestType: string,
    settings: HcnDocument,
): void {
    const subnets = (settings["Subnets"] as Subnet[] | undefined) ?? [];
    checkShape(settings, { object: { Subnets: { list: "any" } } }, "request.Settings");
    checkSubnets(subnets, "request.Settings.Subnets");
    const ipams = ((network["Ipams"] as { Type?: string; Subnets?: Subnet[] }[]) ??= []);
    if (ipams.length === 0) ipams.push({ Type: "Static", Subnets: [] });
    const ipam = ipams[0];
    if (requestType === "Add") {
        ipam.Subnets = [...(ipam.Subnets ?? []), ...subnets];
    } else if (requestType === "Remove") {
        const prefixes = subnets.map((s) => s.IpAddressPrefix);
        const used = ctx.state.endpoints.some(
            (e) => sameId(e["HostComputeNetwork"], network.ID) && prefixes.length > 0,
        );
        if (used) throw fail.hasReferences("Endpoints use the network's subnets.");
        for (const i of ipams)
            i.Subnets = (i.Subnets ?? []).filter((s) => !prefixes.includes(s.IpAddressPrefix));
    } else {
        throw fail.invalidArgument(`RequestType "${requestType}" for Subnet`);
    }
}

/** Applies a ModifyNetworkSettingRequest (hns.md §2.4). */
export function modifyNetwork(ctx: HcnContext, id: string, settingsText: string | null): void {
    const network = requireNetwork(ctx, id);
    const request = parseDocument(settingsText, "request");
    checkShape(request, modifyRequestShape, "request");
    const resourceType = String(request["ResourceType"] ?? "");
    const requestType = String(request["RequestType"] ?? "");
    const settings = (request["Settings"] ?? {}) as HcnDocument;
    if (typeof settings !== "object" || Array.isArray(settings))
        throw fail.invalidJson("request.Settings: expected an object");
    switch (resourceType) {
        case "Policy":
            return modifyPolicies(ctx, network, requestType, settings);
        case "DNS":
            if (requestType !== "Update")
                throw fail.invalidArgument(`RequestType "${requestType}" for DNS`);
            checkShape(settings, dnsShape, "request.Settings");
            network["Dns"] = settings;
            return;
        case "Subnet":
        case "IPSubnet":
            // Schema 2.6 (Windows 10 2004, HNS 11.x) introduced subnet modification.
            if (ctx.state.version.major < 11)
                throw new HcnError(
                    HResult.requestUnsupported,
                    `The request is not supported. ${resourceType} modification needs schema 2.6 (HNS 11).`,
                );
            if (resourceType === "IPSubnet")
                throw new HcnError(
                    HResult.requestUnsupported,
                    "The request is not supported. IPSubnet modification is not emulated.",
                );
            return modifySubnets(ctx, network, requestType, settings);
        default:
            throw fail.invalidArgument(
                `ResourceType "${resourceType}" cannot be modified on a network`,
            );
    }
}

/** Deletes a network; refused while endpoints remain on it. */
export function deleteNetwork(ctx: HcnContext, id: string): void {
    const network = requireNetwork(ctx, id);
    if (ctx.state.endpoints.some((e) => sameId(e["HostComputeNetwork"], network.ID)))
        throw fail.hasReferences(`Endpoints still exist on network {${canonicalId(network.ID)}}.`);
    ctx.state.networks = ctx.state.networks.filter((n) => n !== network);
}
