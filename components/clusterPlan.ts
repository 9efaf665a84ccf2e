/**
 * The pure plan of an `L2BridgeCluster`: per host its network, gateway endpoint and the routes to
 * every other host's container subnet, plus the cluster's NAT exceptions. No resources are created
 * here, so the plan can be tested and shown (preview output, diagram) on its own.
 */
import { nthAddress } from "../provider/validate/cidr";
import { asHostOs, defaultNetworkName, resolveHostOs } from "./clusterValidation";
import type { L2BridgeClusterArgs } from "./l2BridgeClusterTypes";
import { vipPrefix } from "./loadBalancerVips";
import { deriveNatExceptions, natExceptionWarnings } from "./natExceptions";

/** One planned route on a host. */
export interface PlannedRoute {
    /** The remote host's container subnet, or the /32 of a load balancer VIP it serves. */
    destinationPrefix: string;
    /** The remote host's IP address. */
    nextHop: string;
    /** Name of the remote host. */
    peer: string;
}

/** What the cluster creates on one host. */
export interface HostPlan {
    /** Host name. */
    name: string;
    /** Operating system. */
    os: "windows" | "linux";
    /** The host's address on the hosts' subnet. */
    hostIp: string;
    /** The host's container subnet. */
    containerSubnet: string;
    /** Nominal gateway of the container subnet (`.1`), reserved and never assigned. */
    gateway: string;
    /** The host's gateway endpoint address (`.2`), the containers' default gateway. */
    gatewayEndpointIp: string;
    /** Routes to every other host's container subnet and load balancer VIPs, in host order. */
    routes: PlannedRoute[];
}

/** The whole cluster plan. */
export interface ClusterPlan {
    /** Network (and route set) name on every host. */
    networkName: string;
    /** The hosts' subnet. */
    hostSubnet: string;
    /** Outbound NAT exceptions of every host's network. */
    natExceptions: string[];
    /** Per-host plans, in input order. */
    hosts: HostPlan[];
    /** Warnings about the inputs that do not stop the deployment. */
    warnings: string[];
}

/** Plans a cluster. The arguments must have passed `validateCluster`. */
export function planCluster(args: L2BridgeClusterArgs): ClusterPlan {
    const containerSubnets = args.hosts.map((host) => host.containerSubnet);
    const vips = args.hosts.flatMap((host) => (host.loadBalancerVips ?? []).map(vipPrefix));
    const extras = [...(args.natExceptions ?? []), ...vips];
    const hosts = args.hosts.map((host): HostPlan => {
        const gateway = nthAddress(host.containerSubnet, 1);
        const gatewayEndpointIp = nthAddress(host.containerSubnet, 2);
        if (gateway === undefined || gatewayEndpointIp === undefined) {
            throw new Error(
                `planCluster: containerSubnet "${host.containerSubnet}" was not validated`,
            );
        }
        return {
            name: host.name,
            os: asHostOs(resolveHostOs(host)),
            hostIp: host.hostIp,
            containerSubnet: host.containerSubnet,
            gateway,
            gatewayEndpointIp,
            routes: args.hosts
                .filter((peer) => peer !== host)
                .flatMap((peer) =>
                    [peer.containerSubnet, ...(peer.loadBalancerVips ?? []).map(vipPrefix)].map(
                        (destinationPrefix) => ({
                            destinationPrefix,
                            nextHop: peer.hostIp,
                            peer: peer.name,
                        }),
                    ),
                ),
        };
    });
    return {
        networkName: args.networkName ?? defaultNetworkName,
        hostSubnet: args.hostSubnet,
        natExceptions: deriveNatExceptions(containerSubnets, args.hostSubnet, extras),
        hosts,
        warnings: natExceptionWarnings(
            [...containerSubnets, args.hostSubnet, ...vips],
            args.natExceptions ?? [],
        ),
    };
}
