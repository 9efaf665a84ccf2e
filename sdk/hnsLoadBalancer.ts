import * as pulumi from "@pulumi/pulumi";
import { hnsLoadBalancerTrampoline } from "../provider/resources/trampolines";
import type {
    HnsLoadBalancerOutputs,
    HnsLoadBalancerProperties,
} from "../provider/model/hnsLoadBalancer";
import type { Protocol } from "../provider/model/protocols";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    HnsLoadBalancerOutputs,
    HnsLoadBalancerProperties,
} from "../provider/model/hnsLoadBalancer";

/** Arguments of `HnsLoadBalancer`; see `HnsLoadBalancerProperties` for every field and its default. */
export type HnsLoadBalancerArgs = HostBoundArgs<HnsLoadBalancerProperties>;

const outputKeys: OutputKeys<HnsLoadBalancerProperties, HnsLoadBalancerOutputs> = {
    connection: true,
    adopt: true,
    name: true,
    network: true,
    frontendVip: true,
    protocol: true,
    frontendPort: true,
    backendPort: true,
    backends: true,
    backendEndpointIds: true,
    sourceVip: true,
    internal: true,
    directServerReturn: true,
    localRoutedVip: true,
    vipRoutes: true,
    loadBalancerId: true,
    endpointProblem: true,
    hostKeyFingerprint: true,
};

/**
 * A virtual IP spreading connections over backend endpoints (HNS load balancer; nft DNAT on Linux).
 * Type token `pulumi-nodejs:dynamic/l2bridge:HnsLoadBalancer`.
 */
export class HnsLoadBalancer extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `name` after normalisation, defaults filled; see `HnsLoadBalancerProperties.name`. */
    declare readonly name: pulumi.Output<string>;
    /** `network` after normalisation, defaults filled; see `HnsLoadBalancerProperties.network`. */
    declare readonly network: pulumi.Output<string>;
    /** `frontendVip` after normalisation, defaults filled; see `HnsLoadBalancerProperties.frontendVip`. */
    declare readonly frontendVip: pulumi.Output<string>;
    /** `protocol` after normalisation, defaults filled; see `HnsLoadBalancerProperties.protocol`. */
    declare readonly protocol: pulumi.Output<Protocol>;
    /** `frontendPort` after normalisation, defaults filled; see `HnsLoadBalancerProperties.frontendPort`. */
    declare readonly frontendPort: pulumi.Output<number>;
    /** `backendPort` after normalisation, defaults filled; see `HnsLoadBalancerProperties.backendPort`. */
    declare readonly backendPort: pulumi.Output<number>;
    /** `backends` after normalisation, defaults filled; see `HnsLoadBalancerProperties.backends`. */
    declare readonly backends: pulumi.Output<string[]>;
    /** `backendEndpointIds` in lower case; see `HnsLoadBalancerProperties.backendEndpointIds`. */
    declare readonly backendEndpointIds: pulumi.Output<string[] | undefined>;
    /** `sourceVip` after normalisation, defaults filled; see `HnsLoadBalancerProperties.sourceVip`. */
    declare readonly sourceVip: pulumi.Output<string>;
    /** `internal` after normalisation, defaults filled; see `HnsLoadBalancerProperties.internal`. */
    declare readonly internal: pulumi.Output<boolean>;
    /** `directServerReturn` after normalisation, defaults filled; see `HnsLoadBalancerProperties.directServerReturn`. */
    declare readonly directServerReturn: pulumi.Output<boolean>;
    /** `localRoutedVip` after normalisation, defaults filled; see `HnsLoadBalancerProperties.localRoutedVip`. */
    declare readonly localRoutedVip: pulumi.Output<boolean>;
    /** `vipRoutes` after normalisation, defaults filled; see `HnsLoadBalancerProperties.vipRoutes`. */
    declare readonly vipRoutes: pulumi.Output<boolean>;
    /** See `HnsLoadBalancerOutputs.loadBalancerId`. */
    declare readonly loadBalancerId: pulumi.Output<string>;
    /** See `HnsLoadBalancerOutputs.endpointProblem`. */
    declare readonly endpointProblem: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: HnsLoadBalancerArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hnsLoadBalancerTrampoline,
            name,
            resourceProps<HnsLoadBalancerProperties, HnsLoadBalancerOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "HnsLoadBalancer",
        );
    }
}
