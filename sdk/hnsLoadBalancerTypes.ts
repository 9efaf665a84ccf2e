import { HostBound, Protocol } from "./common";

/** Inputs of `HnsLoadBalancer`: a virtual IP spreading connections over backends. */
export interface HnsLoadBalancerProperties extends HostBound {
    /**
     * Name of the load balancer, unique on the host. HNS load balancers carry no name, so on Windows
     * the object is found by its content and the name is kept in the package's records.
     * Changing it replaces the load balancer. Required.
     */
    name: string;
    /** Network the backends live on. Required. */
    network: string;
    /** Frontend virtual IP. Changing it replaces the load balancer. Required. */
    frontendVip: string;
    /**
     * Protocol. Changing it replaces the load balancer.
     * @default "tcp"
     */
    protocol?: Protocol;
    /** Frontend port (1..65535). Changing it replaces the load balancer. Required. */
    frontendPort: number;
    /**
     * Backend port (1..65535).
     * @default frontendPort
     */
    backendPort?: number;
    /** Backend IPv4 addresses (container endpoint addresses, on this host or others). At least one. Required. */
    backends: string[];
    /**
     * Source VIP used for SNAT towards the backends (Windows).
     * @default the host gateway endpoint address
     */
    sourceVip?: string;
    /**
     * Internal load balancer: only reachable from containers (Windows ILB flag).
     * @default false
     */
    internal?: boolean;
    /**
     * Direct server return (Windows, HNS 9.3+ / Server 2019+ with the DSR feature).
     * @default false
     */
    directServerReturn?: boolean;
    /**
     * Make the VIP reachable from the host itself (Windows LocalRoutedVip flag; on Linux the output
     * hook is always programmed).
     * @default true
     */
    localRoutedVip?: boolean;
}

/** Outputs of `HnsLoadBalancer`. */
export interface HnsLoadBalancerOutputs {
    /** Platform ID: the HNS load balancer GUID on Windows, the nft chain name on Linux. */
    loadBalancerId: string;
}
