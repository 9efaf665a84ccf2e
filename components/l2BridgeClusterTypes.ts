/**
 * Arguments of `L2BridgeCluster`. Host names, addresses and subnets are plain values because the
 * resource graph (one network, gateway and route set per host) and the cluster-wide validation
 * are derived from them at preview, before any host is touched.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DnsSettings } from "../provider/model/dnsSettings";
import type { HostConnection, HostOs } from "../provider/model/hostConnection";
import type { HostConnectionArgs } from "../sdk/hostConnection";
import type { AzureRouteTableOptions } from "./azureRouteTableTypes";

/** One container host of the cluster. */
export interface ClusterHostArgs {
    /**
     * Host name, unique in the cluster (case-insensitive): letters, digits, `-` and `_`, starting
     * with a letter or digit, at most 40 characters. Child resource names and Azure route names are
     * derived from it. Required.
     */
    name: string;
    /**
     * How to reach the host: a plain object (whose fields may be outputs, such as
     * `WindowsContainerHost.connection`) or one output. Required.
     */
    connection: pulumi.Input<HostConnectionArgs> | pulumi.Input<HostConnection>;
    /**
     * Operating system of the host.
     * @default `connection.os` (then `connection` must be a plain object with a plain `os`)
     */
    os?: HostOs;
    /** The host's IPv4 address on `hostSubnet`: the next hop other hosts use. Required. */
    hostIp: string;
    /**
     * The host's container subnet in canonical CIDR form, such as `10.244.1.0/24`, prefix length at
     * most 29. `.1` is the nominal gateway, `.2` the host's gateway endpoint. Required.
     */
    containerSubnet: string;
    /**
     * VIPs of `HnsLoadBalancer`s whose frontend lives on this host and is not a host address: every
     * other host routes the VIP's /32 to this host (its `ContainerRoute`), the Azure route table does
     * too, and the VIPs join the NAT exceptions, so containers on every host reach them. Outside every
     * container subnet, not a host address, one host per VIP.
     * @default []
     */
    loadBalancerVips?: string[];
    /**
     * Uplink adapter of the host's network (see `L2BridgeNetwork.adapter`).
     * @default Windows: the adapter holding the default route; Linux: none (routed)
     */
    adapter?: pulumi.Input<string>;
}

/** Arguments of `L2BridgeCluster`. */
export interface L2BridgeClusterArgs {
    /** The container hosts. At least one. Required. */
    hosts: ClusterHostArgs[];
    /**
     * The hosts' own network (CIDR), such as the Azure subnet `10.0.0.0/24`. Every `hostIp` lies in
     * it and no container subnet may overlap it. Required.
     */
    hostSubnet: string;
    /**
     * Extra destination prefixes (CIDR) that containers reach without outbound NAT, on top of the
     * derived ones (every container subnet and `hostSubnet`). A prefix that also covers addresses
     * outside the cluster, or Azure's platform addresses, is accepted with a warning.
     * @default []
     */
    natExceptions?: string[];
    /**
     * DNS settings of every host's network.
     * @default {}
     */
    dns?: pulumi.Input<DnsSettings>;
    /**
     * Name of the network on every host (HNS network name / Linux bridge name, at most 15 bytes of
     * letters, digits, `-`, `_` and `.`). Also the name of each host's route set.
     * @default "l2bridge"
     */
    networkName?: string;
    /**
     * Also create an `AzureRouteTable` with one route per host (its container subnet via its host
     * IP), associated with the hosts' subnet. Only the `L2BridgeCluster` of the entry point
     * `pulumi-l2bridge/azure` takes it; the one of `pulumi-l2bridge` refuses it at preview.
     * @default unset: no Azure resources
     */
    azure?: AzureRouteTableOptions;
}
