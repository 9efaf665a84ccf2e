import * as pulumi from "@pulumi/pulumi";
import { l2BridgeNetworkTrampoline } from "../provider/resources/trampolines";
import type {
    L2BridgeNetworkOutputs,
    L2BridgeNetworkProperties,
    NetworkMode,
} from "../provider/model/l2BridgeNetwork";
import type { DnsSettings } from "../provider/model/dnsSettings";
import type { OutboundNat } from "../provider/model/outboundNat";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostBoundArgs, OutputKeys } from "./resourceProps";
import { resourceProps } from "./resourceProps";

export type {
    L2BridgeNetworkOutputs,
    L2BridgeNetworkProperties,
    NetworkMode,
} from "../provider/model/l2BridgeNetwork";

/** Arguments of `L2BridgeNetwork`; see `L2BridgeNetworkProperties` for every field and its default. */
export type L2BridgeNetworkArgs = HostBoundArgs<L2BridgeNetworkProperties>;

const outputKeys: OutputKeys<L2BridgeNetworkProperties, L2BridgeNetworkOutputs> = {
    connection: true,
    adopt: true,
    name: true,
    mode: true,
    subnet: true,
    gateway: true,
    adapter: true,
    vlan: true,
    dns: true,
    outboundNat: true,
    serveNames: true,
    networkId: true,
    hostInterface: true,
    managementIp: true,
    hostKeyFingerprint: true,
};

/**
 * An l2bridge container network on one host: an HNS L2Bridge network on Windows, a Linux bridge on Linux.
 * Type token `pulumi-nodejs:dynamic/l2bridge:L2BridgeNetwork`.
 */
export class L2BridgeNetwork extends pulumi.dynamic.Resource {
    /** How the host is reached (credentials are secret). */
    declare readonly connection: pulumi.Output<HostConnection>;
    /** Whether an existing unmarked object was taken over. */
    declare readonly adopt: pulumi.Output<boolean>;
    /** `name` after normalisation, defaults filled; see `L2BridgeNetworkProperties.name`. */
    declare readonly name: pulumi.Output<string>;
    /** `mode` after normalisation, defaults filled; see `L2BridgeNetworkProperties.mode`. */
    declare readonly mode: pulumi.Output<NetworkMode>;
    /** `subnet` after normalisation, defaults filled; see `L2BridgeNetworkProperties.subnet`. */
    declare readonly subnet: pulumi.Output<string>;
    /** `gateway` after normalisation, defaults filled; see `L2BridgeNetworkProperties.gateway`. */
    declare readonly gateway: pulumi.Output<string>;
    /** `adapter` after normalisation, defaults filled; see `L2BridgeNetworkProperties.adapter`. */
    declare readonly adapter: pulumi.Output<string>;
    /** `vlan` after normalisation, defaults filled; see `L2BridgeNetworkProperties.vlan`. */
    declare readonly vlan: pulumi.Output<number>;
    /** `dns` after normalisation, defaults filled; see `L2BridgeNetworkProperties.dns`. */
    declare readonly dns: pulumi.Output<DnsSettings>;
    /** `outboundNat` after normalisation, defaults filled; see `L2BridgeNetworkProperties.outboundNat`. */
    declare readonly outboundNat: pulumi.Output<OutboundNat>;
    /** `serveNames` after normalisation, defaults filled; see `L2BridgeNetworkProperties.serveNames`. */
    declare readonly serveNames: pulumi.Output<boolean>;
    /** See `L2BridgeNetworkOutputs.networkId`. */
    declare readonly networkId: pulumi.Output<string>;
    /** See `L2BridgeNetworkOutputs.hostInterface`. */
    declare readonly hostInterface: pulumi.Output<string>;
    /** See `L2BridgeNetworkOutputs.managementIp`. */
    declare readonly managementIp: pulumi.Output<string>;
    /** SHA-256 fingerprint of the SSH host key (`SHA256:…`); "" over WinRM. */
    declare readonly hostKeyFingerprint: pulumi.Output<string>;

    constructor(name: string, args: L2BridgeNetworkArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            l2BridgeNetworkTrampoline,
            name,
            resourceProps<L2BridgeNetworkProperties, L2BridgeNetworkOutputs>(args, outputKeys),
            opts,
            "l2bridge",
            "L2BridgeNetwork",
        );
    }
}
