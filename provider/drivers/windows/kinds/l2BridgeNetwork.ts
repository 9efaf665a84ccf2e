/**
 * The L2BridgeNetwork kind on a Windows host: its HCN document, its observation, and observe,
 * create (blip-safe), update and delete.
 */
import type { WindowsKind } from "./windowsKind";
import type { L2BridgeNetworkSpec } from "../../../model/kinds";
import { nthAddress } from "../../../validate/cidr";
import type { HcnDns, HcnNetwork, HcnPolicy, HcnSubnet } from "../hcnTypes";
import { schemaV2 } from "../hcnTypes";
import type { DnsSettings } from "../../../model/dnsSettings";
import type { OutboundNat } from "../../../model/outboundNat";
import type { NetworkMode } from "../../../model/l2BridgeNetwork";
import type { Observation } from "../../hostDriver";
import { alignToDesired } from "../alignObserved";
import type { NetworkView, OperationState, RawHcn } from "../hostViews";
import { findRecord, recordData, recordedId } from "../hostViews";
import { byName, field, numberField, policiesOfType, recordsOf, stringList, text } from "../rawHcn";
import { createDetached, isScriptFailure } from "../blipSafeCreate";
import { outboundNatPolicies } from "../endpointPolicyCommon";
import { detailedQuery, plainQuery, queryByName } from "../hcnQueries";
import type { WindowsHostContext } from "../hostContext";
import type { BatchStep } from "../hostBatch";
import { runBatch } from "../hostBatch";
import { inheritedNatSteps, networkNatAsObserved } from "../networkNatFollow";

/** HCN `Dns` of DNS settings; undefined when nothing is set. */
export function hcnDns(dns: DnsSettings | undefined): HcnDns | undefined {
    if (!dns) {
        return undefined;
    }
    const result: HcnDns = {};
    if (dns.suffix) {
        result.Domain = dns.suffix;
    }
    if (dns.search && dns.search.length > 0) {
        result.Search = [...dns.search];
    }
    if (dns.servers && dns.servers.length > 0) {
        result.ServerList = [...dns.servers];
    }
    return Object.keys(result).length > 0 ? result : undefined;
}

/** The nominal gateway of a network: `gateway`, or `.1` of the subnet. */
export function networkGateway(spec: Pick<L2BridgeNetworkSpec, "subnet" | "gateway">): string {
    return spec.gateway ?? nthAddress(spec.subnet, 1) ?? "";
}

/**
 * The HCN network. `adapter` is the physical adapter resolved on the host when the spec leaves it
 * unset. Outbound NAT is not part of it: HNS has no network-level OutBoundNAT for L2Bridge, so it
 * is recorded on the host and applied to every endpoint.
 */
export function buildNetworkDocument(
    spec: L2BridgeNetworkSpec,
    adapter: string | undefined,
): HcnNetwork {
    const subnet: HcnSubnet = {
        IpAddressPrefix: spec.subnet,
        Routes: [{ NextHop: networkGateway(spec), DestinationPrefix: "0.0.0.0/0" }],
    };
    if (spec.vlan !== undefined) {
        subnet.Policies = [{ Type: "VLAN", Settings: { IsolationId: spec.vlan } }];
    }
    const policies: HcnPolicy[] = [];
    const uplink = spec.adapter ?? adapter;
    if (uplink) {
        policies.push({ Type: "NetAdapterName", Settings: { NetworkAdapterName: uplink } });
    }
    const document: HcnNetwork = {
        Name: spec.name,
        Type: spec.mode === "l2tunnel" ? "L2Tunnel" : "L2Bridge",
        Ipams: [{ Type: "Static", Subnets: [subnet] }],
        Policies: policies,
        Flags: 0,
        SchemaVersion: schemaV2,
    };
    const dns = hcnDns(spec.dns);
    if (dns) {
        document.Dns = dns;
    }
    return document;
}

/** The `HcnModifyNetwork` request that sets the network's DNS in place. */
export function buildDnsUpdateRequest(spec: L2BridgeNetworkSpec): string {
    const dns = hcnDns(spec.dns) ?? {};
    return JSON.stringify({
        ResourceType: "DNS",
        RequestType: "Update",
        Settings: {
            Domain: dns.Domain ?? "",
            Search: dns.Search ?? [],
            ServerList: dns.ServerList ?? [],
        },
    });
}

