/**
 * The object kinds a host driver manages and the normalised specification of each. A spec is the
 * resource's inputs after `check`: validated, canonical, defaults filled, without the connection.
 * Drivers observe objects as specs of the same shape, so desired and observed state compare directly.
 */
import type { ContainerEndpointProperties } from "./containerEndpoint";
import type { ContainerRouteProperties } from "./containerRoute";
import type { EndpointAclProperties } from "./endpointAcl";
import type { GatewayEndpointProperties } from "./gatewayEndpoint";
import type { HnsLoadBalancerProperties } from "./hnsLoadBalancer";
import type { L2BridgeNetworkProperties } from "./l2BridgeNetwork";
import type { PortPublishProperties } from "./portPublish";
import type { RuntimeNetworkConfigProperties } from "./runtimeNetworkConfig";

type SpecOfProperties<P> = Omit<P, "connection" | "adopt">;

export type L2BridgeNetworkSpec = SpecOfProperties<L2BridgeNetworkProperties>;
export type GatewayEndpointSpec = SpecOfProperties<GatewayEndpointProperties>;
export type ContainerEndpointSpec = SpecOfProperties<ContainerEndpointProperties>;
export type ContainerRouteSpec = SpecOfProperties<ContainerRouteProperties>;
export type HnsLoadBalancerSpec = SpecOfProperties<HnsLoadBalancerProperties>;
export type EndpointAclSpec = SpecOfProperties<EndpointAclProperties>;
export type PortPublishSpec = SpecOfProperties<PortPublishProperties>;
export type RuntimeNetworkConfigSpec = SpecOfProperties<RuntimeNetworkConfigProperties>;

/** Spec type of each object kind. */
export interface KindSpecs {
    l2BridgeNetwork: L2BridgeNetworkSpec;
    gatewayEndpoint: GatewayEndpointSpec;
    containerEndpoint: ContainerEndpointSpec;
    containerRoute: ContainerRouteSpec;
    hnsLoadBalancer: HnsLoadBalancerSpec;
    endpointAcl: EndpointAclSpec;
    portPublish: PortPublishSpec;
    runtimeNetworkConfig: RuntimeNetworkConfigSpec;
}

/** The object kinds, one per dynamic resource. */
export type ObjectKind = keyof KindSpecs;

export const objectKinds: readonly ObjectKind[] = [
    "l2BridgeNetwork",
    "gatewayEndpoint",
    "containerEndpoint",
    "containerRoute",
    "hnsLoadBalancer",
    "endpointAcl",
    "portPublish",
    "runtimeNetworkConfig",
];
