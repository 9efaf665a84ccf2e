/**
 * The per-endpoint route that lets containers reach a load balancer's VIP on a Windows host. The
 * l2bridge article adds, for every endpoint that needs to reach the load balancer, a route policy
 * `<VIP>/32` with `NeedEncap` (in HCN v2 an endpoint policy of type `SDNRoute`, settings
 * `DestinationPrefix`, `NeedEncap`, as hcsshim's `SDNRoutePolicySetting` spells them); without it
 * the VFP bridges a packet to the VIP onto the wire instead of handing it to the host's load
 * balancer.
 *
 * Which endpoints get which VIP routes is decided here, from what the host observation carries (the
 * ownership records, the load balancers and the endpoints): every container endpoint this package
 * made in a network gets the route of every VIP that a load balancer this package made in that
 * network serves with `vipRoutes` on. A route is added by whoever finds it missing (the load
 * balancer on create, update and restore; a container endpoint on create) and removed only when the
 * last load balancer needing it releases its VIP (delete, `vipRoutes: false`, a new VIP), never
 * when the VIP is the management address, whose route every container endpoint carries anyway.
 * Endpoints made by others (Docker, containerd through CNI) are not changed: give them the route in
 * their own configuration.
 */
import { parseCidr } from "../../validate/cidr";
import type { HcnPolicy } from "./hcnTypes";
import type { HostRecord, RawHcn } from "./hostViews";
import { recordData, sameId } from "./hostViews";
import { numberField, policiesOf, policiesOfType, stringList, text } from "./rawHcn";
import type { BatchStep } from "./hostBatch";
import { policyStep } from "./hostBatch";
import type { PolicyOwnership } from "./policyChanges";
import { policyChanges } from "./policyChanges";

/** What a load balancer's ownership record holds. */
export interface LoadBalancerRecordData {
    /** Whether the load balancer wants its VIP route on the network's container endpoints. */
    vipRoutes?: boolean;
}

/** What the VIP route decisions read of a load balancer spec. */
export interface VipRouteOwner {
    name: string;
    network: string;
    frontendVip: string;
    /** @default true */
    vipRoutes?: boolean;
}

/** What the VIP route decisions read of a host observation. */
export interface VipRouteView {
    records: HostRecord[];
    loadBalancers: RawHcn[];
    endpoints: RawHcn[];
    /** The host's management address on the network's vSwitch ("" when unknown). */
    managementIp?: string;
}

/** One endpoint policy change: the VIP route of `vip` added to or removed from one endpoint. */
export interface VipRouteChange {
    endpointId: string;
    endpointName: string;
    vip: string;
    action: "add" | "remove";
}

/** Endpoint flag of a remote endpoint (HCN `EndpointFlags` 1). */
const remoteEndpointFlag = 1;

/** The record data of a load balancer with `vipRoutes` (JSON text). */
export function loadBalancerRecordData(spec: Pick<VipRouteOwner, "vipRoutes">): string {
    const data: LoadBalancerRecordData = { vipRoutes: spec.vipRoutes !== false };
    return JSON.stringify(data);
}

/** `vip` checked where it becomes a destination prefix (it must be a plain IPv4 address). */
function vipPrefix(vip: string): string {
    const prefix = `${vip}/32`;
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(vip) || parseCidr(prefix)?.prefixLength !== 32) {
        throw new Error(
            `frontendVip: ${JSON.stringify(vip)} is not an IPv4 address, so it cannot become a route's destination prefix; give a dotted quad such as 10.0.0.100`,
        );
    }
    return prefix;
}

/** The SDNRoute endpoint policy that sends a container's packets to `vip` through the host. */
export function vipRoutePolicy(
    vip: string,
): HcnPolicy<"SDNRoute", { DestinationPrefix: string; NeedEncap: true }> {
    return { Type: "SDNRoute", Settings: { DestinationPrefix: vipPrefix(vip), NeedEncap: true } };
}

/** True when `endpoint` carries the VIP route of `vip` (an SDNRoute to `<vip>/32` with NeedEncap). */
export function hasVipRoute(endpoint: RawHcn, vip: string): boolean {
    return policiesOfType(endpoint, "SDNRoute").some(
        (policy) =>
            policy.Settings["DestinationPrefix"] === `${vip}/32` &&
            (policy.Settings["NeedEncap"] === true || policy.Settings["NeedEncap"] === "true") &&
            !text(policy.Settings, "NextHop"),
    );
}