/**
 * What a network's record keeps beside ownership: the outbound NAT it was last set to. HNS has no
 * network-level outbound NAT for L2Bridge networks (it is a policy on each endpoint), so this is the
 * NAT a new inheriting ContainerEndpoint gets; the network's NAT as observed is read from the
 * inheriting endpoints in HNS (see `networkNatAsObserved`).
 */
export interface NetworkRecordData {
    outboundNat: OutboundNat;
}

/** HCN network types that bind an external vSwitch to a physical adapter. */
export const externalNetworkTypes = ["l2bridge", "l2tunnel", "transparent", "overlay"];

/** The network's first subnet. */
function firstSubnet(raw: RawHcn): Record<string, unknown> {
    const ipam = recordsOf(raw["Ipams"])[0] ?? {};
    return recordsOf(ipam["Subnets"])[0] ?? {};
}

/** The uplink adapter of a network (NetAdapterName policy). */
export function networkAdapter(raw: RawHcn): string | undefined {
    const policy = policiesOfType(raw, "NetAdapterName")[0];
    return policy ? text(policy.Settings, "NetworkAdapterName") : undefined;
}

/** The network's nominal gateway (the next hop of its subnet's default route). */
export function networkGatewayOf(raw: RawHcn): string | undefined {
    const route = recordsOf(firstSubnet(raw)["Routes"]).find(
        (r) => text(r, "DestinationPrefix") === "0.0.0.0/0",
    );
    return route ? text(route, "NextHop") : undefined;
}

/** The network's subnet prefix. */
export function networkSubnetOf(raw: RawHcn): string | undefined {
    return text(firstSubnet(raw), "IpAddressPrefix");
}

/** DNS settings as the spec spells them. */
export function dnsOf(raw: unknown): DnsSettings {
    const dns = field(raw, "Dns");
    const result: DnsSettings = {
        servers: stringList(dns, "ServerList"),
        search: stringList(dns, "Search"),
    };
    const suffix = text(dns, "Domain") ?? text(dns, "Suffix");
    if (suffix) {
        result.suffix = suffix;
    }
    return result;
}

function modeOf(raw: RawHcn): NetworkMode {
    const type = (text(raw, "Type") ?? "NAT").toLowerCase();
    return type as NetworkMode;
}

/** The observation of network `desired.name`, or null when no network has that name. */
export function observeNetworkIn(
    view: NetworkView,
    desired: L2BridgeNetworkSpec,
): Observation<"l2BridgeNetwork"> | null {
    const raw = byName(view.networks, desired.name);
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const owned = recordedId(view.records, "l2BridgeNetwork", id);
    const record = recordData<NetworkRecordData>(
        findRecord(view.records, "l2BridgeNetwork", desired.name),
    );
    const subnet = firstSubnet(raw);
    const vlanPolicy = recordsOf(subnet["Policies"]).find((p) => text(p, "Type") === "VLAN");
    const adapter = networkAdapter(raw);
    const observed: L2BridgeNetworkSpec = {
        name: text(raw, "Name") ?? desired.name,
        mode: modeOf(raw),
        subnet: networkSubnetOf(raw) ?? "",
        gateway: networkGatewayOf(raw),
        adapter: desired.adapter === undefined ? undefined : adapter,
        vlan: vlanPolicy ? numberField(field(vlanPolicy, "Settings"), "IsolationId") : undefined,
        dns: dnsOf(raw),
        outboundNat: owned
            ? networkNatAsObserved(
                  view.records,
                  view.endpoints ?? [],
                  desired.name,
                  record.outboundNat ?? { enabled: true, exceptions: [] },
              )
            : desired.outboundNat,
        serveNames: desired.serveNames,
    };
    return {
        id,
        owned,
        state: alignToDesired(desired, observed, {
            mode: "l2bridge",
            dns: {},
            outboundNat: { enabled: true, exceptions: [] },
        }),
        details: {
            hostInterface: adapter ? `vEthernet (${adapter})` : "",
            managementIp: view.managementIp,
            networkType: text(raw, "Type") ?? "NAT",
            adapter: adapter ?? "",
        },
    };
}

