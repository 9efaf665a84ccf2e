/**
 * The ContainerEndpoint kind on a Windows host: its HCN document with what it inherits from the
 * network, its observation, and observe, create, update in place where HNS allows it.
 */
import { deleteEndpoint } from "../endpointCommon";
import type { WindowsKind } from "./windowsKind";
import {
    gatewayAddress,
    prefixLength,
    hnsMac,
    outboundNatOf,
    networkNameOf,
    firstAddress,
    endpointParams,
} from "../endpointCommon";
import type { ContainerEndpointSpec } from "../../../model/kinds";
import type { DnsSettings } from "../../../model/dnsSettings";
import type { OutboundNat } from "../../../model/outboundNat";
import type { HcnEndpoint, HcnPolicy } from "../hcnTypes";
import { schemaV2 } from "../hcnTypes";
import { hcnDns } from "./l2BridgeNetwork";
import { outboundNatPolicies } from "../endpointPolicyCommon";
import type { Observation } from "../../hostDriver";
import { alignMac, alignToDesired, isEmptyValue } from "../alignObserved";
import type { EndpointView, RawHcn } from "../hostViews";
import { findRecord, recordData, recordedId, sameId } from "../hostViews";
import type { NetworkRecordData } from "./l2BridgeNetwork";
import { dnsOf } from "./l2BridgeNetwork";
import { byName, numberField, policiesOf, policiesOfType, recordsOf, text } from "../rawHcn";
import { ownsType, policyChanges } from "../policyChanges";
import { policyStep, runBatch } from "../hostBatch";
import type { WindowsHostContext } from "../hostContext";
import { finishNewEndpointVipRoutes, vipRoutesForNewEndpoint } from "../loadBalancerVipRouteApply";

/** Settings a container endpoint inherits from its network when it sets none itself. */
export interface NetworkInheritance {
    dns?: DnsSettings;
    outboundNat?: OutboundNat;
    /**
     * The host's management address: traffic to it gets an SDNRoute with NeedEncap, so the
     * container reaches its own host instead of having the packet bridged onto the wire.
     */
    managementIp?: string;
}

/** The endpoint name of a container endpoint: `name`, or `<container>-<network>`. */
export function containerEndpointName(spec: ContainerEndpointSpec): string {
    return spec.name ?? `${spec.container}-${spec.network}`;
}

