/**
 * The batch that puts a policy resource (PortPublish, EndpointAcl) on its endpoint or takes it
 * off: the policy lists decided by `policyChanges` from the endpoint as observed, the ownership
 * record written with them (or dropped after them), and the endpoint's existence (and address) as
 * the precondition of a put. A take-off of an endpoint already gone only drops the record.
 */
import type { HcnPolicy } from "./hcnTypes";
import type { Batch, BatchPrecondition, BatchStep } from "./hostBatch";
import { policyStep } from "./hostBatch";
import type { RawHcn } from "./hostViews";
import { hcnViewParams } from "./foreignEndpoints";
import type { PolicyOwnership } from "./policyChanges";
import { policyChanges } from "./policyChanges";
import { policiesOf } from "./rawHcn";

/** The ownership record of a policy resource. */
export interface PolicyRecord {
    kind: string;
    name: string;
    network: string;
    data: string;
}

/** Put `desired` (all the policies `owns` covers) on endpoint `id`, recording `record`. */
export function putPoliciesBatch(input: {
    id: string;
    endpoint: RawHcn;
    desired: HcnPolicy[];
    owns: PolicyOwnership;
    record: PolicyRecord;
    /** The address the endpoint must still hold ("" or absent: not checked). */
    address?: string;
}): Batch {
    const precondition: BatchPrecondition = input.address
        ? { kind: "endpointExists", id: input.id, address: input.address }
        : { kind: "endpointExists", id: input.id };
    const steps: BatchStep[] = [
        { op: "setRecord", ...input.record, id: input.id },
        ...policyStep(
            input.id,
            policyChanges(policiesOf(input.endpoint), input.desired, input.owns),
        ),
    ];
    return { view: "hcn", viewParams: hcnViewParams, preconditions: [precondition], steps };
}

/**
 * Take the policies `owns` covers off endpoint `id` (`endpoint` as observed, undefined when it is
 * gone) and drop the record `kind`/`name`.
 */
export function removePoliciesBatch(input: {
    id: string;
    endpoint: RawHcn | undefined;
    owns: PolicyOwnership;
    record: { kind: string; name: string };
}): Batch {
    const changes = input.endpoint
        ? policyChanges(policiesOf(input.endpoint), [], input.owns)
        : { remove: [], add: [] };
    return {
        view: "hcn",
        viewParams: hcnViewParams,
        preconditions: [],
        steps: [...policyStep(input.id, changes, "skip"), { op: "removeRecord", ...input.record }],
    };
}
