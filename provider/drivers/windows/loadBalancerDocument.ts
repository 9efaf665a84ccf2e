/** Builds the HCN load balancer document of an `HnsLoadBalancer` spec. */
import { LoadBalancerSpec } from "../../model/kinds";
import {
    HcnLoadBalancer,
    loadBalancerFlagDsr,
    portMappingFlagIlb,
    portMappingFlagLocalRoutedVip,
    protocolNumbers,
    schemaV2,
} from "./hcnTypes";

/**
 * The load balancer without `HostComputeEndpoints`: backends are addresses in the spec and become
 * endpoint IDs on the host, where the list is added in front of the document.
 */
export function buildLoadBalancerDocument(
    spec: LoadBalancerSpec,
    defaultSourceVip: string | undefined,
): Omit<HcnLoadBalancer, "HostComputeEndpoints"> {
    let portFlags = 0;
    if (spec.internal) {
        portFlags |= portMappingFlagIlb;
    }
    if (spec.localRoutedVip !== false) {
        portFlags |= portMappingFlagLocalRoutedVip;
    }
    const document: Omit<HcnLoadBalancer, "HostComputeEndpoints"> = {
        FrontendVIPs: [spec.frontendVip],
        PortMappings: [
            {
                Protocol: protocolNumbers[spec.protocol ?? "tcp"],
                InternalPort: spec.backendPort ?? spec.frontendPort,
                ExternalPort: spec.frontendPort,
                Flags: portFlags,
            },
        ],
        Flags: spec.directServerReturn ? loadBalancerFlagDsr : 0,
        SchemaVersion: schemaV2,
    };
    const sourceVip = spec.sourceVip ?? defaultSourceVip;
    if (sourceVip) {
        document.SourceVIP = sourceVip;
    }
    return document;
}
