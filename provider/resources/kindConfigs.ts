/** Every object kind's provider configuration, by kind: its class name, checks and messages. */
import type { ObjectKind } from "../model/kinds";
import { containerEndpointConfig } from "./containerEndpoint";
import { containerRouteConfig } from "./containerRoute";
import { endpointAclConfig } from "./endpointAcl";
import { gatewayEndpointConfig } from "./gatewayEndpoint";
import { hnsLoadBalancerConfig } from "./hnsLoadBalancer";
import type { KindConfig } from "./kindConfig";
import { l2BridgeNetworkConfig } from "./l2BridgeNetwork";
import { portPublishConfig } from "./portPublish";
import { runtimeNetworkConfigConfig } from "./runtimeNetworkConfig";

/** The configuration of each kind. */
export const kindConfigs: { [K in ObjectKind]: KindConfig<K> } = {
    l2BridgeNetwork: l2BridgeNetworkConfig,
    gatewayEndpoint: gatewayEndpointConfig,
    containerEndpoint: containerEndpointConfig,
    containerRoute: containerRouteConfig,
    hnsLoadBalancer: hnsLoadBalancerConfig,
    endpointAcl: endpointAclConfig,
    portPublish: portPublishConfig,
    runtimeNetworkConfig: runtimeNetworkConfigConfig,
};
