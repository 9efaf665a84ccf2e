/**
 * The providers of every resource class, for tests that call them directly.
 */
import type * as pulumi from "@pulumi/pulumi";
import { provider as containerEndpoint } from "../../provider/resources/containerEndpoint";
import { provider as containerRoute } from "../../provider/resources/containerRoute";
import { provider as endpointAcl } from "../../provider/resources/endpointAcl";
import { provider as gatewayEndpoint } from "../../provider/resources/gatewayEndpoint";
import { provider as hnsLoadBalancer } from "../../provider/resources/hnsLoadBalancer";
import { provider as l2BridgeNetwork } from "../../provider/resources/l2BridgeNetwork";
import { provider as portPublish } from "../../provider/resources/portPublish";
import { provider as runtimeNetworkConfig } from "../../provider/resources/runtimeNetworkConfig";
import type { ResourceClassName } from "./samples";
import { samples } from "./samples";

type FullProvider = ReturnType<typeof import("../../provider/resources/kindProvider").kindProvider>;

export const providers: Record<ResourceClassName, FullProvider> = {
    L2BridgeNetwork: l2BridgeNetwork,
    GatewayEndpoint: gatewayEndpoint,
    ContainerEndpoint: containerEndpoint,
    ContainerRoute: containerRoute,
    HnsLoadBalancer: hnsLoadBalancer,
    EndpointAcl: endpointAcl,
    PortPublish: portPublish,
    RuntimeNetworkConfig: runtimeNetworkConfig,
};

/** The checked (normalised) inputs of a sample with `patch` merged in; fails on check failures. */
export async function checkedInputs(
    kind: ResourceClassName,
    patch: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
    const result: pulumi.dynamic.CheckResult = await providers[kind].check(
        {},
        { ...samples[kind], ...patch },
    );
    if (result.failures && result.failures.length > 0) {
        throw new Error(`sample ${kind} fails check: ${JSON.stringify(result.failures)}`);
    }
    return result.inputs as Record<string, unknown>;
}
