import type { DnsSettings } from "./dnsSettings";
import type { HostBound } from "./hostBound";
import type { OutboundNat } from "./outboundNat";

/**
 * The container runtime a configuration is written for. `containerd` reads CNI configuration files
 * (so do nerdctl, CRI-O and Podman's CNI backend on Linux). `docker` exists only on Windows hosts,
 * where Docker takes its networks from HNS.
 */
export type ContainerRuntime = "containerd" | "docker";

/** CNI specification versions the written configuration may declare. */
export type CniVersion = "0.3.1" | "0.4.0" | "1.0.0";

/**
 * Inputs of `RuntimeNetworkConfig`: what a container runtime needs to attach its containers to one
 * `L2BridgeNetwork` on one host, written as a CNI configuration file.
 *
 * Linux: a CNI configuration list for the standard `bridge` plugin on the network's bridge, with
 * `host-local` addresses from `rangeStart` to `rangeEnd` and the default route through `gateway`.
 * Windows: a CNI configuration for Microsoft's `sdnbridge` (l2bridge) plugin on the HNS network of
 * the same name, with DNS, outbound NAT and its exceptions, and encapsulated routes.
 */
export interface RuntimeNetworkConfigProperties extends HostBound {
    /**
     * Name of the `L2BridgeNetwork` on the same host (the Linux bridge, the HNS network). It is also
     * the CNI network name containers are started with, and part of the file name. Changing it
     * replaces the file. Required.
     */
    network: string;
    /**
     * Subnet of that network; must equal the network's subnet on the host (checked at apply). Changes
     * apply in place. Required.
     */
    subnet: string;
    /**
     * The runtime that reads the configuration. Changing it replaces the file.
     * @default "containerd"
     */
    runtime?: ContainerRuntime;
    /**
     * Absolute directory the runtime reads CNI configuration from. Changing it replaces the file.
     * @default "/etc/cni/net.d" on Linux, "C:\\Program Files\\containerd\\cni\\conf" on Windows
     */
    configDirectory?: string;
    /**
     * Two-digit order of the file among the directory's configurations (`<priority>-<network>.conflist`
     * on Linux, `.conf` on Windows); containerd's CRI takes the first file in name order as the
     * default network. 0..99. Changing it replaces the file.
     * @default 10
     */
    priority?: number;
    /**
     * Default gateway of the containers: the `GatewayEndpoint` address. Changes apply in place.
     * @default the second host address of `subnet` (`.2`)
     */
    gateway?: string;
    /**
     * First address the runtime hands out (Linux, `host-local`). Changes apply in place.
     * @default the third host address of `subnet` (`.3`): `.1` is the nominal gateway, `.2` the host
     */
    rangeStart?: string;
    /**
     * Last address the runtime hands out (Linux, `host-local`). Changes apply in place.
     * @default the last host address of `subnet`
     */
    rangeEnd?: string;
    /**
     * Destination prefixes routed through `gateway` inside the containers (Linux). Changes apply in
     * place.
     * @default ["0.0.0.0/0"] on Linux; unset on Windows
     */
    routes?: string[];
    /**
     * Destination prefixes reached through the host with encapsulation (Windows `SDNRoute` endpoint
     * policies with `NeedEncap`): the l2bridge article's routes to the host's own address (`/32`)
     * and to load balancer VIPs. Changes apply in place.
     * @default [] on Windows; unset on Linux
     */
    encapRoutes?: string[];
    /**
     * DNS settings handed to the containers. Changes apply in place.
     * @default { servers: [], search: [] }
     */
    dns?: DnsSettings;
    /**
     * Outbound NAT of the containers' traffic (Windows `OutBoundNAT` endpoint policy with its
     * exceptions). On Linux the network's own masquerade covers every address of its subnet, so it
     * is not set here. Changes apply in place.
     * @default { enabled: true, exceptions: [] } on Windows; unset on Linux
     */
    outboundNat?: OutboundNat;
    /**
     * CNI specification version the configuration declares. Changes apply in place.
     * @default "1.0.0"
     */
    cniVersion?: CniVersion;
    /**
     * Absolute directory where `host-local` records the addresses it handed out (Linux). Changes
     * apply in place.
     * @default unset: the plugin's own, `/var/lib/cni/networks`
     */
    ipamDataDirectory?: string;
}

/** Outputs of `RuntimeNetworkConfig`. */
export interface RuntimeNetworkConfigOutputs {
    /** Full path of the configuration file on the host. */
    configPath: string;
}
