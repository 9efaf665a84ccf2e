import type { HostBound } from "./hostBound";
import type { Protocol } from "./protocols";

/** Inputs of `HnsLoadBalancer`: a virtual IP spreading connections over backends. */
export interface HnsLoadBalancerProperties extends HostBound {
    /**
     * Name of the load balancer, unique on the host. HNS load balancers carry no name, so on Windows
     * the object is found by its content and the name is kept in the package's records.
     * Changing it replaces the load balancer. Required.
     */
    name: string;
    /** Network the backends live on. Changing it replaces the load balancer. Required. */
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
     * Backend port (1..65535). Changes apply in place.
     * @default frontendPort
     */
    backendPort?: number;
    /**
     * Backend IPv4 addresses: container endpoint addresses on this host or on others, whoever made the
     * endpoint (this package, Docker, containerd through CNI). An address inside one of this host's
     * networks must belong to an endpoint that exists on this host (checked when the load balancer is
     * applied and on refresh); an address outside them is a backend on another host. The endpoints are
     * never created, changed or deleted. At least one backend in `backends` and `backendEndpointIds`
     * together. Changes apply in place (on Windows by recreating the load balancer).
     * @default unset: the backends are those of `backendEndpointIds`
     */
    backends?: string[];
    /**
     * Windows hosts: HNS endpoint IDs (GUIDs) of backend endpoints on this host, such as the endpoints
     * Docker or containerd made. Stored in lower case. Changes apply in place (by recreating the load
     * balancer).
     * @default unset: no backend by ID
     */
    backendEndpointIds?: string[];
    /**
     * Source VIP used for SNAT towards the backends (Windows). Changes apply in place.
     * @default the host gateway endpoint address
     */
    sourceVip?: string;
    /**
     * Internal load balancer: only reachable from containers (Windows ILB flag). Changes apply in
     * place.
     * @default false
     */
    internal?: boolean;
    /**
     * Direct server return (Windows, HNS 9.3+ / Server 2019+ with the DSR feature). Changes apply
     * in place.
     * @default false
     */
    directServerReturn?: boolean;
    /**
     * Make the VIP reachable from the host itself (Windows LocalRoutedVip flag; on Linux the output
     * hook is always programmed). Changes apply in place.
     * @default true
     */
    localRoutedVip?: boolean;
    /**
     * Windows hosts: give every container endpoint this package made in `network` on this host an
     * `SDNRoute` policy `<frontendVip>/32` with `NeedEncap`, so its container reaches the VIP (the
     * l2bridge article's encapsulation rule). Added when the load balancer is applied and by a
     * container endpoint created later; removed when the last load balancer with this VIP in the
     * network is deleted or turns this off. A missing route reads as `false` on refresh and `up`
     * restores it. Linux hosts need no route (the VIP is on the bridge): `false` is refused there.
     * Changes apply in place.
     * @default true
     */
    vipRoutes?: boolean;
}

/** Outputs of `HnsLoadBalancer`. */
export interface HnsLoadBalancerOutputs {
    /** Platform ID: the HNS load balancer GUID on Windows, the nft chain name on Linux. */
    loadBalancerId: string;
    /**
     * "" while every backend on this host exists; otherwise which backend endpoints are missing and
     * what to do (refresh reports it; `up` then fails with the same text).
     */
    endpointProblem: string;
}
