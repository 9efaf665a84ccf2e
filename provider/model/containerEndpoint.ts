import type { DnsSettings } from "./dnsSettings";
import type { HostBound } from "./hostBound";
import type { OutboundNat } from "./outboundNat";

/** Inputs of `ContainerEndpoint`: one network interface of a container, with a static address. */
export interface ContainerEndpointProperties extends HostBound {
    /** Name of the `L2BridgeNetwork` on the same host. Changing it replaces the endpoint. Required. */
    network: string;
    /**
     * Subnet of that network (validates the address and derives the gateway). Changing it replaces
     * the endpoint. Required.
     */
    subnet: string;
    /**
     * Container to attach to. Windows: the container ID or the HNS namespace GUID. Linux: the name of a
     * network namespace (created when missing, removed with its last endpoint if this package
     * created it). Changing it replaces the endpoint. Required.
     */
    container: string;
    /**
     * Endpoint name, unique on the host. On Linux the host side of the veth is named after it, so
     * it is at most 15 bytes. Changing it replaces the endpoint.
     * @default "<container>-<network>", shortened with a hash suffix to fit
     */
    name?: string;
    /**
     * Static IPv4 address inside `subnet` (not the network, `.1`, `.2` or broadcast address).
     * Changing it replaces the endpoint. Required.
     */
    ipAddress: string;
    /**
     * Interface name inside the container (Linux only). Changing it replaces the endpoint.
     * @default "eth0"
     */
    interfaceName?: string;
    /**
     * Unicast MAC address, `aa-bb-cc-dd-ee-ff` or `aa:bb:cc:dd:ee:ff` (stored lower case with `-`).
     * Changing it replaces the endpoint.
     * @default assigned by the platform
     */
    macAddress?: string;
    /**
     * Default gateway of the container. Changing it replaces the endpoint on Windows (HNS cannot
     * edit it) and applies in place on Linux.
     * @default the host gateway endpoint address (`.2` of `subnet`)
     */
    gateway?: string;
    /**
     * Give the container its default route through this endpoint. With several endpoints in one
     * container (multi-NIC), exactly one should have it. Changing it replaces the endpoint on
     * Windows (HNS cannot edit it) and applies in place on Linux.
     * @default true
     */
    defaultRoute?: boolean;
    /**
     * DNS settings inside the container. Changing it replaces the endpoint on Windows (HNS cannot
     * edit it) and applies in place on Linux.
     * @default inherited from the network
     */
    dns?: DnsSettings;
    /**
     * Outbound NAT of this endpoint. Changes apply in place.
     * @default inherited from the network
     */
    outboundNat?: OutboundNat;
    /**
     * Interface MTU, 576..9216 (Linux; Windows: InterfaceParameters policy). Changing it replaces
     * the endpoint on Windows (HNS cannot edit it) and applies in place on Linux.
     * @default platform default (1500)
     */
    mtu?: number;
}

/** Outputs of `ContainerEndpoint`. */
export interface ContainerEndpointOutputs {
    /** Platform ID: the HNS endpoint GUID on Windows, the host-side veth name on Linux. */
    endpointId: string;
    /** MAC address as seen on the host, `aa-bb-cc-dd-ee-ff`. */
    macAddress: string;
}
