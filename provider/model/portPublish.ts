import type { HostBound } from "./hostBound";
import type { Protocol } from "./protocols";

/** Inputs of `PortPublish`: a host port forwarded to a container port. */
export interface PortPublishProperties extends HostBound {
    /**
     * Name of the `ContainerEndpoint` on the same host. Give exactly one of `endpoint`, `endpointIp`
     * and `endpointId`. Changing it replaces the mapping.
     * @default unset
     */
    endpoint?: string;
    /**
     * IPv4 address of an endpoint on this host that another program made (a container started by
     * Docker or containerd through CNI on one of the host's networks). The mapping is added to that
     * endpoint and removed from it again; the endpoint itself is never created, changed or deleted.
     * The address must be inside one of the host's networks (checked when the mapping is applied).
     * Changing it replaces the mapping.
     * @default unset
     */
    endpointIp?: string;
    /**
     * Windows hosts: HNS endpoint ID (a GUID, as `docker network inspect` or `hnsdiag list endpoints`
     * shows it) of an endpoint on this host that another program made. Stored in lower case. Changing
     * it replaces the mapping.
     * @default unset
     */
    endpointId?: string;
    /**
     * Protocol. Changing it replaces the mapping.
     * @default "tcp"
     */
    protocol?: Protocol;
    /** Host port (1..65535), unique per protocol and host address. Changing it replaces the mapping. Required. */
    hostPort: number;
    /** Container port (1..65535). Changing it replaces the mapping. Required. */
    containerPort: number;
    /**
     * Host address the port is published on. Changing it replaces the published port.
     * @default every host address
     */
    hostIp?: string;
    /**
     * Let the host itself and containers on the same host reach the published port (Windows
     * LocalRoutedVip; Linux output-hook DNAT and hairpin). Changing it replaces the published port.
     * @default true
     */
    localAccess?: boolean;
}

/** Outputs of `PortPublish`. */
export interface PortPublishOutputs {
    /**
     * Platform ID: `<endpoint>/<protocol>/<hostPort>`, where the endpoint is its name, `ip:<endpointIp>`
     * or `id:<endpointId>`.
     */
    mappingId: string;
    /** Container address the port forwards to, read from the endpoint ("" when it is missing). */
    containerIp: string;
    /**
     * "" while the endpoint named by `endpointIp` or `endpointId` exists; otherwise what is missing on
     * the host and what to do (refresh reports it; `up` then fails with the same text).
     */
    endpointProblem: string;
}
