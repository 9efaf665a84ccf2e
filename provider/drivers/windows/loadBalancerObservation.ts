/** Turns the load balancer view into the observation of an `HnsLoadBalancer`. */
import { LoadBalancerSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { alignToDesired } from "./alignObserved";
import {
    loadBalancerFlagDsr,
    portMappingFlagIlb,
    portMappingFlagLocalRoutedVip,
    protocolNumbers,
} from "./hcnTypes";
import { findRecord, LoadBalancerView, RawHcn, sameId } from "./hostViews";
import { numberField, recordsOf, stringList, text } from "./rawHcn";
import { HcnShapeError } from "./hcnShape";

function matchesContent(raw: RawHcn, desired: LoadBalancerSpec): boolean {
    const mapping = recordsOf(raw["PortMappings"])[0];
    return (
        stringList(raw, "FrontendVIPs")[0] === desired.frontendVip &&
        numberField(mapping, "Protocol") === protocolNumbers[desired.protocol ?? "tcp"] &&
        numberField(mapping, "ExternalPort") === desired.frontendPort
    );
}

/** The protocol name of an HCN protocol number; any number but 6 and 17 is not one we manage. */
function protocolOf(value: number | undefined, id: string): "tcp" | "udp" {
    if (value === protocolNumbers.tcp) return "tcp";
    if (value === protocolNumbers.udp) return "udp";
    throw new HcnShapeError(
        `HNS returned load balancer (ID ${id}) with PortMappings[0].Protocol ${value ?? "missing"}; ` +
            `an HnsLoadBalancer is tcp (6) or udp (17), so this object was not made by this package`,
    );
}

/**
 * The load balancer observation: the one this package recorded under `name`, else one with the
 * same frontend (VIP, protocol, port), which is reported as not owned.
 */
export function observeLoadBalancerIn(
    view: LoadBalancerView,
    desired: LoadBalancerSpec,
): Observation<"loadBalancer"> | null {
    const record = findRecord(view.records, "loadBalancer", desired.name);
    const recorded = record
        ? view.loadBalancers.find((lb) => sameId(text(lb, "ID"), record.id))
        : undefined;
    const raw = recorded ?? view.loadBalancers.find((lb) => matchesContent(lb, desired));
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const mapping = recordsOf(raw["PortMappings"])[0] ?? {};
    const mappingFlags = numberField(mapping, "Flags") ?? 0;
    const addressOf = (endpointId: string): string => {
        const endpoint = view.endpoints.find((e) => sameId(text(e, "ID"), endpointId));
        return (
            (endpoint && text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress")) ??
            `endpoint-id:${endpointId}`
        );
    };
    const protocol = protocolOf(numberField(mapping, "Protocol"), id);
    const observed: LoadBalancerSpec = {
        name: desired.name,
        network: desired.network,
        frontendVip: stringList(raw, "FrontendVIPs")[0] ?? "",
        protocol,
        frontendPort: numberField(mapping, "ExternalPort") ?? 0,
        backendPort: numberField(mapping, "InternalPort"),
        backends: stringList(raw, "HostComputeEndpoints").map(addressOf).sort(),
        sourceVip: text(raw, "SourceVIP"),
        internal: (mappingFlags & portMappingFlagIlb) !== 0,
        directServerReturn: ((numberField(raw, "Flags") ?? 0) & loadBalancerFlagDsr) !== 0,
        localRoutedVip: (mappingFlags & portMappingFlagLocalRoutedVip) !== 0,
    };
    if (JSON.stringify(observed.backends) === JSON.stringify([...desired.backends].sort())) {
        observed.backends = desired.backends;
    }
    if (desired.backendPort === undefined && observed.backendPort === observed.frontendPort) {
        observed.backendPort = undefined;
    }
    if (desired.sourceVip === undefined) {
        observed.sourceVip = undefined;
    }
    return {
        id,
        owned: !!recorded,
        state: alignToDesired(desired, observed, {
            protocol: "tcp",
            internal: false,
            directServerReturn: false,
            localRoutedVip: true,
        }),
        details: { loadBalancerId: id, sourceVip: text(raw, "SourceVIP") ?? "" },
    };
}
