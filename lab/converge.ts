/**
 * The lab's converge: the providers' own converge of one object (provider/resources/convergeObject),
 * with the class name and wording of each kind's provider, and the state checked after every apply.
 */
import type { HostDriver, Observation } from "../provider/drivers/hostDriver";
import type { KindSpecs, ObjectKind } from "../provider/model/kinds";
import type { ConvergeResult } from "../provider/resources/convergeObject";
import { convergeObject } from "../provider/resources/convergeObject";
import { kindConfigs } from "../provider/resources/kindConfigs";
import { stateMatches } from "../provider/resources/propertyBag";

export type { ConvergeResult } from "../provider/resources/convergeObject";

/** True when the observed state matches the spec, by the providers' one comparison. */
export function matchesSpec<K extends ObjectKind>(
    observation: Observation<K>,
    spec: KindSpecs[K],
): boolean {
    return stateMatches(spec, observation.state);
}

/** Observe `spec`, and create or update it when the host does not match, as `pulumi up` does. */
export function converge<K extends ObjectKind>(
    driver: HostDriver,
    kind: K,
    spec: KindSpecs[K],
    host = "the lab host",
): Promise<ConvergeResult<K>> {
    const config = kindConfigs[kind];
    return convergeObject(driver, kind, spec, {
        className: config.className,
        what: config.describe(spec),
        host,
        verify: true,
    });
}
