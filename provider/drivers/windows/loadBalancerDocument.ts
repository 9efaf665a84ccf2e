/** Builds the HCN load balancer document of an `HnsLoadBalancer` spec. */
import { LoadBalancerSpec } from "../../model/kinds";
import {
    endpointFlagRemote,
    HcnEndpoint,
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

/** Name of the remote endpoint standing for a backend on another host. */
export function remoteBackendName(address: string): string {
    return `l2b-remote-${address}`;
}

/** The MAC HNS gets for a remote backend: `02-11-` and the address bytes, as kube-proxy does. */
export function remoteBackendMac(address: string): string {
    const bytes = address.split(".").map((octet) => Number(octet).toString(16).padStart(2, "0"));
    return ["02", "11", ...bytes].join("-").toUpperCase();
}

/**
 * A remote endpoint (Flags 1) for a backend that lives on another host, so a load balancer can
 * list it. The host creates it only when no local endpoint has the address, and removes it when
 * no load balancer uses it any more.
 */
export function buildRemoteBackendDocument(address: string, prefixLength: number): HcnEndpoint {
    return {
        Name: remoteBackendName(address),
        IpConfigurations: [{ IpAddress: address, PrefixLength: prefixLength }],
        MacAddress: remoteBackendMac(address),
        Policies: [],
        Flags: endpointFlagRemote,
        SchemaVersion: schemaV2,
    };
}
