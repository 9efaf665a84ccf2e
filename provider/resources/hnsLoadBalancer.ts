/**
 * Provider of `HnsLoadBalancer`: a virtual IP over backend endpoints.
 */
import type { HnsLoadBalancerSpec } from "../model/kinds";
import { checkHnsLoadBalancer } from "../validate/hnsLoadBalancer";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const hnsLoadBalancerConfig: KindConfig<"hnsLoadBalancer"> = {
    kind: "hnsLoadBalancer",
    className: "HnsLoadBalancer",
    check: checkHnsLoadBalancer,
    inputKeys: [
        "connection",
        "adopt",
        "name",
        "network",
        "frontendVip",
        "protocol",
        "frontendPort",
        "backendPort",
        "backends",
        "backendEndpointIds",
        "sourceVip",
        "internal",
        "directServerReturn",
        "localRoutedVip",
        "vipRoutes",
    ],
    replaceKeys: ["name", "network", "frontendVip", "protocol", "frontendPort"],
    outputKeys: ["loadBalancerId", "endpointProblem"],
    exclusiveOnHost: true,
    describe: (spec: HnsLoadBalancerSpec) => `load balancer ${spec.name}`,
    dependency: (spec) => ({
        kind: "l2BridgeNetwork",
        spec: { name: spec.network },
        label: `L2BridgeNetwork ${spec.network}`,
    }),
    outputs: (observed) => ({
        loadBalancerId: observed.id,
        endpointProblem: detailText(observed.details, "endpointProblem"),
    }),
};

export const provider = kindProvider(hnsLoadBalancerConfig);
