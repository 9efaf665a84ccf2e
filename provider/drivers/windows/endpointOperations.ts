/** Observe, create, update and delete of gateway and container endpoints on a Windows host. */
import { ContainerEndpointSpec, GatewayEndpointSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import {
    buildContainerEndpointDocument,
    buildGatewayEndpointDocument,
    containerEndpointName,
    gatewayEndpointName,
    hostInterfaceAlias,
} from "./endpointDocuments";
import { outboundNatPolicies } from "./endpointPolicies";
import { observeContainerEndpointIn, observeGatewayEndpointIn } from "./endpointObservations";
import { detailedQuery, plainQuery, queryByName } from "./hcnQueries";
import { WindowsHostContext } from "./hostContext";
import { EndpointView, findRecord, recordData } from "./hostViews";
import { dnsOf, NetworkRecordData, networkGatewayOf } from "./networkObservation";
import { nthAddress } from "../../validate/cidr";

/** Parameters every endpoint script takes. */
export function endpointParams(name: string, network: string | undefined): Record<string, unknown> {
    return {
        name,
        network: network ?? "",
        networkQuery: detailedQuery,
        detailedQuery,
        endpointQuery: queryByName(name),
        plainQuery,
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
    if (wantsNeighbor || hasNeighbor) {
        const view = await context.invoke<EndpointView>(
            "observeEndpoint",
            endpointParams(gatewayEndpointName(spec), spec.network),
        );
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
        document: JSON.stringify(buildGatewayEndpointDocument(spec)),
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

/** Delete an endpoint: out of its namespace or the host compartment first. */
export async function deleteEndpoint(
    context: WindowsHostContext,
    kind: "gatewayEndpoint" | "containerEndpoint",
    name: string,
    network: string,
    observed: Observation | null,
): Promise<null> {
    if (!observed) {
        return null;
    }
    await context.invoke<EndpointView>("deleteEndpoint", {
        ...endpointParams(name, network),
        id: observed.id,
        kind,
        hostAttached: kind === "gatewayEndpoint",
    });
    return null;
}

/** The container endpoint's observation. */
export async function observeContainerEndpoint(
    context: WindowsHostContext,
    spec: ContainerEndpointSpec,
): Promise<Observation<"containerEndpoint"> | null> {
    const view = await context.invoke<EndpointView>(
        "observeEndpoint",
        endpointParams(containerEndpointName(spec), spec.network),
    );
    return observeContainerEndpointIn(view, spec);
}

function inheritedNat(view: EndpointView, spec: ContainerEndpointSpec) {
    return recordData<NetworkRecordData>(findRecord(view.records, "network", spec.network))
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
    const params = endpointParams(name, spec.network);
    const before = await context.invoke<EndpointView>("observeEndpoint", params);
    const document = buildContainerEndpointDocument(spec, {
        dns: before.network ? dnsOf(before.network) : undefined,
        outboundNat: inheritedNat(before, spec),
        managementIp: before.managementIp,
    });
    const view = await context.invoke<EndpointView>("createContainerEndpoint", {
        ...params,
        container: spec.container,
        document: JSON.stringify(document),
        recordData: containerRecordData(spec),
    });
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
    const before = await context.invoke<EndpointView>("observeEndpoint", params);
    const nat = spec.outboundNat ?? inheritedNat(before, spec);
    const view = await context.invoke<EndpointView>("updateEndpointPolicies", {
        ...params,
        match: { type: "OutBoundNAT" },
        policies: JSON.stringify(outboundNatPolicies(nat)),
        recordKind: "containerEndpoint",
        recordName: name,
        recordNetwork: spec.network,
        recordData: containerRecordData(spec),
    });
    return observeContainerEndpointIn(view, spec);
}
