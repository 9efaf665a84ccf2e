/**
 * The lab's cluster: what every host of a lab carries, as driver specs. Host i gets container
 * subnet `<supernet>.i.0/24` and the route mesh to every other host. A Linux host gets two
 * containers (`.11`, `.12`) and a two-NIC container (`.13` plus an address on the VXLAN overlay),
 * names served by dnsmasq, and outbound NAT with the container supernet and the overlay as
 * exceptions; an emulated Windows host gets the objects of `windowsHostTopology`. Host 1 also
 * publishes a port and runs a load balancer over backends on the first two Linux hosts; the second
 * Linux host puts an ACL on its second container. Each emulated Windows host runs a load balancer
 * over its own containers, and every other host routes that VIP's /32 to it.
 */
import type { KindSpecs, ObjectKind } from "../provider/model/kinds";
import { nthAddress, parseCidr } from "../provider/validate";
import type { LabHostPlan, LabPlan } from "./labOptions";
import {
    windowsHostTopology,
    windowsLoadBalancerPort,
    windowsLoadBalancerVip,
} from "./windowsTopology";

/** One object of the topology. */
export interface TopologyObject<K extends ObjectKind = ObjectKind> {
    kind: K;
    spec: KindSpecs[K];
    /** Short label for messages and the connectivity matrix. */
    label: string;
}

/** A container of the topology, for traffic checks. */
export interface TopologyContainer {
    namespace: string;
    host: number;
    address: string;
    /** Overlay address of a two-NIC container. */
    overlayAddress?: string;
}

/** Addressing of the cluster. */
export interface TopologyOptions {
    /**
     * Container supernet, a /16; host i gets its i-th /24.
     * @default "10.201.0.0/16"
     */
    containerSupernet?: string;
    /**
     * The VXLAN overlay segment shared by every host (used when the lab has a VXLAN device).
     * @default "10.202.0.0/24"
     */
    overlay?: string;
    /**
     * DNS suffix of container names.
     * @default "lbt.test"
     */
    dnsSuffix?: string;
}

/**
 * A container of an emulated Windows host: an HCN namespace (made out of band, as a container
 * runtime makes it) holding the container's endpoint. There is no datapath behind it.
 */
export interface WindowsContainer {
    host: number;
    /** Container ID in the HCN namespace's `Container` resource. */
    container: string;
    /** Name of its HCN endpoint. */
    endpoint: string;
    address: string;
}

/** The objects of one host, in the order they must be created. */
export interface HostTopology {
    host: LabHostPlan;
    subnet: string;
    /** The host's gateway endpoint address (`.2`), the source of host-to-container traffic. */
    gatewayAddress: string;
    objects: TopologyObject[];
    /** Containers with a network namespace of their own (Linux hosts). */
    containers: TopologyContainer[];
    /** Containers of an emulated Windows host (HCN state only). */
    windowsContainers: WindowsContainer[];
}

/** The load balancer of an emulated Windows host: state checks only (HNS has no datapath there). */
export interface WindowsVip {
    host: number;
    /** The Windows host's address, the next hop every other host routes the VIP to. */
    hostAddress: string;
    vip: string;
    port: number;
    /** Names of the HCN endpoints that must carry the VIP route. */
    endpoints: string[];
}

/** The state key (see `StateCheck.stateKey`) of Windows host `host`'s load balancer VIP. */
export function vipStateKey(host: number): string {
    return `vip${host}`;
}

/** The whole cluster. */
export interface Topology {
    hosts: HostTopology[];
    /** The published port on host 1 (host address, port) and what it forwards to. */
    publish: { hostAddress: string; hostPort: number; container: string };
    /** The load balancer on host 1. */
    loadBalancer: { vip: string; port: number; backends: string[] };
    /** The load balancers of the emulated Windows hosts. */
    windowsVips: WindowsVip[];
    /** The ACL on host 2: the container it protects and the one source it admits. */
    acl?: { protected: string; admitted: string };
    dnsSuffix: string;
}

function object<K extends ObjectKind>(kind: K, label: string, spec: KindSpecs[K]): TopologyObject {
    return { kind, spec, label } as TopologyObject;
}

/** The subnet of host `index` inside `supernet` (a /16). */
export function hostSubnet(supernet: string, index: number): string {
    const cidr = parseCidr(supernet);
    if (!cidr || cidr.prefixLength !== 16) {
        throw new Error(
            `containerSupernet ${JSON.stringify(supernet)} must be a /16 such as "10.201.0.0/16"`,
        );
    }
    return `${nthAddress(supernet, index * 256)}/24`;
}

