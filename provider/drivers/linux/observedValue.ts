/**
 * Observed state is reported in the same shape as the desired spec. A field the spec leaves unset
 * (so the default applies) is reported unset while the host holds that default, and as the actual
 * value when it holds something else, so comparing spec and observation shows exactly the drift.
 */
import { isDeepStrictEqual } from "util";

/** `actual`, or undefined when the spec left the field unset and the host holds `defaultValue`. */
export function reportAs<T>(specValue: T | undefined, actual: T, defaultValue: T): T | undefined {
    if (specValue === undefined && isDeepStrictEqual(actual, defaultValue)) {
        return undefined;
    }
    return actual;
}

/** Drops keys whose value is undefined, so observations compare cleanly with specs. */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as T;
}
