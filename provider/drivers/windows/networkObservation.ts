/** Turns the network view into the observation of an `L2BridgeNetwork`. */
import { OutboundNat } from "../../../sdk/common";
import { NetworkMode } from "../../../sdk/l2BridgeNetworkTypes";
import { NetworkSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { alignToDesired } from "./alignObserved";
import { findRecord, NetworkView, RawHcn, recordData, recordedId } from "./hostViews";
import { field, numberField, policiesOfType, recordsOf, stringList, text, byName } from "./rawHcn";
import { DnsSettings } from "../../../sdk/common";

/** What the host keeps about a network (HNS has no place for it). */
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
    desired: NetworkSpec,
): Observation<"network"> | null {
    const raw = byName(view.networks, desired.name);
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const owned = recordedId(view.records, "network", id);
    const record = recordData<NetworkRecordData>(findRecord(view.records, "network", desired.name));
    const subnet = firstSubnet(raw);
    const vlanPolicy = recordsOf(subnet["Policies"]).find((p) => text(p, "Type") === "VLAN");
    const adapter = networkAdapter(raw);
    const observed: NetworkSpec = {
        name: text(raw, "Name") ?? desired.name,
        mode: modeOf(raw),
        subnet: networkSubnetOf(raw) ?? "",
        gateway: networkGatewayOf(raw),
        adapter: desired.adapter === undefined ? undefined : adapter,
        vlan: vlanPolicy ? numberField(field(vlanPolicy, "Settings"), "IsolationId") : undefined,
        dns: dnsOf(raw),
        outboundNat: owned
            ? (record.outboundNat ?? { enabled: true, exceptions: [] })
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
    const physical = view.physicalAdapters.map((a) => a.name);
    const alias = view.defaultRouteAlias;
    if (physical.includes(alias)) {
        return alias;
    }
    const inner = /^vEthernet \((.*)\)$/.exec(alias)?.[1];
    if (inner && physical.includes(inner)) {
        return inner;
    }
    const up = view.physicalAdapters.filter((a) => a.status.toLowerCase() === "up");
    if (up.length === 1) {
        return up[0].name;
    }
    throw new Error(
        `adapter: host ${host} has ${up.length} physical adapters up (${up.map((a) => a.name).join(", ") || "none"}) ` +
            `and its default route uses "${alias}", so the uplink is ambiguous. ` +
            `Fix: set adapter to the Get-NetAdapter name of the NIC to bridge, such as "Ethernet".`,
    );
}
