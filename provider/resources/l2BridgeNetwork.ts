/**
 * Provider of `L2BridgeNetwork`: an HNS L2Bridge/L2Tunnel network or a Linux bridge.
 */
import type { L2BridgeNetworkSpec } from "../model/kinds";
import { checkL2BridgeNetwork } from "../validate/l2BridgeNetwork";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const l2BridgeNetworkConfig: KindConfig<"l2BridgeNetwork"> = {
    kind: "l2BridgeNetwork",
    className: "L2BridgeNetwork",
    check: checkL2BridgeNetwork,
    inputKeys: [
        "connection",
        "adopt",
        "name",
        "mode",
        "subnet",
        "gateway",
        "adapter",
        "vlan",
        "dns",
        "outboundNat",
        "serveNames",
    ],
    replaceKeys: ["name", "mode", "subnet", "gateway", "adapter", "vlan"],
    outputKeys: ["networkId", "hostInterface", "managementIp"],
    exclusiveOnHost: true,
    describe: (spec: L2BridgeNetworkSpec) => `network ${spec.name}`,
    outputs: (observed) => ({
        networkId: observed.id,
        hostInterface: detailText(observed.details, "hostInterface"),
        managementIp: detailText(observed.details, "managementIp"),
    }),
};

export const provider = kindProvider(l2BridgeNetworkConfig);