/** A container endpoint with its own or the network's DNS and outbound NAT. */
export function buildContainerEndpointDocument(
    spec: ContainerEndpointSpec,
    inherited: NetworkInheritance,
): HcnEndpoint {
    const gateway = spec.gateway ?? gatewayAddress({ subnet: spec.subnet });
    const policies: HcnPolicy[] = [
        ...outboundNatPolicies(spec.outboundNat ?? inherited.outboundNat),
    ];
    if (inherited.managementIp) {
        policies.push({
            Type: "SDNRoute",
            Settings: { DestinationPrefix: `${inherited.managementIp}/32`, NeedEncap: true },
        });
    }
    if (spec.mtu !== undefined) {
        policies.push({ Type: "InterfaceParameters", Settings: { Mtu: spec.mtu } });
    }
    const document: HcnEndpoint = {
        Name: containerEndpointName(spec),
        IpConfigurations: [{ IpAddress: spec.ipAddress, PrefixLength: prefixLength(spec.subnet) }],
        Routes:
            spec.defaultRoute === false
                ? []
                : [{ NextHop: gateway, DestinationPrefix: "0.0.0.0/0" }],
        Policies: policies,
        SchemaVersion: schemaV2,
    };
    const dns = hcnDns(spec.dns ?? inherited.dns);
    if (dns) {
        document.Dns = dns;
    }
    if (spec.macAddress) {
        document.MacAddress = hnsMac(spec.macAddress);
    }
    return document;
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
        findRecord(view.records, "l2BridgeNetwork", desired.network),
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

/** The container endpoint's observation. */
export async function observeContainerEndpoint(
    context: WindowsHostContext,
    spec: ContainerEndpointSpec,
): Promise<Observation<"containerEndpoint"> | null> {
    const name = containerEndpointName(spec);
    const view = await context.invoke<EndpointView>(
        "observeEndpoint",
        endpointParams(name, spec.network),
    );
    context.views.keep(`containerEndpoint/${name}`, view);
    return observeContainerEndpointIn(view, spec);
}

function inheritedNat(view: EndpointView, spec: ContainerEndpointSpec) {
    return recordData<NetworkRecordData>(findRecord(view.records, "l2BridgeNetwork", spec.network))
        .outboundNat;
}

function containerRecordData(spec: ContainerEndpointSpec): string {
    return JSON.stringify({ inheritsNat: spec.outboundNat === undefined });
}

/** Create the endpoint with its own or the network's DNS and NAT, and add it to the container. */
export async function createContainerEndpoint(
    context: WindowsHostContext,
    spec: ContainerEndpointSpec,
): Promise<Observation<"containerEndpoint"> | null> {
    const name = containerEndpointName(spec);
    const params = { ...endpointParams(name, spec.network), createFacts: true };
    const kept = context.views.take<EndpointView>(`containerEndpoint/${name}`);
    // A view read while an endpoint had the name lacks the create facts (load balancers,
    // management IP): read them now.
    const before = kept?.loadBalancers
        ? kept
        : await context.invoke<EndpointView>("observeEndpoint", params);
    const document = buildContainerEndpointDocument(spec, {
        dns: before.network ? dnsOf(before.network) : undefined,
        outboundNat: inheritedNat(before, spec),
        managementIp: before.managementIp,
    });
    const vipRoutes = vipRoutesForNewEndpoint(before, spec.network);
    document.Policies.push(...vipRoutes);
    const view = await context.invoke<EndpointView>("createContainerEndpoint", {
        ...params,
        container: spec.container,
        document,
        recordData: containerRecordData(spec),
    });
    const created = byName(view.endpoints, name);
    await finishNewEndpointVipRoutes(context, spec.network, view, created, vipRoutes);
    return observeContainerEndpointIn(view, spec);
}

/** Fields of a container endpoint HNS cannot change in place. */
const replaceOnlyFields: (keyof ContainerEndpointSpec)[] = [
    "network",
    "subnet",
    "container",
    "ipAddress",
    "macAddress",
    "gateway",
    "defaultRoute",
    "dns",
    "mtu",
];

/** Change outbound NAT in place (the only endpoint setting HNS modifies in place). */
export async function updateContainerEndpoint(
    context: WindowsHostContext,
    spec: ContainerEndpointSpec,
    observed: Observation<"containerEndpoint">,
): Promise<Observation<"containerEndpoint"> | null> {
    const changed = replaceOnlyFields.filter(
        (f) => JSON.stringify(spec[f]) !== JSON.stringify(observed.state[f]),
    );
    if (changed.length > 0) {
        throw new Error(
            `ContainerEndpoint "${containerEndpointName(spec)}" on ${context.host}: ${changed.join(", ")} ` +
                `cannot change in place on Windows (HNS has no modify for them). Fix: replace the resource.`,
        );
    }
    const name = containerEndpointName(spec);
    const params = endpointParams(name, spec.network);
    const before =
        context.views.take<EndpointView>(`containerEndpoint/${name}`) ??
        (await context.invoke<EndpointView>("observeEndpoint", params));
    const endpoint = byName(before.endpoints, name);
    const id = endpoint ? text(endpoint, "ID") : undefined;
    if (!endpoint || !id) {
        throw new Error(
            `HNS endpoint "${name}" not found; create the ContainerEndpoint first (run pulumi refresh, then pulumi up)`,
        );
    }
    const nat = spec.outboundNat ?? inheritedNat(before, spec);
    const changes = policyChanges(
        policiesOf(endpoint),
        outboundNatPolicies(nat),
        ownsType("OutBoundNAT"),
    );
    const view = await runBatch<EndpointView>(context, {
        view: "endpoint",
        viewParams: params,
        preconditions: [{ kind: "endpointExists", id }],
        steps: [
            {
                op: "setRecord",
                kind: "containerEndpoint",
                name,
                id,
                network: spec.network,
                data: containerRecordData(spec),
            },
            ...policyStep(id, changes),
        ],
    });
    return observeContainerEndpointIn(view, spec);
}

/** The ContainerEndpoint kind's entry in the driver's table. */
export const containerEndpointKind: WindowsKind<"containerEndpoint"> = {
    observe: observeContainerEndpoint,
    apply: (context, op) => {
        const spec = op.desired;
        if (op.action === "delete") {
            const name = containerEndpointName(spec);
            return deleteEndpoint(context, "containerEndpoint", name, spec.network, op.observed);
        }
        return op.observed
            ? updateContainerEndpoint(context, spec, op.observed)
            : createContainerEndpoint(context, spec);
    },
};
