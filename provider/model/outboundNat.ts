/** Outbound NAT (SNAT to the host address) of container traffic. */
export interface OutboundNat {
    /**
     * SNAT container traffic leaving the host to the host's address.
     * @default true
     */
    enabled?: boolean;
    /**
     * Destination prefixes (CIDR) that are never NATed: the cluster's container subnets and the host
     * subnet belong here, so containers keep their own address across hosts.
     * @default []
     */
    exceptions?: string[];
}
