/** Builds the HCN endpoint documents of gateway and container endpoints. */
import { ContainerEndpointSpec, GatewayEndpointSpec } from "../../model/kinds";
import { nthAddress, parseCidr } from "../../validate/cidr";
import { OutboundNat, DnsSettings } from "../../../sdk/common";
import { HcnEndpoint, HcnPolicy, schemaV2 } from "./hcnTypes";
import { hcnDns } from "./networkDocument";
import { outboundNatPolicies } from "./endpointPolicies";

/** The endpoint name of a gateway endpoint: `name`, or `<network>_gw`. */
export function gatewayEndpointName(spec: GatewayEndpointSpec): string {
    return spec.name ?? `${spec.network}_gw`;
}

/** The gateway endpoint's address: `ipAddress`, or `.2` of the subnet. */
export function gatewayAddress(spec: Pick<GatewayEndpointSpec, "ipAddress" | "subnet">): string {
    return spec.ipAddress ?? (spec.subnet ? nthAddress(spec.subnet, 2) : undefined) ?? "";
}

/** The host vNIC HNS creates for an endpoint attached to the host compartment. */
export function hostInterfaceAlias(endpointName: string): string {
    return `vEthernet (${endpointName})`;
}

function prefixLength(subnet: string): number {
    return parseCidr(subnet)?.prefixLength ?? 32;
}

/** HNS MAC text: upper-case, dash-separated. */
export function hnsMac(mac: string): string {
    return mac.replace(/:/g, "-").toUpperCase();
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
