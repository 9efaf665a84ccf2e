import * as pulumi from "@pulumi/pulumi";
import { containerEndpointTrampoline } from "../provider/resources/trampolines";
import type {
    ContainerEndpointOutputs,
    ContainerEndpointProperties,
} from "../provider/model/containerEndpoint";
import type { DnsSettings } from "../provider/model/dnsSettings";
import type { OutboundNat } from "../provider/model/outboundNat";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    ContainerEndpointOutputs,
    ContainerEndpointProperties,
} from "../provider/model/containerEndpoint";

/** Arguments of `ContainerEndpoint`; see `ContainerEndpointProperties` for every field and its default. */
export type ContainerEndpointArgs = HostBoundArgs<ContainerEndpointProperties>;

const outputKeys: OutputKeys<ContainerEndpointProperties, ContainerEndpointOutputs> = {
    connection: true,
    adopt: true,
    network: true,
    subnet: true,
    container: true,
    name: true,
    ipAddress: true,
    interfaceName: true,
    macAddress: true,
    gateway: true,
    defaultRoute: true,
    dns: true,
    outboundNat: true,
    mtu: true,
    endpointId: true,
    hostKeyFingerprint: true,
};

/**
 * One network interface of a container with a static address on an l2bridge network.
 * Type token `pulumi-nodejs:dynamic/l2bridge:ContainerEndpoint`.
 */
export class ContainerEndpoint extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `network` after normalisation, defaults filled; see `ContainerEndpointProperties.network`. */
    declare readonly network: pulumi.Output<string>;
    /** `subnet` after normalisation, defaults filled; see `ContainerEndpointProperties.subnet`. */
    declare readonly subnet: pulumi.Output<string>;
    /** `container` after normalisation, defaults filled; see `ContainerEndpointProperties.container`. */
    declare readonly container: pulumi.Output<string>;
    /** `name` after normalisation, defaults filled; see `ContainerEndpointProperties.name`. */
    declare readonly name: pulumi.Output<string>;
    /** `ipAddress` after normalisation, defaults filled; see `ContainerEndpointProperties.ipAddress`. */
    declare readonly ipAddress: pulumi.Output<string>;
    /** `interfaceName` after normalisation, defaults filled; see `ContainerEndpointProperties.interfaceName`. */
    declare readonly interfaceName: pulumi.Output<string>;
    /** `macAddress` after normalisation, defaults filled; see `ContainerEndpointProperties.macAddress`. */
    declare readonly macAddress: pulumi.Output<string>;
    /** `gateway` after normalisation, defaults filled; see `ContainerEndpointProperties.gateway`. */
    declare readonly gateway: pulumi.Output<string>;
    /** `defaultRoute` after normalisation, defaults filled; see `ContainerEndpointProperties.defaultRoute`. */
    declare readonly defaultRoute: pulumi.Output<boolean>;
    /** `dns` after normalisation, defaults filled; see `ContainerEndpointProperties.dns`. */
    declare readonly dns: pulumi.Output<DnsSettings>;
    /** `outboundNat` after normalisation, defaults filled; see `ContainerEndpointProperties.outboundNat`. */
    declare readonly outboundNat: pulumi.Output<OutboundNat>;
    /** `mtu` after normalisation, defaults filled; see `ContainerEndpointProperties.mtu`. */
    declare readonly mtu: pulumi.Output<number>;
    /** See `ContainerEndpointOutputs.endpointId`. */
    declare readonly endpointId: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: ContainerEndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            containerEndpointTrampoline,
            name,
            resourceProps<ContainerEndpointProperties, ContainerEndpointOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "ContainerEndpoint",
        );
    }
}
