/**
 * Converges one object on one host through its driver, the way the providers do: observe, compare
 * the observed state with the spec, and apply a create or an update only when they differ.
 */
import { isDeepStrictEqual } from "util";
import { HostDriver, Observation } from "../provider/drivers/hostDriver";
import { KindSpecs, ObjectKind } from "../provider/model/kinds";

/** What converging one object did. */
export interface ConvergeResult<K extends ObjectKind> {
    /** The object as observed at the end. */
    observation: Observation<K>;
    /** The apply performed, or "none" when the host already matched. */
    action: "create" | "update" | "none";
}

function plain(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value)) as unknown;
}

/** True when the observed state equals the spec (unset fields ignored on both sides). */
export function matchesSpec<K extends ObjectKind>(
    observation: Observation<K>,
    spec: KindSpecs[K],
): boolean {
    return isDeepStrictEqual(plain(observation.state), plain(spec));
}

/** Observe `spec`, and create or update it when the host does not match. */
export async function converge<K extends ObjectKind>(
    driver: HostDriver,
    kind: K,
    spec: KindSpecs[K],
): Promise<ConvergeResult<K>> {
    const observed = await driver.observe(kind, spec);
    if (observed && matchesSpec(observed, spec)) {
        return { observation: observed, action: "none" };
    }
    const action = observed ? "update" : "create";
    const after = await driver.apply({ kind, action, desired: spec, observed });
    if (!after) {
        throw new Error(`${kind} is still absent after ${action}`);
    }
    if (!matchesSpec(after, spec)) {
        throw new Error(
            `${kind} does not match its spec after ${action}: observed ${JSON.stringify(after.state)}, wanted ${JSON.stringify(spec)}`,
        );
    }
    return { observation: after, action };
}
