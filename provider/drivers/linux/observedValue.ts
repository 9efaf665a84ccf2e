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

/** A `key=value …` marker (as written into interface aliases) as a map. */
export function parseMarker(alias: string, prefix: string): Map<string, string> | undefined {
    if (!alias.startsWith(`${prefix} `)) {
        return undefined;
    }
    const fields = new Map<string, string>();
    for (const word of alias.slice(prefix.length + 1).split(" ")) {
        const equals = word.indexOf("=");
        if (equals > 0) {
            fields.set(word.slice(0, equals), word.slice(equals + 1));
        }
    }
    return fields;
}

/** A marker text `prefix key=value …` (values must not hold spaces). */
export function formatMarker(prefix: string, fields: Record<string, string>): string {
    return [
        prefix,
        ...Object.entries(fields).map(([key, value]) => {
            if (/\s/.test(value)) {
                throw new Error(
                    `marker field ${key}=${JSON.stringify(value)} must not hold spaces`,
                );
            }
            return `${key}=${value}`;
        }),
    ].join(" ");
}
