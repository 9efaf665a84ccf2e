/**
 * Which endpoints follow a network's outbound NAT when it changes in place: the ContainerEndpoints
 * this package made in the network without NAT of their own (their record says they inherit it)
 * that still exist get the network's OutBoundNAT policies; every other endpoint stays as it is.
 */
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
    return records
        .filter((record) => record.kind === "containerEndpoint" && record.network === network)
        .filter((record) => recordData<ContainerRecordData>(record).inheritsNat === true)
        .flatMap((record) => {
            const endpoint = endpoints.find((candidate) =>
                sameId(text(candidate, "ID"), record.id),
            );
            if (!endpoint) {
                return [];
            }
            const changes = policyChanges(
                policiesOf(endpoint),
                natPolicies,
                ownsType("OutBoundNAT"),
            );
            return policyStep(text(endpoint, "ID") ?? record.id, changes, "skip");
        });
}
