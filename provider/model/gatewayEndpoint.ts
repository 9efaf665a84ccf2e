import type { HostBound } from "./hostBound";

/** Inputs of `GatewayEndpoint`: the host's own address on a container network (the `.2`). */
export interface GatewayEndpointProperties extends HostBound {
    /** Name of the `L2BridgeNetwork` on the same host. Changing it replaces the endpoint. Required. */
    network: string;
    /**
     * Subnet of that network (used to validate and default the address). Changing it replaces the
     * endpoint. Required.
     */
    subnet: string;
    /**
     * Endpoint name (HNS endpoint name on Windows, so the vNIC is `vEthernet (<name>)`); letters,
     * digits, `-`, `_`, `.`, at most 64 bytes. Changing it replaces the endpoint.
     * @default "<network>_gw"
     */
    name?: string;
    /**
     * Address of the host on the container network; containers use it as their default gateway.
     * Changing it replaces the endpoint.
     * @default the second host address of `subnet` (`.2`)
     */
    ipAddress?: string;
    /**
     * Enable IPv4 forwarding on the gateway interface and the management interface (Windows), or
     * `net.ipv4.ip_forward` (Linux). Changes apply in place.
     * @default true
     */
    forwarding?: boolean;
    /**
     * MAC address of a static neighbor entry for the nominal gateway (`.1`), so the host never ARPs
     * for an address nobody owns (the l2bridge article's method). Changes apply in place.
     * @default unset: no neighbor entry
     */
    gatewayNeighborMac?: string;
}

/** Outputs of `GatewayEndpoint`. */
export interface GatewayEndpointOutputs {
    /** Platform ID: the HNS endpoint GUID on Windows, `<bridge>/<address>` on Linux. */
    endpointId: string;
    /** Host interface carrying the address (Windows: `vEthernet (<name>)`; Linux: the bridge). */
    interfaceAlias: string;
    /** MAC address of that interface, `aa-bb-cc-dd-ee-ff`. */
    macAddress: string;
}
