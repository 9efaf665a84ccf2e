import { HostBound, Protocol } from "./common";

/** Inputs of `PortPublish`: a host port forwarded to a container port. */
export interface PortPublishProperties extends HostBound {
    /** Name of the `ContainerEndpoint` on the same host. Changing it replaces the mapping. Required. */
    endpoint: string;
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
     * Host address the port is published on.
     * @default every host address
     */
    hostIp?: string;
    /**
     * Let the host itself and containers on the same host reach the published port (Windows
     * LocalRoutedVip; Linux output-hook DNAT and hairpin).
     * @default true
     */
    localAccess?: boolean;
}

/** Outputs of `PortPublish`. */
export interface PortPublishOutputs {
    /** Platform ID: `<endpoint>/<protocol>/<hostPort>`. */
    mappingId: string;
    /** Container address the port forwards to, read from the endpoint. */
    containerIp: string;
}
