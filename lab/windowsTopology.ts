/**
 * What an emulated Windows host of the lab carries: an l2bridge HNS network on its `Ethernet`
 * adapter with its own container subnet, the gateway endpoint (`.2`, attached to the host, so a
 * real bridge carries that address in the host's namespace), two container endpoints (`.11`,
 * `.12`) in HCN namespaces made out of band, and the route set towards every other host's subnet
 * through `Ethernet` (real kernel routes made by New-NetRoute).
 */
import { KindSpecs, ObjectKind } from "../provider/model/kinds";
import { nthAddress } from "../provider/validate";
import { RouteEntry } from "../sdk/containerRouteTypes";
import { LabHostPlan, LabPlan, windowsUplinkAlias } from "./labOptions";
import type { HostTopology, TopologyObject, WindowsContainer } from "./topology";

/** What the cluster gives a Windows host. */
export interface WindowsHostInputs {
    /** The host's container subnet (a /24). */
    subnet: string;
    /** Outbound NAT exceptions (the cluster range and the host subnet). */
    natExceptions: string[];
    /** Routes to every other host's subnet. */
    routes: RouteEntry[];
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
        object("network", `network ${network}`, {
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
        object("routeSet", "route mesh", {
            name: "l2bridge",
            routes: inputs.routes,
            interface: windowsUplinkAlias,
            persistent: true,
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
