/** Load balancers on a Windows host: found by record or content, changed by delete + create. */
import { LoadBalancerSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { detailedQuery, plainQuery } from "./hcnQueries";
import { parseCidr } from "../../validate/cidr";
import { networkSubnetOf } from "./networkObservation";
import { WindowsHostContext } from "./hostContext";
import { LoadBalancerView, sameId } from "./hostViews";
import { featureProblem } from "./hnsFeatures";
import {
    buildLoadBalancerDocument,
    buildRemoteBackendDocument,
    remoteBackendName,
} from "./loadBalancerDocument";
import { observeLoadBalancerIn } from "./loadBalancerObservation";
import { recordsOf, text } from "./rawHcn";

function params(spec: LoadBalancerSpec): Record<string, unknown> {
    return {
        name: spec.name,
        network: spec.network,
        networkQuery: detailedQuery,
        plainQuery,
        recordData: "",
    };
}

/** Each backend with the remote endpoint the host creates for it when it is not local. */
function remoteBackends(spec: LoadBalancerSpec, view: LoadBalancerView, host: string) {
    const subnet = view.network ? networkSubnetOf(view.network) : undefined;
    const prefixLength = subnet ? parseCidr(subnet)?.prefixLength : undefined;
    if (prefixLength === undefined) {
        throw new Error(
            `HnsLoadBalancer "${spec.name}": network: HNS network "${spec.network}" was not found on ` +
                `${host}. Fix: create the L2BridgeNetwork first or correct network.`,
        );
    }
    return spec.backends.map((address) => ({
        address,
        name: remoteBackendName(address),
        document: JSON.stringify(buildRemoteBackendDocument(address, prefixLength)),
    }));
}

/** The load balancer's observation. */
export async function observeLoadBalancer(
    context: WindowsHostContext,
    spec: LoadBalancerSpec,
): Promise<Observation<"loadBalancer"> | null> {
    return observeLoadBalancerIn(
        await context.invoke<LoadBalancerView>("observeLoadBalancer", params(spec)),
        spec,
    );
}

/** The address of the network's gateway endpoint recorded on the host (default source VIP). */
export function gatewayAddressOf(view: LoadBalancerView, network: string): string | undefined {
    const record = view.records.find((r) => r.kind === "gatewayEndpoint" && r.network === network);
    const endpoint = record && view.endpoints.find((e) => sameId(text(e, "ID"), record.id));
    return endpoint ? text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress") : undefined;
}

/**
 * Create the load balancer, replacing `replaceId` when set. HNS before 15.4 cannot modify a load
 * balancer, so updates are a delete and create under the host lock on every version.
 */
export async function createLoadBalancer(
    context: WindowsHostContext,
    spec: LoadBalancerSpec,
    replaceId: string,
): Promise<Observation<"loadBalancer"> | null> {
    const before = await context.invoke<LoadBalancerView>("observeLoadBalancer", params(spec));
    if (spec.directServerReturn) {
        const problem = featureProblem(
            "directServerReturn",
            before.version,
            context.host,
            "directServerReturn",
        );
        if (problem) {
            throw new Error(`HnsLoadBalancer "${spec.name}": ${problem}`);
        }
    }
    const document = buildLoadBalancerDocument(spec, gatewayAddressOf(before, spec.network));
    const view = await context.invoke<LoadBalancerView>("createLoadBalancer", {
        ...params(spec),
        document: JSON.stringify(document),
        remoteBackends: remoteBackends(spec, before, context.host),
        replaceId,
    });
    return observeLoadBalancerIn(view, spec);
}

/** Delete the load balancer. */
export async function deleteLoadBalancer(
    context: WindowsHostContext,
    spec: LoadBalancerSpec,
    observed: Observation<"loadBalancer"> | null,
): Promise<null> {
    if (observed) {
        await context.invoke<LoadBalancerView>("deleteLoadBalancer", {
            ...params(spec),
            id: observed.id,
        });
    }
    return null;
}
