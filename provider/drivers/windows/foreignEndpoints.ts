/**
 * Endpoints that port mappings, ACLs and load balancer backends sit on, found on a Windows host
 * whoever made them (this package, Docker, containerd through the Windows CNI plugins): among every
 * HNS endpoint of the host, by name (a ContainerEndpoint), by address or by HNS ID. HNS holds the
 * truth: an endpoint another program made is an HCN endpoint like ours, found in the list HCN
 * enumerates. Remote endpoints (Flags 1, standing for containers of other hosts) and the host's
 * gateway endpoints are never a policy's endpoint. The endpoints are only ever given or relieved
 * of this package's policies (HcnModifyEndpoint, ResourceType Policy); nothing else of them changes.
 */
import { cidrContains } from "../../validate/cidr";
import type { EndpointFinding, HostNetworkSummary } from "../foreignEndpoints";
import { endpointFlagRemote } from "./hcnTypes";
import { detailedQuery, plainQuery } from "./hcnQueries";
import type { WindowsHostContext } from "./hostContext";
import type { HcnView, HostRecord, RawHcn } from "./hostViews";
import { sameId } from "./hostViews";
import { networkGatewayOf, networkSubnetOf } from "./kinds/l2BridgeNetwork";
import { byName, numberField, recordsOf, text } from "./rawHcn";

/** Parameters of `observeHcn` (and of every operation that returns its view). */
export const hcnViewParams = {
    networkQuery: detailedQuery,
    endpointQuery: detailedQuery,
    plainQuery,
};

/** Every network and endpoint of the host, with the records. */
export async function readHcn(context: WindowsHostContext): Promise<HcnView> {
    return context.invoke<HcnView>("observeHcn", hcnViewParams);
}

/** The host's networks as messages list them. */
export function networkSummaries(networks: RawHcn[]): HostNetworkSummary[] {
    return networks.map((network) => ({
        name: text(network, "Name") ?? "",
        subnet: networkSubnetOf(network) ?? "",
    }));
}

/** The addresses an endpoint holds. */
export function addressesOf(endpoint: RawHcn): string[] {
    return recordsOf(endpoint["IpConfigurations"])
        .map((configuration) => text(configuration, "IpAddress"))
        .filter((address): address is string => address !== undefined);
}

function isRemote(endpoint: RawHcn): boolean {
    return ((numberField(endpoint, "Flags") ?? 0) & endpointFlagRemote) !== 0;
}

function networkOf(networks: RawHcn[], endpoint: RawHcn): RawHcn | undefined {
    const id = text(endpoint, "HostComputeNetwork") ?? text(endpoint, "VirtualNetwork");
    return networks.find((network) => sameId(text(network, "ID"), id));
}

function isGatewayEndpoint(records: HostRecord[], endpoint: RawHcn): boolean {
    return records.some(
        (record) => record.kind === "gatewayEndpoint" && sameId(record.id, text(endpoint, "ID")),
    );
}

/** How a policy spec names its endpoint. */
export interface EndpointReference {
    endpoint?: string;
    endpointIp?: string;
    endpointId?: string;
}

/** A policy's endpoint as found on the host: the finding and, when found, the HCN endpoint. */
export interface LocatedEndpoint {
    finding: EndpointFinding;
    endpoint?: RawHcn;
}

function found(view: HcnView, endpoint: RawHcn, address?: string): LocatedEndpoint {
    const network = networkOf(view.networks, endpoint);
    if (isRemote(endpoint)) {
        return {
            finding: {
                status: "notEndpoint",
                why: "is a remote endpoint standing for a container of another host",
            },
        };
    }
    if (isGatewayEndpoint(view.records, endpoint)) {
        return {
            finding: {
                status: "notEndpoint",
                why: "is the host's gateway endpoint (GatewayEndpoint)",
            },
        };
    }
    return {
        finding: {
            status: "found",
            address: address ?? addressesOf(endpoint)[0] ?? "",
            network: (network && text(network, "Name")) ?? "",
            subnet: (network && networkSubnetOf(network)) ?? "",
            id: (text(endpoint, "ID") ?? "").toLowerCase(),
        },
        endpoint,
    };
}

/** The endpoint at `address`: one that is not remote and holds it, on a network whose subnet holds it. */
export function locateByAddress(view: HcnView, address: string): LocatedEndpoint {
    const inside = view.networks.filter((network) => {
        const subnet = networkSubnetOf(network);
        return subnet !== undefined && cidrContains(subnet, address);
    });
    if (inside.length === 0) {
        return { finding: { status: "outside" } };
    }
    const network = inside[0];
    if (inside.some((candidate) => networkGatewayOf(candidate) === address)) {
        return {
            finding: {
                status: "notEndpoint",
                why: `is the nominal gateway of network ${text(network, "Name") ?? ""}`,
            },
        };
    }
    const holders = view.endpoints.filter(
        (endpoint) => !isRemote(endpoint) && addressesOf(endpoint).includes(address),
    );
    const holder =
        holders.find((endpoint) => inside.includes(networkOf(view.networks, endpoint) as RawHcn)) ??
        holders[0];
    if (!holder) {
        return {
            finding: {
                status: "missing",
                network: {
                    name: text(network, "Name") ?? "",
                    subnet: networkSubnetOf(network) ?? "",
                },
            },
        };
    }
    return found(view, holder, address);
}

/** The endpoint with HNS ID `id`. */
export function locateById(view: HcnView, id: string): LocatedEndpoint {
    const endpoint = view.endpoints.find((candidate) => sameId(text(candidate, "ID"), id));
    return endpoint ? found(view, endpoint) : { finding: { status: "missing" } };
}

/** The endpoint a policy spec names: by name, address or HNS ID. */
export function locateEndpoint(view: HcnView, reference: EndpointReference): LocatedEndpoint {
    if (reference.endpointIp !== undefined) {
        return locateByAddress(view, reference.endpointIp);
    }
    if (reference.endpointId !== undefined) {
        return locateById(view, reference.endpointId);
    }
    const endpoint = byName(view.endpoints, reference.endpoint ?? "");
    return endpoint ? found(view, endpoint) : { finding: { status: "missing" } };
}

/** The field and value that name the endpoint of a spec, for messages. */
export function referenceField(reference: EndpointReference): { field: string; value: string } {
    if (reference.endpointIp !== undefined) {
        return { field: "endpointIp", value: reference.endpointIp };
    }
    if (reference.endpointId !== undefined) {
        return { field: "endpointId", value: reference.endpointId };
    }
    return { field: "endpoint", value: reference.endpoint ?? "" };
}

/** The reference fields of a spec reported empty: how an observation says the endpoint is gone. */
export function referenceGone(reference: EndpointReference): EndpointReference {
    if (reference.endpointIp !== undefined) {
        return { endpointIp: "" };
    }
    if (reference.endpointId !== undefined) {
        return { endpointId: "" };
    }
    return { endpoint: "" };
}
