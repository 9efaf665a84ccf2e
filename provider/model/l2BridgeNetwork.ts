import type { DnsSettings } from "./dnsSettings";
import type { HostBound } from "./hostBound";
import type { OutboundNat } from "./outboundNat";

/** Network mode. `l2tunnel` exists only on Windows (SDN tenant networks). */
export type NetworkMode = "l2bridge" | "l2tunnel";

/** Inputs of `L2BridgeNetwork`. */
export interface L2BridgeNetworkProperties extends HostBound {
    /**
     * Name of the network: the HNS network name on Windows, the bridge device name on Linux
     * (at most 15 bytes; letters, digits, `-`, `_`, `.`). Changing it replaces the network. Required.
     */
    name: string;
    /**
     * Network mode. Changing it replaces the network.
     * @default "l2bridge"
     */
    mode?: NetworkMode;
    /** Container subnet in canonical CIDR form, such as `10.244.3.0/24`. Changing it replaces the network. Required. */
    subnet: string;
    /**
     * Nominal gateway of the subnet. HNS reserves it and never assigns it; containers route through
     * the host gateway endpoint (`.2`) instead. Changing it replaces the network.
     * @default the first host address of `subnet` (`.1`)
     */
    gateway?: string;
    /**
     * Physical uplink adapter (Windows: the `Get-NetAdapter` name such as `Ethernet`, never
     * `vEthernet (…)`; Linux: an interface to enslave to the bridge). Changing it replaces the network.
     * @default Windows: the adapter holding the host's default route; Linux: none (routed, not bridged)
     */
    adapter?: string;
    /**
     * 802.1Q VLAN ID (1..4094) tagged on the network's traffic. Changing it replaces the network.
     * @default unset: untagged
     */
    vlan?: number;
    /**
     * DNS settings for containers on this network. Changes apply in place.
     * @default { servers: [], search: [] }
     */
    dns?: DnsSettings;
    /**
     * Outbound NAT of container traffic; endpoints of this network inherit it. Exceptions change in
     * place.
     * @default { enabled: true, exceptions: [] }
     */
    outboundNat?: OutboundNat;
    /**
     * Linux only: run dnsmasq on the host, bound to the gateway endpoint's address, answering the
     * names of the containers on this network (under `dns.suffix`). Changes apply in place.
     * @default true on Linux
     */
    serveNames?: boolean;
}

/** Outputs of `L2BridgeNetwork` (besides its inputs). */
export interface L2BridgeNetworkOutputs {
    /** Platform ID: the HNS network GUID on Windows, the bridge name on Linux. */
    networkId: string;
    /** The host interface that carries the network (Windows: `vEthernet (<adapter>)`; Linux: the bridge). */
    hostInterface: string;
    /** Management IP reported by HNS (Windows); the uplink address on Linux, or "" when routed. */
    managementIp: string;
}
