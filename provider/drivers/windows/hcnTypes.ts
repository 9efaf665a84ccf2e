/**
 * The HCN (Host Compute Network, schema 2.x) JSON documents this package sends to and reads from
 * HNS. Field names and casing are exactly HNS's; enums travel as strings, flags and protocol
 * numbers as integers.
 */

/** Schema version stamped on every document. */
export interface HcnSchemaVersion {
    Major: number;
    Minor: number;
}

/** Policy envelope used by networks, subnets and endpoints. */
export interface HcnPolicy<T extends string = string, S = object> {
    Type: T;
    Settings: S;
}

/** A route inside a subnet or an endpoint. */
export interface HcnRoute {
    NextHop: string;
    DestinationPrefix: string;
    Metric?: number;
}

/** DNS settings of a network or endpoint. */
export interface HcnDns {
    Domain?: string;
    Search?: string[];
    ServerList?: string[];
}

/** One subnet of a static IPAM. */
export interface HcnSubnet {
    IpAddressPrefix: string;
    Routes: HcnRoute[];
    Policies?: HcnPolicy<"VLAN", { IsolationId: number }>[];
}

/** A HostComputeNetwork. */
export interface HcnNetwork {
    ID?: string;
    Name: string;
    Type: "L2Bridge" | "L2Tunnel" | string;
    Ipams: { Type: "Static"; Subnets: HcnSubnet[] }[];
    Policies: HcnPolicy[];
    Dns?: HcnDns;
    Flags?: number;
    SchemaVersion: HcnSchemaVersion;
}

/** Settings of an OutBoundNAT endpoint policy. */
export interface HcnOutboundNatSettings {
    Exceptions?: string[];
    VirtualIP?: string;
    Destinations?: string[];
    Flags?: number;
}

/** Settings of a PortMapping endpoint policy. */
export interface HcnPortMappingSettings {
    Protocol: number;
    InternalPort: number;
    ExternalPort: number;
    VIP?: string;
    Flags?: number;
}

/** Settings of an ACL endpoint policy. */
export interface HcnAclSettings {
    Id: string;
    Protocols?: string;
    Action: "Allow" | "Block";
    Direction: "In" | "Out";
    LocalAddresses?: string;
    RemoteAddresses?: string;
    LocalPorts?: string;
    RemotePorts?: string;
    RuleType: "Switch" | "Host";
    Priority: number;
}

/** Settings of an SDNRoute endpoint policy. */
export interface HcnSdnRouteSettings {
    DestinationPrefix: string;
    NextHop?: string;
    NeedEncap: boolean;
}

/** A HostComputeEndpoint. */
export interface HcnEndpoint {
    ID?: string;
    Name: string;
    HostComputeNetwork?: string;
    HostComputeNamespace?: string;
    IpConfigurations: { IpAddress: string; PrefixLength: number }[];
    Dns?: HcnDns;
    Routes?: HcnRoute[];
    MacAddress?: string;
    Policies: HcnPolicy[];
    Flags?: number;
    SchemaVersion: HcnSchemaVersion;
}

/** One port mapping of a load balancer. */
export interface HcnLoadBalancerPortMapping {
    Protocol: number;
    InternalPort: number;
    ExternalPort: number;
    Flags: number;
}

/** A HostComputeLoadBalancer. */
export interface HcnLoadBalancer {
    ID?: string;
    HostComputeEndpoints: string[];
    SourceVIP?: string;
    FrontendVIPs: string[];
    PortMappings: HcnLoadBalancerPortMapping[];
    Flags: number;
    SchemaVersion: HcnSchemaVersion;
}

/** A request to HcnModifyEndpoint / HcnModifyNetwork / HcnModifyNamespace. */
export interface HcnModifyRequest {
    ResourceType: "Policy" | "DNS" | "Endpoint";
    RequestType: "Add" | "Remove" | "Update";
    Settings: Record<string, unknown>;
}

/** Schema 2.0, what hcsshim, kube-proxy and win-bridge send. */
export const schemaV2: HcnSchemaVersion = { Major: 2, Minor: 0 };

/** Network flag that makes a network vanish on reboot; never set by this package. */
export const networkFlagNonPersistent = 8;
/** Endpoint flag of an endpoint living on another host. */
export const endpointFlagRemote = 1;
/** Load balancer flag: direct server return. */
export const loadBalancerFlagDsr = 1;
/** Load balancer port mapping flag: internal load balancer. */
export const portMappingFlagIlb = 1;
/** Load balancer / NAT port mapping flag: reachable from the host itself. */
export const portMappingFlagLocalRoutedVip = 2;
/** NAT (endpoint PortMapping) flag: reachable from the host itself. */
export const natFlagLocalRoutedVip = 1;

/** IANA protocol numbers HNS expects. */
export const protocolNumbers = { tcp: 6, udp: 17, icmp: 1 } as const;
