import * as pulumi from "@pulumi/pulumi";
import { containerRouteTrampoline } from "../provider/resources/trampolines";
import type {
    ContainerRouteOutputs,
    ContainerRouteProperties,
    RouteEntry,
} from "../provider/model/containerRoute";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    ContainerRouteOutputs,
    ContainerRouteProperties,
    RouteEntry,
} from "../provider/model/containerRoute";

/** Arguments of `ContainerRoute`; see `ContainerRouteProperties` for every field and its default. */
export type ContainerRouteArgs = HostBoundArgs<ContainerRouteProperties>;

const outputKeys: OutputKeys<ContainerRouteProperties, ContainerRouteOutputs> = {
    connection: true,
    adopt: true,
    name: true,
    routes: true,
    interface: true,
    persistent: true,
    resolvedInterface: true,
    hostKeyFingerprint: true,
};

/**
 * The set of routes on one host towards the container subnets of the other hosts.
 * Type token `pulumi-nodejs:dynamic/l2bridge:ContainerRoute`.
 */
export class ContainerRoute extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `name` after normalisation, defaults filled; see `ContainerRouteProperties.name`. */
    declare readonly name: pulumi.Output<string>;
    /** `routes` after normalisation, defaults filled; see `ContainerRouteProperties.routes`. */
    declare readonly routes: pulumi.Output<RouteEntry[]>;
    /** `interface` after normalisation, defaults filled; see `ContainerRouteProperties.interface`. */
    declare readonly interface: pulumi.Output<string>;
    /** `persistent` after normalisation, defaults filled; see `ContainerRouteProperties.persistent`. */
    declare readonly persistent: pulumi.Output<boolean>;
    /** See `ContainerRouteOutputs.resolvedInterface`. */
    declare readonly resolvedInterface: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: ContainerRouteArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            containerRouteTrampoline,
            name,
            resourceProps<ContainerRouteProperties, ContainerRouteOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "ContainerRoute",
        );
    }
}
