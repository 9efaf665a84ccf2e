/**
 * What gateway and container endpoints share on a Windows host: names and MAC text as HNS spells
 * them, reading an endpoint's address, network and outbound NAT, the parameters of every endpoint
 * script, and delete.
 */
import type { GatewayEndpointSpec } from "../../model/kinds";
import { nthAddress, parseCidr } from "../../validate/cidr";
import type { OutboundNat } from "../../model/outboundNat";
import type { Observation } from "../hostDriver";
import type { EndpointView, RawHcn } from "./hostViews";
import { sameId } from "./hostViews";
import { policiesOfType, recordsOf, stringList, text } from "./rawHcn";
import { detailedQuery, plainQuery, queryByName } from "./hcnQueries";
import type { WindowsHostContext } from "./hostContext";

/** The gateway endpoint's address: `ipAddress`, or `.2` of the subnet. */
export function gatewayAddress(spec: Pick<GatewayEndpointSpec, "ipAddress" | "subnet">): string {
    return spec.ipAddress ?? (spec.subnet ? nthAddress(spec.subnet, 2) : undefined) ?? "";
}

/** The host vNIC HNS creates for an endpoint attached to the host compartment. */
export function hostInterfaceAlias(endpointName: string): string {
    return `vEthernet (${endpointName})`;
}

export function prefixLength(subnet: string): number {
    return parseCidr(subnet)?.prefixLength ?? 32;
}

/** HNS MAC text: upper-case, dash-separated. */
export function hnsMac(mac: string): string {
    return mac.replace(/:/g, "-").toUpperCase();
}

export function firstAddress(raw: RawHcn): string {
    return text(recordsOf(raw["IpConfigurations"])[0], "IpAddress") ?? "";
}

/** The network name the endpoint belongs to, as the spec spells it. */
export function networkNameOf(
    view: EndpointView,
    endpoint: RawHcn,
    desiredNetwork: string,
): string {
    const networkId = text(endpoint, "HostComputeNetwork") ?? text(endpoint, "VirtualNetwork");
    if (view.network && sameId(text(view.network, "ID"), networkId)) {
        return desiredNetwork;
    }
    return networkId ? `network-id:${networkId}` : desiredNetwork;
}

/** Outbound NAT of an endpoint as the spec spells it. */
export function outboundNatOf(raw: RawHcn): OutboundNat {
    const policy = policiesOfType(raw, "OutBoundNAT")[0];
    if (!policy) {
        return { enabled: false, exceptions: [] };
    }
    return { enabled: true, exceptions: stringList(policy.Settings, "Exceptions") };
}

/** Parameters every endpoint script takes. */
export function endpointParams(name: string, network: string | undefined): Record<string, unknown> {
    return {
        name,
        network: network ?? "",
        networkQuery: detailedQuery,
        namedNetworkQuery: queryByName(network ?? ""),
        detailedQuery,
        endpointQuery: queryByName(name),
        plainQuery,
    };
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