/** The container endpoints this package made in `network` that exist on the host, by name. */
export function ownContainerEndpoints(view: VipRouteView, network: string): RawHcn[] {
    const ids = view.records
        .filter((record) => record.kind === "containerEndpoint" && record.network === network)
        .map((record) => record.id);
    return view.endpoints
        .filter((endpoint) => ids.some((id) => sameId(id, text(endpoint, "ID"))))
        .filter((endpoint) => ((numberField(endpoint, "Flags") ?? 0) & remoteEndpointFlag) === 0)
        .sort((a, b) => String(text(a, "Name")).localeCompare(String(text(b, "Name"))));
}

/**
 * The VIPs whose route the load balancers this package made in `network` need, in address order:
 * those that exist and want VIP routes. `override` stands for one load balancer's record as it is
 * about to be (its `vipRoutes` from the spec, or `exists: false` while it is being deleted).
 */
export function vipsNeeded(
    view: VipRouteView,
    network: string,
    override?: { name: string; vipRoutes: boolean },
): string[] {
    const vips = new Set<string>();
    for (const record of view.records) {
        if (record.kind !== "hnsLoadBalancer" || record.network !== network) continue;
        const loadBalancer = view.loadBalancers.find((lb) => sameId(text(lb, "ID"), record.id));
        if (!loadBalancer) continue;
        const wanted =
            override && record.name === override.name
                ? override.vipRoutes
                : recordData<LoadBalancerRecordData>(record).vipRoutes !== false;
        if (!wanted) continue;
        for (const vip of stringList(loadBalancer, "FrontendVIPs")) vips.add(vip);
    }
    return [...vips].sort(compareAddresses);
}

function compareAddresses(a: string, b: string): number {
    const key = (address: string) =>
        address
            .split(".")
            .map((octet) => octet.padStart(3, "0"))
            .join(".");
    return key(a).localeCompare(key(b));
}

/**
 * The route changes that bring `endpoints` to `needed`: each needed VIP's route added where it is
 * missing; each `released` VIP's route removed where it is present, unless a VIP still needs it or
 * it is `protectedVips` (the management address, whose route the endpoint carries for itself).
 */
export function planVipRoutes(input: {
    endpoints: RawHcn[];
    needed: string[];
    released: string[];
    protectedVips: string[];
}): VipRouteChange[] {
    const changes: VipRouteChange[] = [];
    const releasable = [...new Set(input.released)].filter(
        (vip) => vip && !input.needed.includes(vip) && !input.protectedVips.includes(vip),
    );
    for (const endpoint of input.endpoints) {
        const endpointId = text(endpoint, "ID") ?? "";
        const endpointName = text(endpoint, "Name") ?? "";
        for (const vip of input.needed) {
            if (!hasVipRoute(endpoint, vip)) {
                changes.push({ endpointId, endpointName, vip, action: "add" });
            }
        }
        for (const vip of releasable) {
            if (hasVipRoute(endpoint, vip)) {
                changes.push({ endpointId, endpointName, vip, action: "remove" });
            }
        }
    }
    return changes;
}

/**
 * The changes a load balancer's apply makes on the host it runs on: every own container endpoint
 * of its network gets the VIPs the load balancers there need; `released` VIPs (the old VIP of a
 * replaced load balancer, the VIP of a deleted one, or one whose `vipRoutes` went false) lose their
 * route where nothing needs it any more. `view` is observed after the load balancer was created or
 * deleted, so its record is already as it will stay.
 */
export function loadBalancerVipRouteChanges(
    view: VipRouteView,
    network: string,
    released: string[],
): VipRouteChange[] {
    return planVipRoutes({
        endpoints: ownContainerEndpoints(view, network),
        needed: vipsNeeded(view, network),
        released,
        protectedVips: view.managementIp ? [view.managementIp] : [],
    });
}

/**
 * The changes a load balancer's create (or replace) makes in the same batch, decided from `view`
 * read before it as the host will be once it exists: every own container endpoint of its network
 * gets the VIPs the other load balancers there need, and its own VIP when it wants VIP routes;
 * `released` VIPs (its own when it wants none, the VIP of the load balancer it replaces) lose their
 * route where nothing needs it any more.
 */
