/**
 * The GatewayEndpoint kind on a Windows host: the `.2` endpoint's HCN document, its observation
 * (host vNIC, forwarding, static neighbour), and observe, create, update.
 */
import { deleteEndpoint } from "../endpointCommon";
import type { WindowsKind } from "./windowsKind";
import {
    gatewayAddress,
    prefixLength,
    hostInterfaceAlias,
    networkNameOf,
    firstAddress,
    endpointParams,
} from "../endpointCommon";
import type { GatewayEndpointSpec } from "../../../model/kinds";
import { nthAddress } from "../../../validate/cidr";
import type { HcnEndpoint } from "../hcnTypes";
import { schemaV2 } from "../hcnTypes";
import type { Observation } from "../../hostDriver";
import { alignMac, alignToDesired } from "../alignObserved";
import type { EndpointView } from "../hostViews";
import { recordedId } from "../hostViews";
import { networkGatewayOf, networkSubnetOf } from "./l2BridgeNetwork";
import { byName, text } from "../rawHcn";
import type { WindowsHostContext } from "../hostContext";

/** The endpoint name of a gateway endpoint: `name`, or `<network>_gw`. */
export function gatewayEndpointName(spec: GatewayEndpointSpec): string {
    return spec.name ?? `${spec.network}_gw`;
}

/**
 * The `.2` gateway endpoint: no gateway route (the host keeps its default route on the management
 * NIC) and no policies; attached to the host compartment after creation.
 */
export function buildGatewayEndpointDocument(spec: GatewayEndpointSpec): HcnEndpoint {
    return {
        Name: gatewayEndpointName(spec),
        IpConfigurations: [
            { IpAddress: gatewayAddress(spec), PrefixLength: prefixLength(spec.subnet) },
        ],
        Policies: [],
        SchemaVersion: schemaV2,
    };
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

function gatewayParams(spec: GatewayEndpointSpec): Record<string, unknown> {
    const name = gatewayEndpointName(spec);
    return { ...endpointParams(name, spec.network), hostInterface: hostInterfaceAlias(name) };
}

/** The gateway endpoint's observation. */
export async function observeGatewayEndpoint(
    context: WindowsHostContext,
    spec: GatewayEndpointSpec,
): Promise<Observation<"gatewayEndpoint"> | null> {
    const view = await context.invoke<EndpointView>("observeEndpoint", gatewayParams(spec));
    context.views.keep(`gatewayEndpoint/${gatewayEndpointName(spec)}`, view);
    return observeGatewayEndpointIn(view, spec);
}

/** Forwarding and static-neighbor parameters of the gateway interface. */
async function tuningParams(
    context: WindowsHostContext,
    spec: GatewayEndpointSpec,
    observed: Observation<"gatewayEndpoint"> | null,
): Promise<Record<string, unknown>> {
    const wantsNeighbor = spec.gatewayNeighborMac !== undefined;
    const hasNeighbor = observed?.state.gatewayNeighborMac !== undefined;
    let neighborIp = "";
    const kept = context.views.take<EndpointView>(`gatewayEndpoint/${gatewayEndpointName(spec)}`);
    if (wantsNeighbor || hasNeighbor) {
        const view =
            kept ??
            (await context.invoke<EndpointView>(
                "observeEndpoint",
                endpointParams(gatewayEndpointName(spec), spec.network),
            ));
        neighborIp =
            (view.network && networkGatewayOf(view.network)) ?? nthAddress(spec.subnet, 1) ?? "";
    }
    return {
        forwarding: spec.forwarding !== false,
        neighborIp,
        neighborMac: spec.gatewayNeighborMac
            ? spec.gatewayNeighborMac.replace(/:/g, "-").toUpperCase()
            : "",
    };
}

/** Create the `.2` endpoint, attach it to the host, enable forwarding, set the optional neighbor. */
export async function createGatewayEndpoint(
    context: WindowsHostContext,
    spec: GatewayEndpointSpec,
): Promise<Observation<"gatewayEndpoint"> | null> {
    const view = await context.invoke<EndpointView>("createGatewayEndpoint", {
        ...gatewayParams(spec),
        ...(await tuningParams(context, spec, null)),
        document: buildGatewayEndpointDocument(spec),
        recordData: "",
    });
    return observeGatewayEndpointIn(view, spec);
}

/** Re-attach, forwarding and neighbor in place. */
export async function updateGatewayEndpoint(
    context: WindowsHostContext,
    spec: GatewayEndpointSpec,
    observed: Observation<"gatewayEndpoint">,
): Promise<Observation<"gatewayEndpoint"> | null> {
    const view = await context.invoke<EndpointView>("updateGatewayEndpoint", {
        ...gatewayParams(spec),
        ...(await tuningParams(context, spec, observed)),
        id: observed.id,
        recordData: "",
    });
    return observeGatewayEndpointIn(view, spec);
}

/** The GatewayEndpoint kind's entry in the driver's table. */
export const gatewayEndpointKind: WindowsKind<"gatewayEndpoint"> = {
    observe: observeGatewayEndpoint,
    apply: (context, op) => {
        const spec = op.desired;
        if (op.action === "delete") {
            const name = gatewayEndpointName(spec);
            return deleteEndpoint(context, "gatewayEndpoint", name, spec.network, op.observed);
        }
        return op.observed
            ? updateGatewayEndpoint(context, spec, op.observed)
            : createGatewayEndpoint(context, spec);
    },
};
