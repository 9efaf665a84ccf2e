/**
 * The one converge of an object on a host: observe it, create it when absent, refuse it when it is
 * not ours (unless adopted), and update it in place when its observed state differs from the spec.
 * An error after the object exists carries its ID, so the engine keeps track of it.
 * The providers' create and update run it, and so do the lab, its tests and the benchmarks, so what
 * they prove is what `pulumi up` does.
 */
import type { HostDriver, Observation } from "../drivers/hostDriver";
import type { KindSpecs, ObjectKind } from "../model/kinds";
import { stateMatches } from "./propertyBag";
import { foreignObjectError, withObjectId } from "./providerErrors";

/** How to converge one object. */
export interface ConvergeOptions {
    /**
     * Take over an object that exists but carries no ownership record.
     * @default false
     */
    adopt?: boolean;
    /**
     * After a create or an update, require the observed state to match the spec, naming both when
     * it does not (the lab proves each driver converges in one apply).
     * @default false
     */
    verify?: boolean;
    /** The resource class, for messages (such as "L2BridgeNetwork"). */
    className: string;
    /** The object in words, for messages (such as `network "l2bridge"`). */
    what: string;
    /** The host, for messages. */
    host: string;
}

/** What converging one object did. */
export interface ConvergeResult<K extends ObjectKind> {
    /** The object as observed at the end. */
    observation: Observation<K>;
    /** The apply performed, or "none" when the host already matched. */
    action: "create" | "update" | "none";
}

/** Observe `spec` on `driver`'s host, and create or update it when the host does not match. */
export async function convergeObject<K extends ObjectKind>(
    driver: HostDriver,
    kind: K,
    spec: KindSpecs[K],
    options: ConvergeOptions,
): Promise<ConvergeResult<K>> {
    const found = await driver.observe(kind, spec);
    if (!found) {
        const created = await driver.apply({
            kind,
            action: "create",
            desired: spec,
            observed: null,
        });
        if (!created) {
            throw new Error(
                `${options.className}: ${options.what} was not found on host ${options.host} right after it was created; check the host's logs (Windows: the Host Network Service event log)`,
            );
        }
        try {
            return verified({ observation: created, action: "create" }, spec, options);
        } catch (error) {
            throw withObjectId(error, created.id);
        }
    }
    if (!found.owned && !options.adopt) {
        throw foreignObjectError(options.className, options.what, options.host);
    }
    if (stateMatches(spec, found.state)) {
        return { observation: found, action: "none" };
    }
    try {
        const updated = await driver.apply({
            kind,
            action: "update",
            desired: spec,
            observed: found,
        });
        return verified({ observation: updated ?? found, action: "update" }, spec, options);
    } catch (error) {
        throw withObjectId(error, found.id);
    }
}

function verified<K extends ObjectKind>(
    result: ConvergeResult<K>,
    spec: KindSpecs[K],
    options: ConvergeOptions,
): ConvergeResult<K> {
    if (options.verify && !stateMatches(spec, result.observation.state)) {
        throw new Error(
            `${options.className}: ${options.what} on host ${options.host} does not match its spec after ${result.action}: observed ${JSON.stringify(result.observation.state)}, wanted ${JSON.stringify(spec)}`,
        );
    }
    return result;
}
