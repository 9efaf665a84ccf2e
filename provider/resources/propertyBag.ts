/**
 * Splitting a resource's property bag (inputs or stored outputs) into its parts: the connection,
 * `adopt`, the spec handed to drivers, and everything else.
 */
import type { HostConnection } from "../model/hostConnection";
import type { KindSpecs, ObjectKind } from "../model/kinds";
import { isUnknown } from "../validate/messages";

/** Keys that are never part of a spec. */
const nonSpecKeys = new Set(["connection", "adopt", "__provider", "hostKeyFingerprint"]);

/** The parts of a property bag. */
export interface BagParts<K extends ObjectKind> {
    connection: HostConnection;
    adopt: boolean;
    spec: KindSpecs[K];
}

/** Split `bag`; `outputKeys` are left out of the spec. */
export function splitBag<K extends ObjectKind>(
    bag: Record<string, unknown>,
    outputKeys: readonly string[],
): BagParts<K> {
    const spec: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(bag)) {
        if (nonSpecKeys.has(key) || outputKeys.includes(key) || value === undefined) {
            continue;
        }
        spec[key] = value;
    }
    return {
        connection: bag.connection as HostConnection,
        adopt: bag.adopt === true,
        spec: spec as unknown as KindSpecs[K],
    };
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
        return false;
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
    const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
    if (aKeys.length !== bKeys.length) {
        return false;
    }
    return aKeys.every((key) =>
        jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    );
}

/**
 * True when the observed state equals the desired spec, field by field, unset fields left out on
 * both sides. The drivers spell observed state like the spec (a field the spec leaves unset reads
 * as unset while the host holds its default), so a field set on the host but no longer in the spec
 * is a difference: removing an override from a program changes the host back. The one comparison
 * of observed and desired state: providers, the lab and refresh checks all use it.
 */
export function stateMatches(desired: object, observed: object): boolean {
    return jsonEqual(desired, observed);
}

/** True when `value` contains the preview unknown sentinel anywhere. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    if (typeof value === "object" && value !== null) {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}
