/** Turns the endpoint view into observations of gateway and container endpoints. */
import { ContainerEndpointSpec, GatewayEndpointSpec } from "../../model/kinds";
import { OutboundNat } from "../../../sdk/common";
import { Observation } from "../hostDriver";
import { alignMac, alignToDesired, isEmptyValue } from "./alignObserved";
import {
    containerEndpointName,
    gatewayAddress,
    gatewayEndpointName,
    hostInterfaceAlias,
} from "./endpointDocuments";
import { EndpointView, findRecord, RawHcn, recordData, recordedId, sameId } from "./hostViews";
import { dnsOf, NetworkRecordData, networkGatewayOf, networkSubnetOf } from "./networkObservation";
import { byName, numberField, policiesOfType, recordsOf, stringList, text } from "./rawHcn";

function firstAddress(raw: RawHcn): string {
    return text(recordsOf(raw["IpConfigurations"])[0], "IpAddress") ?? "";
}

/** The network name the endpoint belongs to, as the spec spells it. */
function networkNameOf(view: EndpointView, endpoint: RawHcn, desiredNetwork: string): string {
    const networkId = text(endpoint, "HostComputeNetwork") ?? text(endpoint, "VirtualNetwork");
    if (view.network && sameId(text(view.network, "ID"), networkId)) {
        return desiredNetwork;
    }
    return networkId ? `network-id:${networkId}` : desiredNetwork;
}

/** The gateway endpoint observation, or null when it does not exist. */
export function observeGatewayEndpointIn(
    view: EndpointView,
    desired: GatewayEndpointSpec,
): Observation<"gatewayEndpoint"> | null {
    const name = gatewayEndpointName(desired);
    const raw = byName(view.endpoints, name);
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const alias = hostInterfaceAlias(name);
    const hostInterface = view.interfaces.find((i) => i.alias === alias);
    const management = view.interfaces.find(
        (i) => i.alias === view.managementAlias && i.alias !== alias,
    );
    const forwardingOn = (state: string | undefined) => (state ?? "").toLowerCase() === "enabled";
    const forwarding =
        !!hostInterface?.exists &&
        forwardingOn(hostInterface.forwarding) &&
        (!management || forwardingOn(management.forwarding));
    const nominalGateway = view.network ? networkGatewayOf(view.network) : undefined;
    const neighbor = hostInterface?.neighbors?.find((n) => n.ipAddress === nominalGateway);
    const observed: GatewayEndpointSpec = {
        network: networkNameOf(view, raw, desired.network),
        subnet: (view.network && networkSubnetOf(view.network)) ?? desired.subnet,
        name: desired.name === undefined ? undefined : text(raw, "Name"),
        ipAddress: desired.ipAddress === undefined ? undefined : firstAddress(raw),
        forwarding,
        gatewayNeighborMac: alignMac(desired.gatewayNeighborMac, neighbor?.linkLayerAddress),
    };
    if (desired.ipAddress === undefined && firstAddress(raw) !== "") {
        observed.ipAddress = firstAddress(raw);
    }
    return {
        id,
        owned: recordedId(view.records, "gatewayEndpoint", id),
        state: alignToDesired(desired, observed, { forwarding: true }),
        details: {
            endpointId: id,
            interfaceAlias: alias,
            macAddress:
                alignMac(undefined, hostInterface?.macAddress ?? text(raw, "MacAddress")) ?? "",
            hostAttached: !!hostInterface?.exists,
            ipAddress: firstAddress(raw),
        },
    };
}

/** Outbound NAT of an endpoint as the spec spells it. */
export function outboundNatOf(raw: RawHcn): OutboundNat {
    const policy = policiesOfType(raw, "OutBoundNAT")[0];
    if (!policy) {
        return { enabled: false, exceptions: [] };
    }
    return { enabled: true, exceptions: stringList(policy.Settings, "Exceptions") };
}

/** The container the endpoint is attached to, as the spec spells it ("" when not attached). */
function containerOf(view: EndpointView, raw: RawHcn, desired: string): string {
    const namespaceId = text(raw, "HostComputeNamespace");
    if (!namespaceId) {
        return "";
    }
    if (sameId(namespaceId, desired)) {
        return desired;
    }
    const namespace = view.namespaces.find((n) => sameId(text(n, "ID"), namespaceId));
    const containers = recordsOf(namespace?.["Resources"])
        .filter((r) => text(r, "Type") === "Container")
        .map((r) => {
            const data = (r["Data"] ?? {}) as Record<string, unknown>;
            return text(data, "Id") ?? text(data, "ID") ?? "";
        });
    return containers.some((c) => c.toLowerCase() === (desired ?? "").toLowerCase())
        ? desired
        : namespaceId;
}

/** True when `own` is what an endpoint gets from inheriting `inherited` (empty counts as equal). */
function inherits(inherited: unknown, own: unknown): boolean {
    if (isEmptyValue(own) && isEmptyValue(inherited)) {
        return true;
    }
    return JSON.stringify(alignToDesired(inherited, own)) === JSON.stringify(inherited);
}

/** The container endpoint observation, or null when it does not exist. */
export function observeContainerEndpointIn(
    view: EndpointView,
    desired: ContainerEndpointSpec,
): Observation<"containerEndpoint"> | null {
    const name = containerEndpointName(desired);
    const raw = byName(view.endpoints, name);
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const defaultRoute = recordsOf(raw["Routes"]).find(
        (r) => text(r, "DestinationPrefix") === "0.0.0.0/0",
    );
    const inheritedNat = recordData<NetworkRecordData>(
        findRecord(view.records, "network", desired.network),
    ).outboundNat;
    const nat = outboundNatOf(raw);
    const networkDns = view.network ? dnsOf(view.network) : undefined;
    const dns = dnsOf(raw);
    const mtuPolicy = policiesOfType(raw, "InterfaceParameters")[0];
    const observed: ContainerEndpointSpec = {
        network: networkNameOf(view, raw, desired.network),
        subnet: desired.subnet,
        container: containerOf(view, raw, desired.container),
        name: desired.name === undefined ? undefined : text(raw, "Name"),
        ipAddress: firstAddress(raw),
        interfaceName: desired.interfaceName,
        macAddress:
            desired.macAddress === undefined
                ? undefined
                : alignMac(desired.macAddress, text(raw, "MacAddress")),
        gateway: defaultRoute ? text(defaultRoute, "NextHop") : desired.gateway,
        defaultRoute: !!defaultRoute,
        dns: desired.dns === undefined && inherits(networkDns, dns) ? undefined : dns,
        outboundNat:
            desired.outboundNat === undefined &&
            inherits(inheritedNat ?? { enabled: true, exceptions: [] }, nat)
                ? undefined
                : nat,
        mtu: mtuPolicy ? numberField(mtuPolicy.Settings, "Mtu") : undefined,
    };
    if (
        desired.gateway === undefined &&
        desired.subnet !== undefined &&
        observed.gateway === gatewayAddress(desired)
    ) {
        observed.gateway = undefined;
    }
    return {
        id,
        owned: recordedId(view.records, "containerEndpoint", id),
        state: alignToDesired(desired, observed, { defaultRoute: true }),
        details: {
            endpointId: id,
            macAddress: alignMac(undefined, text(raw, "MacAddress")) ?? "",
            namespaceId: text(raw, "HostComputeNamespace") ?? "",
            gatewayAddress: defaultRoute ? (text(defaultRoute, "NextHop") ?? "") : "",
        },
    };
}