/** The cluster for lab `plan`. */
export function labTopology(plan: LabPlan, options: TopologyOptions = {}): Topology {
    const supernet = options.containerSupernet ?? "10.201.0.0/16";
    const overlay = options.overlay ?? "10.202.0.0/24";
    const dnsSuffix = options.dnsSuffix ?? "lbt.test";
    const prefix = plan.prefix;
    const bridge = `${prefix}cbr0`;
    const overlayBridge = `${prefix}obr0`;
    const withOverlay = plan.vxlanId !== undefined;
    const at = (subnet: string, n: number): string => nthAddress(subnet, n) ?? "";
    const routeMesh = (host: LabHostPlan) => [
        ...plan.hosts
            .filter((other) => other !== host)
            .map((other) => ({
                destinationPrefix: hostSubnet(supernet, other.index),
                nextHop: other.address,
            })),
        ...plan.hosts
            .filter((other) => other !== host && other.os === "windows")
            .map((other) => ({
                destinationPrefix: `${windowsLoadBalancerVip(plan, other)}/32`,
                nextHop: other.address,
            })),
    ];
    const hosts = plan.hosts.map((host): HostTopology => {
        if (host.os === "windows") {
            return windowsHostTopology(plan, host, {
                subnet: hostSubnet(supernet, host.index),
                natExceptions: [supernet, plan.underlay],
                routes: routeMesh(host),
                loadBalancerVip: windowsLoadBalancerVip(plan, host),
            });
        }
        const i = host.index;
        const subnet = hostSubnet(supernet, i);
        const gateway = at(subnet, 2);
        const container = (letter: string, n: number): TopologyContainer => ({
            namespace: `${prefix}c${i}${letter}`,
            host: i,
            address: at(subnet, n),
        });
        const a = container("a", 11);
        const b = container("b", 12);
        const m = {
            ...container("m", 13),
            overlayAddress: withOverlay ? at(overlay, 100 + i) : undefined,
        };
        const endpoint = (c: TopologyContainer, letter: string) =>
            object("containerEndpoint", `endpoint ${c.namespace}`, {
                network: bridge,
                subnet,
                container: c.namespace,
                name: `${prefix}v${i}${letter}`,
                ipAddress: c.address,
                interfaceName: "eth0",
                gateway,
                defaultRoute: true,
            });
        const objects: TopologyObject[] = [
            object("l2BridgeNetwork", `network ${bridge}`, {
                name: bridge,
                mode: "l2bridge",
                subnet,
                gateway: at(subnet, 1),
                dns: { servers: [plan.switchAddress], suffix: dnsSuffix },
                outboundNat: {
                    enabled: true,
                    exceptions: withOverlay ? [supernet, overlay] : [supernet],
                },
                serveNames: true,
            }),
            object("gatewayEndpoint", `gateway ${gateway}`, {
                network: bridge,
                subnet,
                ipAddress: gateway,
                forwarding: true,
            }),
            endpoint(a, "a"),
            endpoint(b, "b"),
            endpoint(m, "m"),
            object("containerRoute", "route mesh", { name: "l2bridge", routes: routeMesh(host) }),
        ];
        if (withOverlay && m.overlayAddress && host.vxlanDevice) {
            objects.push(
                object("l2BridgeNetwork", `network ${overlayBridge}`, {
                    name: overlayBridge,
                    mode: "l2bridge",
                    subnet: overlay,
                    adapter: host.vxlanDevice,
                    outboundNat: { enabled: false, exceptions: [] },
                    serveNames: false,
                }),
                object("containerEndpoint", `overlay endpoint ${m.namespace}`, {
                    network: overlayBridge,
                    subnet: overlay,
                    container: m.namespace,
                    name: `${prefix}o${i}m`,
                    ipAddress: m.overlayAddress,
                    interfaceName: "eth1",
                    defaultRoute: false,
                    mtu: 1450,
                }),
            );
        }
        return {
            host,
            subnet,
            gatewayAddress: gateway,
            objects,
            containers: [a, b, m],
            windowsContainers: [],
        };
    });
    const linuxHosts = hosts.filter((host) => host.host.os === "linux");
    const second = linuxHosts[1];
    const vip = at(plan.underlay, 100);
    const backends = [hosts[0].containers[0].address, hosts[0].containers[1].address];
    if (second) {
        backends.push(second.containers[0].address);
    }
    hosts[0].objects.push(
        object("portPublish", "publish 8080", {
            endpoint: `${prefix}v1a`,
            protocol: "tcp",
            hostPort: 8080,
            containerPort: 80,
            localAccess: true,
        }),
        object("hnsLoadBalancer", "load balancer", {
            name: `${prefix}lb`,
            network: bridge,
            frontendVip: vip,
            protocol: "tcp",
            frontendPort: 80,
            backendPort: 80,
            backends,
        }),
    );
    let acl: Topology["acl"];
    if (second) {
        const [admitted, protectedContainer] = second.containers;
        second.objects.push(
            object("endpointAcl", "acl", {
                endpoint: `${prefix}v${second.host.index}b`,
                rules: [
                    {
                        name: "web-from-neighbour",
                        action: "allow",
                        direction: "in",
                        priority: 100,
                        protocol: "tcp",
                        remoteAddresses: [admitted.address],
                        localPorts: ["80"],
                    },
                ],
                defaultInbound: "block",
                defaultOutbound: "allow",
            }),
        );
        acl = { protected: protectedContainer.namespace, admitted: admitted.namespace };
    }
    return {
        hosts,
        publish: {
            hostAddress: plan.hosts[0].address,
            hostPort: 8080,
            container: hosts[0].containers[0].namespace,
        },
        loadBalancer: { vip, port: 80, backends },
        windowsVips: hosts
            .filter((host) => host.host.os === "windows")
            .map((host) => ({
                host: host.host.index,
                hostAddress: host.host.address,
                vip: windowsLoadBalancerVip(plan, host.host),
                port: windowsLoadBalancerPort,
                endpoints: host.windowsContainers.map((c) => c.endpoint),
            })),
        acl,
        dnsSuffix,
    };
}