/** True when a network of an external type is already bound to `adapter` (so no blip). */
export function adapterHasExternalNetwork(view: NetworkView, adapter: string): boolean {
    return view.networks.some(
        (n) =>
            externalNetworkTypes.includes((text(n, "Type") ?? "").toLowerCase()) &&
            (networkAdapter(n) ?? "").toLowerCase() === adapter.toLowerCase(),
    );
}

/**
 * The physical adapter a network binds to when the spec leaves `adapter` unset: the adapter of the
 * default route, seen through its `vEthernet (<adapter>)` when a vSwitch already exists, else the
 * only physical adapter that is up.
 */
export function resolveUplinkAdapter(view: NetworkView, host: string): string {
    const adapters = view.physicalAdapters ?? [];
    const physical = adapters.map((a) => a.name);
    const alias = view.defaultRouteAlias ?? "";
    if (physical.includes(alias)) {
        return alias;
    }
    const inner = /^vEthernet \((.*)\)$/.exec(alias)?.[1];
    if (inner && physical.includes(inner)) {
        return inner;
    }
    const up = adapters.filter((a) => a.status.toLowerCase() === "up");
    if (up.length === 1) {
        return up[0].name;
    }
    throw new Error(
        `adapter: host ${host} has ${up.length} physical adapters up (${up.map((a) => a.name).join(", ") || "none"}) ` +
            `and its default route uses "${alias}", so the uplink is ambiguous. ` +
            `Fix: set adapter to the Get-NetAdapter name of the NIC to bridge, such as "Ethernet".`,
    );
}

/** The NAT settings recorded for a network, defaults filled. */
export function networkNat(spec: L2BridgeNetworkSpec): OutboundNat {
    return {
        enabled: spec.outboundNat?.enabled ?? true,
        exceptions: [...(spec.outboundNat?.exceptions ?? [])],
    };
}

function baseParams(spec: L2BridgeNetworkSpec): Record<string, unknown> {
    const record: NetworkRecordData = { outboundNat: networkNat(spec) };
    return {
        name: spec.name,
        namedNetworkQuery: queryByName(spec.name),
        networkQuery: detailedQuery,
        endpointQuery: detailedQuery,
        plainQuery,
        recordData: JSON.stringify(record),
    };
}

/** The key of a network's view in the driver's memo. */
function memoKey(spec: L2BridgeNetworkSpec): string {
    return `l2BridgeNetwork/${spec.name}`;
}

/** Read the network view of `spec` (with the uplink facts when `uplink`). */
export function readNetworkView(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
    uplink = false,
): Promise<NetworkView> {
    return context.invoke<NetworkView>("observeNetwork", { ...baseParams(spec), uplink });
}

/** The network's observation; its view is kept for the apply that may follow. */
export async function observeNetwork(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
): Promise<Observation<"l2BridgeNetwork"> | null> {
    const view = await readNetworkView(context, spec);
    context.views.keep(memoKey(spec), view);
    return observeNetworkIn(view, spec);
}

/** The view the network's observe just read, or a fresh one. */
async function viewForApply(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
): Promise<NetworkView> {
    return context.views.take<NetworkView>(memoKey(spec)) ?? (await readNetworkView(context, spec));
}

/** How long the start of a detached create waits on the host for its outcome, in ms. */
export const detachedStartWaitMs = 30_000;

/**
 * Create the network. When no external network is bound to the adapter yet, the create moves the
 * host's address to a new vSwitch and runs detached (see blipSafeCreate); otherwise it runs inline.
 * Either way it decides from the view its observe read, so a create is one request when the
 * connection holds.
 */
