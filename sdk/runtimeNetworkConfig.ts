import * as pulumi from "@pulumi/pulumi";
import { runtimeNetworkConfigTrampoline } from "../provider/resources/trampolines";
import type { DnsSettings } from "../provider/model/dnsSettings";
import type { OutboundNat } from "../provider/model/outboundNat";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";
import type {
    CniVersion,
    ContainerRuntime,
    RuntimeNetworkConfigOutputs,
    RuntimeNetworkConfigProperties,
} from "../provider/model/runtimeNetworkConfig";

export type {
    CniVersion,
    ContainerRuntime,
    RuntimeNetworkConfigOutputs,
    RuntimeNetworkConfigProperties,
} from "../provider/model/runtimeNetworkConfig";

/**
 * Arguments of `RuntimeNetworkConfig`; see `RuntimeNetworkConfigProperties` for every field and its
 * default.
 */
export type RuntimeNetworkConfigArgs = HostBoundArgs<RuntimeNetworkConfigProperties>;

const outputKeys: OutputKeys<RuntimeNetworkConfigProperties, RuntimeNetworkConfigOutputs> = {
    connection: true,
    adopt: true,
    network: true,
    subnet: true,
    runtime: true,
    configDirectory: true,
    priority: true,
    gateway: true,
    rangeStart: true,
    rangeEnd: true,
    routes: true,
    encapRoutes: true,
    dns: true,
    outboundNat: true,
    cniVersion: true,
    ipamDataDirectory: true,
    configPath: true,
    hostKeyFingerprint: true,
};

/**
 * What a container runtime needs to attach its containers to one `L2BridgeNetwork` on one host: a
 * CNI configuration file for the Linux `bridge` plugin or Microsoft's Windows `sdnbridge` plugin,
 * written over the host's connection and removed with the resource. A file this package did not
 * write is never overwritten or removed.
 * Type token `pulumi-nodejs:dynamic/l2bridge:RuntimeNetworkConfig`.
 */
export class RuntimeNetworkConfig extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing file without this package's marker was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** See `RuntimeNetworkConfigProperties.network`. */
    declare readonly network: pulumi.Output<string>;
    /** See `RuntimeNetworkConfigProperties.subnet`. */
    declare readonly subnet: pulumi.Output<string>;
    /** `runtime` with its default filled; see `RuntimeNetworkConfigProperties.runtime`. */
    declare readonly runtime: pulumi.Output<ContainerRuntime>;
    /** `configDirectory` with its default filled; see `RuntimeNetworkConfigProperties.configDirectory`. */
    declare readonly configDirectory: pulumi.Output<string>;
    /** `priority` with its default filled; see `RuntimeNetworkConfigProperties.priority`. */
    declare readonly priority: pulumi.Output<number>;
    /** `gateway` with its default filled; see `RuntimeNetworkConfigProperties.gateway`. */
    declare readonly gateway: pulumi.Output<string>;
    /** `rangeStart` with its default filled (Linux); see `RuntimeNetworkConfigProperties.rangeStart`. */
    declare readonly rangeStart: pulumi.Output<string>;
    /** `rangeEnd` with its default filled (Linux); see `RuntimeNetworkConfigProperties.rangeEnd`. */
    declare readonly rangeEnd: pulumi.Output<string>;
    /** `routes` with its default filled (Linux); see `RuntimeNetworkConfigProperties.routes`. */
    declare readonly routes: pulumi.Output<string[]>;
    /** `encapRoutes` with its default filled (Windows); see `RuntimeNetworkConfigProperties.encapRoutes`. */
    declare readonly encapRoutes: pulumi.Output<string[]>;
    /** `dns` with its defaults filled; see `RuntimeNetworkConfigProperties.dns`. */
    declare readonly dns: pulumi.Output<DnsSettings>;
    /** `outboundNat` with its defaults filled (Windows); see `RuntimeNetworkConfigProperties.outboundNat`. */
    declare readonly outboundNat: pulumi.Output<OutboundNat>;
    /** `cniVersion` with its default filled; see `RuntimeNetworkConfigProperties.cniVersion`. */
    declare readonly cniVersion: pulumi.Output<CniVersion>;
    /** See `RuntimeNetworkConfigProperties.ipamDataDirectory`. */
    declare readonly ipamDataDirectory: pulumi.Output<string>;
    /** See `RuntimeNetworkConfigOutputs.configPath`. */
    declare readonly configPath: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: RuntimeNetworkConfigArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            runtimeNetworkConfigTrampoline,
            name,
            resourceProps<RuntimeNetworkConfigProperties, RuntimeNetworkConfigOutputs>(
                args,
                outputKeys,
            ),
            opts,
            "l2bridge",
            "RuntimeNetworkConfig",
        );
    }
}
