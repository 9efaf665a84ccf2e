/**
 * Arguments of `AzureRouteTable`: the Azure user-defined routes that carry container traffic
 * between container hosts on one Azure subnet.
 */
import type * as pulumi from "@pulumi/pulumi";

/** How the route table holds its routes. */
export type AzureRouteMode = "inline" | "standalone";

/** A host whose container subnet is routed to it. */
export interface RoutedHost {
    /**
     * Host name, unique in the cluster: letters, digits, `-` and `_`, starting with a letter or digit,
     * at most 40 characters. Route names are derived from it. Required.
     */
    name: string;
    /** The host's IPv4 address on the hosts' subnet: the route's next hop. Required. */
    hostIp: string;
    /** The host's container subnet in canonical CIDR form, such as `10.244.1.0/24`. Required. */
    containerSubnet: string;
    /**
     * VIPs of load balancers whose frontend lives on this host and is not a host address: each gets
     * a /32 route to this host (on every other host, and in Azure), so containers anywhere reach it.
     * Outside every container subnet, not a host address, one host per VIP.
     * @default []
     */
    loadBalancerVips?: string[];
}

/**
 * Where and how the route table is created. The subnet to associate is given either as
 * `subnetId` or as `virtualNetworkName` + `subnetName`, never both.
 */
export interface AzureRouteTableOptions {
    /** Resource group of the route table (and of the subnet when given by name). Required. */
    resourceGroupName: pulumi.Input<string>;
    /**
     * Azure region of the route table.
     * @default the resource group's region
     */
    location?: pulumi.Input<string>;
    /**
     * Azure name of the route table: 1..80 letters, digits, `_`, `.` and `-`, starting with a letter
     * or digit and ending with a letter, digit or `_`.
     * @default the component's name
     */
    routeTableName?: string;
    /**
     * Resource ID of the hosts' subnet to associate the route table with
     * (`/subscriptions/…/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`).
     * The component then manages that subnet (a standalone `Subnet` resource with the hosts' address
     * prefix, the route table and `networkSecurityGroupId`); other subnet settings are reset.
     * Mutually exclusive with `virtualNetworkName` + `subnetName`.
     * @default unset
     */
    subnetId?: pulumi.Input<string>;
    /**
     * Virtual network of the hosts' subnet, in `resourceGroupName`. Together with `subnetName` the
     * component creates (or takes over) that subnet with the hosts' address prefix and the route table.
     * The virtual network must not list its subnets inline. Mutually exclusive with `subnetId`.
     * @default unset
     */
    virtualNetworkName?: pulumi.Input<string>;
    /**
     * Name of the hosts' subnet inside `virtualNetworkName`. Mutually exclusive with `subnetId`.
     * @default unset
     */
    subnetName?: pulumi.Input<string>;
    /**
     * Network security group kept on the associated subnet.
     * @default unset: the subnet has no network security group
     */
    networkSecurityGroupId?: pulumi.Input<string>;
    /**
     * Do not propagate routes learned over BGP (VPN or ExpressRoute gateways) into this table.
     * @default false
     */
    disableBgpRoutePropagation?: boolean;
    /**
     * `inline`: the table lists its routes itself, so any route added outside this program is
     * removed on the next update. `standalone`: one `Route` resource per route, so routes added by
     * others survive. Never mix both on one table.
     * @default "inline"
     */
    routeMode?: AzureRouteMode;
    /**
     * Tags on the route table.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Arguments of `AzureRouteTable`. */
export interface AzureRouteTableArgs extends AzureRouteTableOptions {
    /** The hosts: one route per host, its container subnet via its host IP. At least one. Required. */
    hosts: RoutedHost[];
    /** The hosts' subnet (CIDR); the associated subnet gets this address prefix. Required. */
    hostSubnet: string;
}

/** One planned Azure route. */
export interface AzureRoutePlanEntry {
    /** Route name: `<host>-<prefix with . and / as ->`, such as `win1-10-244-1-0-24`. */
    name: string;
    /** Destination prefix: the host's container subnet. */
    addressPrefix: string;
    /** Always `VirtualAppliance`: the host forwards the traffic itself. */
    nextHopType: "VirtualAppliance";
    /** The host's IP address. */
    nextHopIpAddress: string;
}
