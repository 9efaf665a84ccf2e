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
    network: l2BridgeNetworkConfig,
    gatewayEndpoint: gatewayEndpointConfig,
    containerEndpoint: containerEndpointConfig,
    routeSet: containerRouteConfig,
    loadBalancer: hnsLoadBalancerConfig,
    endpointAcl: endpointAclConfig,
    portPublish: portPublishConfig,
    runtimeNetworkConfig: runtimeNetworkConfigConfig,
};
