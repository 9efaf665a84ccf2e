import * as pulumi from "@pulumi/pulumi";
import { endpointAclTrampoline } from "../provider/resources/trampolines";
import type {
    AclRule,
    EndpointAclOutputs,
    EndpointAclProperties,
} from "../provider/model/endpointAcl";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    AclRule,
    EndpointAclOutputs,
    EndpointAclProperties,
} from "../provider/model/endpointAcl";

/** Arguments of `EndpointAcl`; see `EndpointAclProperties` for every field and its default. */
export type EndpointAclArgs = HostBoundArgs<EndpointAclProperties>;

const outputKeys: OutputKeys<EndpointAclProperties, EndpointAclOutputs> = {
    connection: true,
    adopt: true,
    endpoint: true,
    endpointIp: true,
    endpointId: true,
    rules: true,
    defaultInbound: true,
    defaultOutbound: true,
    ruleCount: true,
    endpointProblem: true,
    hostKeyFingerprint: true,
};

/**
 * The ordered ACL rules of one container endpoint, with explicit defaults.
 * Type token `pulumi-nodejs:dynamic/l2bridge:EndpointAcl`.
 */
export class EndpointAcl extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `endpoint` after normalisation, defaults filled; see `EndpointAclProperties.endpoint`. */
    declare readonly endpoint: pulumi.Output<string | undefined>;
    /** `endpointIp` as given; see `EndpointAclProperties.endpointIp`. */
    declare readonly endpointIp: pulumi.Output<string | undefined>;
    /** `endpointId` in lower case; see `EndpointAclProperties.endpointId`. */
    declare readonly endpointId: pulumi.Output<string | undefined>;
    /** `rules` after normalisation, defaults filled; see `EndpointAclProperties.rules`. */
    declare readonly rules: pulumi.Output<AclRule[]>;
    /** `defaultInbound` after normalisation, defaults filled; see `EndpointAclProperties.defaultInbound`. */
    declare readonly defaultInbound: pulumi.Output<"allow" | "block">;
    /** `defaultOutbound` after normalisation, defaults filled; see `EndpointAclProperties.defaultOutbound`. */
    declare readonly defaultOutbound: pulumi.Output<"allow" | "block">;
    /** See `EndpointAclOutputs.ruleCount`. */
    declare readonly ruleCount: pulumi.Output<number>;
    /** See `EndpointAclOutputs.endpointProblem`. */
    declare readonly endpointProblem: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: EndpointAclArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            endpointAclTrampoline,
            name,
            resourceProps<EndpointAclProperties, EndpointAclOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "EndpointAcl",
        );
    }
}
