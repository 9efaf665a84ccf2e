/**
 * The VIP routes of a Windows host's load balancers carried out: the changes decided in
 * `loadBalancerVipRoutes` sent as one `applyBatch` request (under the host lock),
 * the load balancer's observation of them, and the container endpoint's share at its create.
 *
 * Convergence without a second `up`: a load balancer adds its VIP route to the network's container
 * endpoints it observes after its create; a container endpoint is created with the VIP routes of
 * the load balancers it observes before its create, and compares them with the ones it observes
 * after. Each object's second observation is taken after it exists, so whichever of the two was
 * created last sees the other, and the route is in place however the two applies interleave.
 */
import type { HnsLoadBalancerSpec } from "../../model/kinds";
import type { Observation } from "../hostDriver";
import type { HcnPolicy } from "./hcnTypes";
import { detailedQuery, plainQuery } from "./hcnQueries";
import type { WindowsHostContext } from "./hostContext";
import type { BatchStep } from "./hostBatch";
import { runBatch } from "./hostBatch";
import type { EndpointView, LoadBalancerView, RawHcn } from "./hostViews";
import { findRecord } from "./hostViews";
import type { VipRouteChange, VipRouteView } from "./loadBalancerVipRoutes";
import {
    vipRouteSteps,
    loadBalancerRecordData,
    loadBalancerVipRouteChanges,
    newEndpointVipRouteChanges,
    vipRoutePoliciesForNewEndpoint,
    vipRoutesInPlace,
    vipsOfRoutePolicies,
} from "./loadBalancerVipRoutes";

function viewParams(network: string): Record<string, unknown> {
    return { network, networkQuery: detailedQuery, plainQuery };
}

/**
 * Send `changes` (decided from `endpoints` as observed) in one batch, after `first` (a record);
 * returns the load balancer view after them.
 */
async function sendChanges(
    context: WindowsHostContext,
    network: string,
    changes: VipRouteChange[],
    endpoints: RawHcn[],
    first: BatchStep[] = [],
): Promise<LoadBalancerView> {
    return runBatch<LoadBalancerView>(context, {
        view: "loadBalancer",
        viewParams: viewParams(network),
        preconditions: [],
        steps: [...first, ...vipRouteSteps(changes, endpoints)],
    });
}

/**
 * After a load balancer's create or delete (`view` observed after it): add the VIP routes the
 * network's container endpoints lack and remove the `released` VIPs' routes nothing needs any
 * more. Returns the view after the changes (`view` itself when there were none). A batch that
 * fails (another apply changed the same endpoints since `view`) is decided again from a fresh
 * observation, at most `settleAttempts` times in all.
 */
export async function settleVipRoutes(
    context: WindowsHostContext,
    network: string,
    view: LoadBalancerView,
    released: string[],
): Promise<LoadBalancerView> {
    let current = view;
    for (let attempt = 1; ; attempt++) {
        const changes = loadBalancerVipRouteChanges(current, network, released);
        if (changes.length === 0) {
            return current;
        }
        try {
            return await sendChanges(context, network, changes, current.endpoints);
        } catch (error) {
            // Another apply changed the same endpoints since `current` was read: read again.
            if (attempt >= settleAttempts) {
                throw error;
            }
            current = await context.invoke<LoadBalancerView>(
                "observeLoadBalancer",
                viewParams(network),
            );
        }
    }
}

/** How often the VIP routes are decided afresh when their batch fails. */
const settleAttempts = 3;

function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value !== null && typeof value === "object") {
        return `{${Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * True when an owned load balancer differs from `desired` in `vipRoutes` only (a route removed out
 * of band, or the option turned): the routes change without recreating the load balancer.
 */
export function onlyVipRoutesDiffer(
    desired: HnsLoadBalancerSpec,
    observed: Observation<"hnsLoadBalancer">,
): boolean {
    if (!observed.owned) return false;
    const wanted = desired.vipRoutes !== false;
    const seen = observed.state.vipRoutes ?? true;
    if (wanted === seen) return false;
    return Object.entries(desired).every(
        ([key, value]) =>
            key === "vipRoutes" ||
            canonical(value) === canonical((observed.state as Record<string, unknown>)[key]),
    );
}

/**
 * Bring the VIP routes of an existing load balancer to `spec.vipRoutes`, recording the setting in
 * the same request so the other load balancers of the host count it. Returns the view after.
 */
export async function convergeVipRoutes(
    context: WindowsHostContext,
    spec: HnsLoadBalancerSpec,
    loadBalancerId: string,
): Promise<LoadBalancerView> {
    const view = await context.invoke<LoadBalancerView>("observeLoadBalancer", {
        ...viewParams(spec.network),
        name: spec.name,
    });
    const record = findRecord(view.records, "hnsLoadBalancer", spec.name);
    const data = loadBalancerRecordData(spec);
    const asItWillBe: VipRouteView = {
        ...view,
        records: [
            ...view.records.filter((r) => r !== record),
            {
                kind: "hnsLoadBalancer",
                name: spec.name,
                id: loadBalancerId,
                network: spec.network,
                data,
            },
        ],
    };
    const changes = loadBalancerVipRouteChanges(asItWillBe, spec.network, [spec.frontendVip]);
    return sendChanges(context, spec.network, changes, view.endpoints, [
        {
            op: "setRecord",
            kind: "hnsLoadBalancer",
            name: spec.name,
            id: loadBalancerId,
            network: spec.network,
            data,
        },
    ]);
}

/**
 * `state` with `vipRoutes` as the host has it: the desired value when the routes are as it wants,
 * else the opposite; left out when unset in `desired` and in place (the default).
 */
export function withObservedVipRoutes(
    state: HnsLoadBalancerSpec,
    view: LoadBalancerView,
    desired: HnsLoadBalancerSpec,
): HnsLoadBalancerSpec {
    const wanted = desired.vipRoutes !== false;
    const seen = vipRoutesInPlace(view, desired) ? wanted : !wanted;
    const result: HnsLoadBalancerSpec = { ...state };
    delete result.vipRoutes;
    if (desired.vipRoutes !== undefined || !seen) {
        result.vipRoutes = seen;
    }
    return result;
}

/** What `observeEndpoint` says about load balancers, as the VIP route decisions read it. */
function endpointVipRouteView(view: EndpointView): VipRouteView {
    return {
        records: view.records,
        loadBalancers: view.loadBalancers ?? [],
        endpoints: view.endpoints,
        managementIp: view.managementIp,
    };
}

/** The VIP route policies a new container endpoint of `network` is created with. */
export function vipRoutesForNewEndpoint(before: EndpointView, network: string): HcnPolicy[] {
    return vipRoutePoliciesForNewEndpoint(endpointVipRouteView(before), network);
}

/**
 * After a container endpoint's create (`after` observed once it exists): add the VIP routes of load
 * balancers made meanwhile and drop those of load balancers deleted meanwhile.
 */
export async function finishNewEndpointVipRoutes(
    context: WindowsHostContext,
    network: string,
    after: EndpointView,
    endpoint: RawHcn | undefined,
    createdWith: HcnPolicy[],
): Promise<void> {
    if (!endpoint) return;
    const changes = newEndpointVipRouteChanges(
        endpointVipRouteView(after),
        network,
        endpoint,
        vipsOfRoutePolicies(createdWith),
    );
    if (changes.length > 0) {
        await sendChanges(context, network, changes, after.endpoints);
    }
}