export async function createNetwork(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
): Promise<Observation<"l2BridgeNetwork"> | null> {
    let before = await viewForApply(context, spec);
    if (spec.adapter === undefined && !before.physicalAdapters) {
        before = await readNetworkView(context, spec, true);
    }
    const adapter = spec.adapter ?? resolveUplinkAdapter(before, context.host);
    const params = {
        ...baseParams(spec),
        document: JSON.stringify(buildNetworkDocument(spec, adapter)),
    };
    if (adapterHasExternalNetwork(before, adapter)) {
        const result = await context.invoke<{ outcome: string; view: NetworkView }>(
            "createNetwork",
            params,
        );
        return observeNetworkIn(result.view, spec);
    }
    const operationId = context.newOperationId();
    const outcome = await createDetached<NetworkView>(
        {
            start: () =>
                context.invoke<{ operation: OperationState; view: NetworkView }>(
                    "startNetworkCreate",
                    {
                        ...params,
                        operationId,
                        waitMilliseconds: Math.min(
                            detachedStartWaitMs,
                            context.detachedTiming.reconnectMs,
                        ),
                    },
                ),
            poll: () =>
                context.invoke<{ operation: OperationState; view: NetworkView }>(
                    "pollNetworkCreate",
                    {
                        ...params,
                        operationId,
                    },
                ),
            networkExists: (view) => byName(view.networks, spec.name) !== undefined,
        },
        context.detachedTiming,
        context.clock,
        `L2BridgeNetwork "${spec.name}" on ${context.host}`,
    );
    return observeNetworkIn(outcome.view, spec);
}

/** Change DNS and outbound NAT in place; endpoints that inherit the network's NAT follow. */
export async function updateNetwork(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
    observed: Observation<"l2BridgeNetwork">,
): Promise<Observation<"l2BridgeNetwork"> | null> {
    const dnsChanged =
        JSON.stringify(hcnDns(observed.state.dns) ?? {}) !== JSON.stringify(hcnDns(spec.dns) ?? {});
    const { recordData: data, ...viewParams } = baseParams(spec);
    const hcn = await viewForApply(context, spec);
    const steps: BatchStep[] = [];
    if (dnsChanged) {
        steps.push({
            op: "modifyNetwork",
            id: observed.id,
            request: JSON.parse(buildDnsUpdateRequest(spec)) as object,
        });
    }
    steps.push(
        {
            op: "setRecord",
            kind: "l2BridgeNetwork",
            name: spec.name,
            id: observed.id,
            network: spec.name,
            data: String(data),
        },
        ...inheritedNatSteps(
            hcn.records,
            hcn.endpoints ?? [],
            spec.name,
            outboundNatPolicies(networkNat(spec)),
        ),
    );
    const view = await runBatch<NetworkView>(context, {
        view: "network",
        viewParams,
        preconditions: [{ kind: "networkId", name: spec.name, id: observed.id }],
        steps,
    });
    return observeNetworkIn(view, spec);
}

/**
 * Delete the network. Deleting the last network on a vSwitch can blip the host too: a connection
 * error is followed by polling until the network is gone.
 */
export async function deleteNetwork(
    context: WindowsHostContext,
    spec: L2BridgeNetworkSpec,
    observed: Observation<"l2BridgeNetwork"> | null,
): Promise<null> {
    if (!observed) {
        return null;
    }
    try {
        await context.invoke<NetworkView>("deleteNetwork", {
            ...baseParams(spec),
            id: observed.id,
        });
        return null;
    } catch (error) {
        if (isScriptFailure(error)) {
            throw error;
        }
    }
    const deadline = context.clock.now() + context.detachedTiming.reconnectMs;
    let interval = context.detachedTiming.pollIntervalMs;
    while (context.clock.now() < deadline) {
        await context.clock.sleep(interval);
        interval = Math.min(interval * 2, context.detachedTiming.maxPollIntervalMs);
        try {
            const view = await readNetworkView(context, spec);
            if (!byName(view.networks, spec.name)) {
                return null;
            }
            await context.invoke<NetworkView>("deleteNetwork", {
                ...baseParams(spec),
                id: observed.id,
            });
            return null;
        } catch (error) {
            if (isScriptFailure(error)) {
                throw error;
            }
        }
    }
    throw new Error(
        `L2BridgeNetwork "${spec.name}" on ${context.host}: the host did not come back within ` +
            `reconnectSeconds after the delete. Fix: check the host, then run pulumi up or destroy again.`,
    );
}

/** The L2BridgeNetwork kind's entry in the driver's table. */
export const l2BridgeNetworkKind: WindowsKind<"l2BridgeNetwork"> = {
    observe: observeNetwork,
    apply: (context, op) => {
        if (op.action === "delete") {
            return deleteNetwork(context, op.desired, op.observed);
        }
        return op.observed
            ? updateNetwork(context, op.desired, op.observed)
            : createNetwork(context, op.desired);
    },
};
