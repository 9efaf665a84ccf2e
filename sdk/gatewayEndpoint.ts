import * as pulumi from "@pulumi/pulumi";
import { gatewayEndpointTrampoline } from "../provider/resources/trampolines";
import type {
    GatewayEndpointOutputs,
    GatewayEndpointProperties,
} from "../provider/model/gatewayEndpoint";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    GatewayEndpointOutputs,
    GatewayEndpointProperties,
} from "../provider/model/gatewayEndpoint";

/** Arguments of `GatewayEndpoint`; see `GatewayEndpointProperties` for every field and its default. */
export type GatewayEndpointArgs = HostBoundArgs<GatewayEndpointProperties>;

const outputKeys: OutputKeys<GatewayEndpointProperties, GatewayEndpointOutputs> = {
    connection: true,
    adopt: true,
    network: true,
    subnet: true,
    name: true,
    ipAddress: true,
    forwarding: true,
    gatewayNeighborMac: true,
    endpointId: true,
    interfaceAlias: true,
    macAddress: true,
    hostKeyFingerprint: true,
};

/**
 * The host's own address on a container network (the `.2`), through which containers leave the subnet.
 * Type token `pulumi-nodejs:dynamic/l2bridge:GatewayEndpoint`.
 */
export class GatewayEndpoint extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `network` after normalisation, defaults filled; see `GatewayEndpointProperties.network`. */
    declare readonly network: pulumi.Output<string>;
    /** `subnet` after normalisation, defaults filled; see `GatewayEndpointProperties.subnet`. */
    declare readonly subnet: pulumi.Output<string>;
    /** `name` after normalisation, defaults filled; see `GatewayEndpointProperties.name`. */
    declare readonly name: pulumi.Output<string>;
    /** `ipAddress` after normalisation, defaults filled; see `GatewayEndpointProperties.ipAddress`. */
    declare readonly ipAddress: pulumi.Output<string>;
    /** `forwarding` after normalisation, defaults filled; see `GatewayEndpointProperties.forwarding`. */
    declare readonly forwarding: pulumi.Output<boolean>;
    /** `gatewayNeighborMac` after normalisation, defaults filled; see `GatewayEndpointProperties.gatewayNeighborMac`. */
    declare readonly gatewayNeighborMac: pulumi.Output<string>;
    /** See `GatewayEndpointOutputs.endpointId`. */
    declare readonly endpointId: pulumi.Output<string>;
    /** See `GatewayEndpointOutputs.interfaceAlias`. */
    declare readonly interfaceAlias: pulumi.Output<string>;
    /** See `GatewayEndpointOutputs.macAddress`. */
    declare readonly macAddress: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: GatewayEndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            gatewayEndpointTrampoline,
            name,
            resourceProps<GatewayEndpointProperties, GatewayEndpointOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "GatewayEndpoint",
        );
    }
}