export function vipRouteChangesForCreate(
    view: VipRouteView,
    spec: VipRouteOwner,
    released: string[],
): VipRouteChange[] {
    const others: VipRouteView = {
        ...view,
        records: view.records.filter(
            (record) => !(record.kind === "hnsLoadBalancer" && record.name === spec.name),
        ),
    };
    const needed = new Set(vipsNeeded(others, spec.network));
    if (spec.vipRoutes !== false) {
        needed.add(spec.frontendVip);
    }
    return planVipRoutes({
        endpoints: ownContainerEndpoints(view, spec.network),
        needed: [...needed].sort(compareAddresses),
        released,
        protectedVips: view.managementIp ? [view.managementIp] : [],
    });
}

/**
 * Whether the host is as `spec.vipRoutes` wants it: with `vipRoutes` on (the default), every own
 * container endpoint of the network carries the VIP route; with it off, none carries a route that
 * only this load balancer could need. Read by the load balancer's observation, so a route removed
 * out of band is drift that `pulumi refresh` shows and `up` restores.
 */
export function vipRoutesInPlace(view: VipRouteView, spec: VipRouteOwner): boolean {
    const endpoints = ownContainerEndpoints(view, spec.network);
    if (spec.vipRoutes !== false) {
        return endpoints.every((endpoint) => hasVipRoute(endpoint, spec.frontendVip));
    }
    const neededByOthers = vipsNeeded(view, spec.network, {
        name: spec.name,
        vipRoutes: false,
    }).includes(spec.frontendVip);
    const protectedVip = view.managementIp === spec.frontendVip;
    return (
        neededByOthers ||
        protectedVip ||
        !endpoints.some((endpoint) => hasVipRoute(endpoint, spec.frontendVip))
    );
}

/**
 * The VIP route policies a new container endpoint of `network` is created with: one per VIP the
 * load balancers of the network need, except the management address (the endpoint's own route).
 */
export function vipRoutePoliciesForNewEndpoint(view: VipRouteView, network: string): HcnPolicy[] {
    return vipsNeeded(view, network)
        .filter((vip) => vip !== view.managementIp)
        .map(vipRoutePolicy);
}

/**
 * The changes that finish a container endpoint's create, read from the observation taken after
 * it: a load balancer made (or deleted) between the endpoint's first observation and its create
 * did not see the endpoint, so the endpoint adds the VIP routes it lacks and drops the ones it was
 * created with that no load balancer needs any more.
 */
export function newEndpointVipRouteChanges(
    view: VipRouteView,
    network: string,
    endpoint: RawHcn,
    createdWith: string[],
): VipRouteChange[] {
    return planVipRoutes({
        endpoints: [endpoint],
        needed: vipsNeeded(view, network),
        released: createdWith,
        protectedVips: view.managementIp ? [view.managementIp] : [],
    });
}

/** The VIPs of the VIP route policies in `policies`. */
export function vipsOfRoutePolicies(policies: HcnPolicy[]): string[] {
    return policies
        .filter((policy) => policy.Type === "SDNRoute")
        .map((policy) => String((policy.Settings as Record<string, unknown>)["DestinationPrefix"]))
        .map((prefix) => prefix.replace(/\/32$/, ""));
}

/** The policies one VIP route change owns on an endpoint: the route of that VIP. */
export function ownsVipRoute(vip: string): PolicyOwnership {
    return (policy) => hasVipRoute({ Policies: [policy] }, vip);
}

/**
 * The batch steps of `changes`, each decided from the endpoint's policies as observed in
 * `endpoints`: a missing route added, a present one removed as HNS returned it; an endpoint gone
 * meanwhile is skipped.
 */
export function vipRouteSteps(changes: VipRouteChange[], endpoints: RawHcn[]): BatchStep[] {
    return changes.flatMap((change) => {
        const endpoint = endpoints.find((e) => sameId(text(e, "ID"), change.endpointId));
        const desired = change.action === "add" ? [vipRoutePolicy(change.vip)] : [];
        const observed = endpoint ? policiesOf(endpoint) : [];
        return policyStep(
            change.endpointId,
            policyChanges(observed, desired, ownsVipRoute(change.vip)),
            "skip",
        );
    });
}
