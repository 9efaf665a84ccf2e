import type { HostBound } from "./hostBound";

/** One route towards a remote container subnet. */
export interface RouteEntry {
    /** Destination prefix in canonical CIDR form. Unique within the set. Required. */
    destinationPrefix: string;
    /** Next hop IPv4 address (usually the remote host's address). Required. */
    nextHop: string;
    /**
     * Route metric, 0..9999.
     * @default 256 on Windows, 0 on Linux
     */
    metric?: number;
}

/** Inputs of `ContainerRoute`: the set of routes on one host towards remote container subnets. */
export interface ContainerRouteProperties extends HostBound {
    /**
     * Name of the route set, unique on the host (marks ownership). Changing it replaces the set.
     * @default "l2bridge"
     */
    name?: string;
    /** The routes. Adding or removing entries changes the set in place. Required (may be empty). */
    routes: RouteEntry[];
    /**
     * Interface the routes leave through (Windows interface alias such as `vEthernet (Ethernet)`;
     * Linux device name). Changes apply in place.
     * @default the interface that reaches each next hop
     */
    interface?: string;
    /**
     * Windows: also write the routes to the PersistentStore so they survive a reboot. Linux routes are
     * never persistent; a refresh after a reboot shows them missing and `up` restores them. Changes
     * apply in place.
     * @default true
     */
    persistent?: boolean;
}

/** Outputs of `ContainerRoute`. */
export interface ContainerRouteOutputs {
    /** Interface the routes were installed on, as resolved on the host. */
    resolvedInterface: string;
}
