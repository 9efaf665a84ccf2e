/**
 * The batch of host primitives (`applyBatch`): preconditions checked under the host mutex, then
 * steps run in order in the same round trip, then one observation returned. The driver decides
 * every step and composes every HCN document; the host substitutes only the IDs of objects made
 * earlier in the batch (a `ref`) into the documents it was given. A failed precondition changes
 * nothing and names the object and the fix.
 */
import type { HcnPolicy } from "./hcnTypes";
import type { WindowsHostContext } from "./hostContext";
import type { RawPolicy } from "./rawHcn";

/** What the host checks before any step runs. */
export type BatchPrecondition =
    /** The network named `name` still has HNS ID `id`. */
    | { kind: "networkId"; name: string; id: string }
    /**
     * The endpoint `id` still exists (and, with `address`, still holds it); `fix` replaces the
     * fix the message names.
     */
    | { kind: "endpointExists"; id: string; address?: string; fix?: string }
    /** No load balancer lists endpoint `id`, but `except` (the one the batch replaces). */
    | { kind: "endpointUnused"; id: string; except?: string };

/** An HNS ID given, or the ID of the object an earlier step made under `ref`. */
export type BatchId = { id: string } | { ref: string };

/** One primitive of a batch. */
export type BatchStep =
    /** HcnModifyEndpoint: Remove `remove` (observed objects), then Add `add`. */
    | {
          op: "modifyEndpointPolicies";
          id: string;
          remove: (RawPolicy | HcnPolicy)[];
          add: HcnPolicy[];
          /** `skip`: an endpoint gone meanwhile is left out; otherwise HNS's error fails the batch. */
          ifMissing?: "skip";
      }
    /** HcnModifyNetwork with `request`. */
    | { op: "modifyNetwork"; id: string; request: object }
    /** HcnCreateEndpoint of `document` (its HostComputeNetwork names the network); ID kept as `ref`. */
    | { op: "createEndpoint"; ref: string; document: object }
    /** HcnCreateLoadBalancer of `document` with HostComputeEndpoints set to `endpoints`. */
    | { op: "createLoadBalancer"; ref: string; document: object; endpoints: BatchId[] }
    /** HcnDeleteLoadBalancer. */
    | { op: "deleteLoadBalancer"; id: string; ifMissing?: "skip" }
    /** HcnDeleteEndpoint. */
    | { op: "deleteEndpoint"; id: string; ifMissing?: "skip" }
    /** Write the ownership record `kind`/`name` (its HNS ID given or made earlier). */
    | ({ op: "setRecord"; kind: string; name: string; network: string; data?: string } & BatchId)
    /** Drop the ownership record `kind`/`name`. */
    | { op: "removeRecord"; kind: string; name: string };

/** Which observation the batch returns (the parameters of its observe operation go along). */
export type BatchView = "network" | "endpoint" | "loadBalancer" | "hcn";

/** A batch as `applyBatch` takes it. */
export interface Batch {
    view: BatchView;
    /** Parameters of the view's observation (queries, names). */
    viewParams: Record<string, unknown>;
    preconditions: BatchPrecondition[];
    steps: BatchStep[];
}

/** The parameters of `applyBatch` for `batch`. */
export function batchParams(batch: Batch): Record<string, unknown> {
    return {
        ...batch.viewParams,
        view: batch.view,
        preconditions: batch.preconditions,
        steps: batch.steps,
    };
}

/** Run `batch` on the host in one request; returns the view it names. */
export function runBatch<T>(context: WindowsHostContext, batch: Batch): Promise<T> {
    return context.invoke<T>("applyBatch", batchParams(batch));
}

/** The step that brings one endpoint's policies to `changes` (none when there is nothing to do). */
export function policyStep(
    id: string,
    changes: { remove: RawPolicy[]; add: HcnPolicy[] },
    ifMissing?: "skip",
): BatchStep[] {
    if (changes.remove.length === 0 && changes.add.length === 0) {
        return [];
    }
    return [
        {
            op: "modifyEndpointPolicies",
            id,
            remove: changes.remove,
            add: changes.add,
            ...(ifMissing ? { ifMissing } : {}),
        },
    ];
}
