import * as pulumi from "@pulumi/pulumi";
import { portPublishTrampoline } from "../provider/resources/trampolines";
import type { PortPublishOutputs, PortPublishProperties } from "../provider/model/portPublish";
import type { Protocol } from "../provider/model/protocols";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type { PortPublishOutputs, PortPublishProperties } from "../provider/model/portPublish";

/** Arguments of `PortPublish`; see `PortPublishProperties` for every field and its default. */
export type PortPublishArgs = HostBoundArgs<PortPublishProperties>;

const outputKeys: OutputKeys<PortPublishProperties, PortPublishOutputs> = {
    connection: true,
    adopt: true,
    endpoint: true,
    endpointIp: true,
    endpointId: true,
    protocol: true,
    hostPort: true,
    containerPort: true,
    hostIp: true,
    localAccess: true,
    mappingId: true,
    containerIp: true,
    endpointProblem: true,
    hostKeyFingerprint: true,
};

/**
 * A host port forwarded to a container port.
 * Type token `pulumi-nodejs:dynamic/l2bridge:PortPublish`.
 */
export class PortPublish extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `endpoint` after normalisation, defaults filled; see `PortPublishProperties.endpoint`. */
    declare readonly endpoint: pulumi.Output<string | undefined>;
    /** `endpointIp` as given; see `PortPublishProperties.endpointIp`. */
    declare readonly endpointIp: pulumi.Output<string | undefined>;
    /** `endpointId` in lower case; see `PortPublishProperties.endpointId`. */
    declare readonly endpointId: pulumi.Output<string | undefined>;
    /** `protocol` after normalisation, defaults filled; see `PortPublishProperties.protocol`. */
    declare readonly protocol: pulumi.Output<Protocol>;
    /** `hostPort` after normalisation, defaults filled; see `PortPublishProperties.hostPort`. */
    declare readonly hostPort: pulumi.Output<number>;
    /** `containerPort` after normalisation, defaults filled; see `PortPublishProperties.containerPort`. */
    declare readonly containerPort: pulumi.Output<number>;
    /** `hostIp` after normalisation, defaults filled; see `PortPublishProperties.hostIp`. */
    declare readonly hostIp: pulumi.Output<string>;
    /** `localAccess` after normalisation, defaults filled; see `PortPublishProperties.localAccess`. */
    declare readonly localAccess: pulumi.Output<boolean>;
    /** See `PortPublishOutputs.mappingId`. */
    declare readonly mappingId: pulumi.Output<string>;
    /** See `PortPublishOutputs.containerIp`. */
    declare readonly containerIp: pulumi.Output<string>;
    /** See `PortPublishOutputs.endpointProblem`. */
    declare readonly endpointProblem: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: PortPublishArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            portPublishTrampoline,
            name,
            resourceProps<PortPublishProperties, PortPublishOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "PortPublish",
        );
    }
}
