/**
 * Which endpoints follow a network's outbound NAT when it changes in place: the ContainerEndpoints
 * this package made in the network without NAT of their own (their record says they inherit it)
 * that still exist get the network's OutBoundNAT policies; every other endpoint stays as it is.
 * HNS keeps an L2Bridge network's outbound NAT nowhere but on those endpoints, so the network's NAT
 * as observed is read from them too.
 */
import type { OutboundNat } from "../../model/outboundNat";
import { outboundNatOf } from "./endpointCommon";
import type { HcnPolicy } from "./hcnTypes";
import type { HostRecord, RawHcn } from "./hostViews";
import { recordData, sameId } from "./hostViews";
import { policiesOf, text } from "./rawHcn";
import type { BatchStep } from "./hostBatch";
import { policyStep } from "./hostBatch";
import { ownsType, policyChanges } from "./policyChanges";

/** What a ContainerEndpoint's record holds. */
export interface ContainerRecordData {
    /** True when the endpoint sets no outbound NAT and takes the network's. */
    inheritsNat?: boolean;
}

/** The endpoints of `endpoints` that are inheriting ContainerEndpoints of `network`, by record. */
function inheritingEndpoints(
    records: HostRecord[],
    endpoints: RawHcn[],
    network: string,
): { record: HostRecord; endpoint: RawHcn }[] {
    return records
        .filter((record) => record.kind === "containerEndpoint" && record.network === network)
        .filter((record) => recordData<ContainerRecordData>(record).inheritsNat === true)
        .flatMap((record) => {
            const endpoint = endpoints.find((candidate) =>
                sameId(text(candidate, "ID"), record.id),
            );
            return endpoint ? [{ record, endpoint }] : [];
        });
}

/** True when two outbound NAT settings give endpoints the same policies. */
function sameNat(a: OutboundNat, b: OutboundNat): boolean {
    const on = (nat: OutboundNat): boolean => nat.enabled !== false;
    if (on(a) !== on(b)) return false;
    return !on(a) || JSON.stringify(a.exceptions ?? []) === JSON.stringify(b.exceptions ?? []);
}

/**
 * Network `network`'s outbound NAT as HNS holds it: `intended` (what the network was last set to)
 * while every inheriting ContainerEndpoint's OutBoundNAT policy gives it, else the NAT of the first
 * one (by record name) that differs, so a change made behind the package's back shows as drift.
 * With no inheriting endpoint HNS holds nothing that could differ, and `intended` is returned.
 */
export function networkNatAsObserved(
    records: HostRecord[],
    endpoints: RawHcn[],
    network: string,
    intended: OutboundNat,
): OutboundNat {
    const drifted = inheritingEndpoints(records, endpoints, network)
        .sort((x, y) =>
            x.record.name < y.record.name ? -1 : x.record.name > y.record.name ? 1 : 0,
        )
        .map(({ endpoint }) => outboundNatOf(endpoint))
        .find((nat) => !sameNat(nat, intended));
    return drifted ?? intended;
}

/**
 * The policy steps that give every inheriting ContainerEndpoint of `network` exactly `natPolicies`
 * as its OutBoundNAT policies (an endpoint deleted meanwhile is skipped).
 */
export function inheritedNatSteps(
    records: HostRecord[],
    endpoints: RawHcn[],
    network: string,
    natPolicies: HcnPolicy[],
): BatchStep[] {
    return inheritingEndpoints(records, endpoints, network).flatMap(({ record, endpoint }) => {
        const changes = policyChanges(policiesOf(endpoint), natPolicies, ownsType("OutBoundNAT"));
        return policyStep(text(endpoint, "ID") ?? record.id, changes, "skip");
    });
}
