/**
 * What an emulated Windows host of the lab carries: an l2bridge HNS network on its `Ethernet`
 * adapter with its own container subnet, the gateway endpoint (`.2`, attached to the host, so a
 * real bridge carries that address in the host's namespace), two container endpoints (`.11`,
 * `.12`) in HCN namespaces made out of band, the route set towards every other host's subnet (and
 * every other Windows host's load balancer VIP) through `Ethernet` (real kernel routes made by
 * New-NetRoute), and a load balancer whose VIP is an underlay address that is not a host's, over
 * its two containers: its VIP routes land on the containers' HCN endpoints, and every other host
 * routes the VIP's /32 here, as `L2BridgeCluster` does with `loadBalancerVips`.
 */
import type { KindSpecs, ObjectKind } from "../provider/model/kinds";
import { nthAddress } from "../provider/validate";
import type { RouteEntry } from "../provider/model/containerRoute";
import type { LabHostPlan, LabPlan } from "./labOptions";
import { windowsUplinkAlias } from "./labOptions";
import type { HostTopology, TopologyObject, WindowsContainer } from "./topology";

/** What the cluster gives a Windows host. */
export interface WindowsHostInputs {
    /** The host's container subnet (a /24). */
    subnet: string;
    /** Outbound NAT exceptions (the cluster range and the host subnet). */
    natExceptions: string[];
    /** Routes to every other host's subnet. */
    routes: RouteEntry[];
    /** The VIP of the host's load balancer (every other host routes its /32 here). */
    loadBalancerVip: string;
}

/** The frontend (and backend) port of a Windows host's load balancer. */
export const windowsLoadBalancerPort = 80;

/** The VIP of Windows host `host`'s load balancer: underlay `.(100 + index)`, no host's address. */
export function windowsLoadBalancerVip(plan: LabPlan, host: LabHostPlan): string {
    return nthAddress(plan.underlay, 100 + host.index) ?? "";
}

function object<K extends ObjectKind>(kind: K, label: string, spec: KindSpecs[K]): TopologyObject {
    return { kind, spec, label } as TopologyObject;
}

/** The objects of emulated Windows host `host`, in creation order. */
export function windowsHostTopology(
    plan: LabPlan,
    host: LabHostPlan,
    inputs: WindowsHostInputs,
): HostTopology {
    const i = host.index;
    const subnet = inputs.subnet;
    const at = (n: number): string => nthAddress(subnet, n) ?? "";
    const network = `${plan.prefix}cbr0`;
    const gateway = at(2);
    const containers: WindowsContainer[] = ["a", "b"].map((letter, offset) => ({
        host: i,
        container: `${plan.prefix}c${i}${letter}`,
        endpoint: `${plan.prefix}v${i}${letter}`,
        address: at(11 + offset),
    }));
    const objects: TopologyObject[] = [
        object("l2BridgeNetwork", `network ${network}`, {
            name: network,
            mode: "l2bridge",
            subnet,
            gateway: at(1),
            adapter: windowsUplinkAlias,
            outboundNat: { enabled: true, exceptions: inputs.natExceptions },
        }),
        object("gatewayEndpoint", `gateway ${gateway}`, {
            network,
            subnet,
            name: `${plan.prefix}gw${i}`,
            ipAddress: gateway,
            forwarding: true,
        }),
        ...containers.map((c) =>
            object("containerEndpoint", `endpoint ${c.endpoint}`, {
                network,
                subnet,
                container: c.container,
                name: c.endpoint,
                ipAddress: c.address,
                gateway,
                defaultRoute: true,
            }),
        ),
        object("containerRoute", "route mesh", {
            name: "l2bridge",
            routes: inputs.routes,
            interface: windowsUplinkAlias,
            persistent: true,
        }),
        object("hnsLoadBalancer", `load balancer ${inputs.loadBalancerVip}`, {
            name: `${plan.prefix}lb${i}`,
            network,
            frontendVip: inputs.loadBalancerVip,
            protocol: "tcp",
            frontendPort: windowsLoadBalancerPort,
            backendPort: windowsLoadBalancerPort,
            backends: containers.map((c) => c.address),
        }),
    ];
    return {
        host,
        subnet,
        gatewayAddress: gateway,
        objects,
        containers: [],
        windowsContainers: containers,
    };
}
