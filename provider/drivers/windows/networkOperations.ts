/** Observe, create (blip-safe), update and delete of an `L2BridgeNetwork` on a Windows host. */
import { OutboundNat } from "../../../sdk/common";
import { NetworkSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { createDetached, isScriptFailure } from "./blipSafeCreate";
import { outboundNatPolicies } from "./endpointPolicies";
import { detailedQuery, plainQuery } from "./hcnQueries";
import { WindowsHostContext } from "./hostContext";
import { NetworkView, OperationState } from "./hostViews";
import { buildDnsUpdateRequest, buildNetworkDocument, hcnDns } from "./networkDocument";
import {
    adapterHasExternalNetwork,
    NetworkRecordData,
    observeNetworkIn,
    resolveUplinkAdapter,
} from "./networkObservation";
import { byName } from "./rawHcn";

/** The NAT settings recorded for a network, defaults filled. */
export function networkNat(spec: NetworkSpec): OutboundNat {
    return {
        enabled: spec.outboundNat?.enabled ?? true,
        exceptions: [...(spec.outboundNat?.exceptions ?? [])],
    };
}

function baseParams(spec: NetworkSpec): Record<string, unknown> {
    const record: NetworkRecordData = { outboundNat: networkNat(spec) };
    return {
        name: spec.name,
        networkQuery: detailedQuery,
        plainQuery,
        recordData: JSON.stringify(record),
    };
}

/** Read the network view of `spec`. */
export function readNetworkView(
    context: WindowsHostContext,
    spec: NetworkSpec,
): Promise<NetworkView> {
    return context.invoke<NetworkView>("observeNetwork", baseParams(spec));
}

/** The network's observation. */
export async function observeNetwork(
    context: WindowsHostContext,
    spec: NetworkSpec,
): Promise<Observation<"network"> | null> {
    return observeNetworkIn(await readNetworkView(context, spec), spec);
}

/**
 * Create the network. When no external network is bound to the adapter yet, the create moves the
 * host's address to a new vSwitch and runs detached (see blipSafeCreate); otherwise it runs inline.
 */
export async function createNetwork(
    context: WindowsHostContext,
    spec: NetworkSpec,
): Promise<Observation<"network"> | null> {
    const before = await readNetworkView(context, spec);
    const adapter = spec.adapter ?? resolveUplinkAdapter(before, context.host);
    const params = {
        ...baseParams(spec),
        document: JSON.stringify(buildNetworkDocument(spec, adapter)),
    };
    if (adapterHasExternalNetwork(before, adapter)) {
        const result = await context.invoke<{ outcome: string; view: NetworkView }>(
            "createNetwork",
            params,
        );
        return observeNetworkIn(result.view, spec);
    }
    const operationId = context.newOperationId();
    const outcome = await createDetached<NetworkView>(
        {
            start: async () => {
                await context.invoke("startNetworkCreate", {
                    operationId,
                    taskParams: JSON.stringify(params),
                });
            },
            poll: () =>
                context.invoke<{ operation: OperationState; view: NetworkView }>(
                    "pollNetworkCreate",
                    {
                        ...params,
                        operationId,
                    },
                ),
            networkExists: (view) => byName(view.networks, spec.name) !== undefined,
        },
        context.detachedTiming,
        context.clock,
        `L2BridgeNetwork "${spec.name}" on ${context.host}`,
    );
    return observeNetworkIn(outcome.view, spec);
}

/** Change DNS and outbound NAT in place; endpoints that inherit the network's NAT follow. */
export async function updateNetwork(
    context: WindowsHostContext,
    spec: NetworkSpec,
    observed: Observation<"network">,
): Promise<Observation<"network"> | null> {
    const dnsChanged =
        JSON.stringify(hcnDns(observed.state.dns) ?? {}) !== JSON.stringify(hcnDns(spec.dns) ?? {});
    const nat = networkNat(spec);
    const view = await context.invoke<NetworkView>("updateNetwork", {
        ...baseParams(spec),
        id: observed.id,
        dnsRequest: dnsChanged ? buildDnsUpdateRequest(spec) : "",
        natMatch: { type: "OutBoundNAT" },
        natPolicies: JSON.stringify(outboundNatPolicies(nat)),
    });
    return observeNetworkIn(view, spec);
}

/**
 * Delete the network. Deleting the last network on a vSwitch can blip the host too: a connection
 * error is followed by polling until the network is gone.
 */
export async function deleteNetwork(
    context: WindowsHostContext,
    spec: NetworkSpec,
    observed: Observation<"network"> | null,
): Promise<null> {
    if (!observed) {
        return null;
    }
    try {
        await context.invoke<NetworkView>("deleteNetwork", {
            ...baseParams(spec),
            id: observed.id,
        });
        return null;
    } catch (error) {
        if (isScriptFailure(error)) {
            throw error;
        }
    }
    const deadline = context.clock.now() + context.detachedTiming.reconnectMs;
    let interval = context.detachedTiming.pollIntervalMs;
    while (context.clock.now() < deadline) {
        await context.clock.sleep(interval);
        interval = Math.min(interval * 2, context.detachedTiming.maxPollIntervalMs);
        try {
            const view = await readNetworkView(context, spec);
            if (!byName(view.networks, spec.name)) {
                return null;
            }
            await context.invoke<NetworkView>("deleteNetwork", {
                ...baseParams(spec),
                id: observed.id,
            });
            return null;
        } catch (error) {
            if (isScriptFailure(error)) {
                throw error;
            }
        }
    }
    throw new Error(
        `L2BridgeNetwork "${spec.name}" on ${context.host}: the host did not come back within ` +
            `reconnectSeconds after the delete. Fix: check the host, then run pulumi up or destroy again.`,
    );
}
