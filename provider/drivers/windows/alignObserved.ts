/**
 * Makes observed state compare cleanly with desired state: an empty observed value equals an empty
 * desired one however it is spelled (`undefined`, `[]`, `{}`, `""`), and a field the desired spec
 * leaves unset equals the documented default.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for undefined, null, "", [] and objects whose fields are all empty. */
export function isEmptyValue(value: unknown): boolean {
    if (value === undefined || value === null || value === "") {
        return true;
    }
    if (Array.isArray(value)) {
        return value.length === 0;
    }
    if (isPlainObject(value)) {
        return Object.values(value).every(isEmptyValue);
    }
    return false;
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `observed`, with every empty or defaulted field spelled as `desired` spells it. `defaults` maps
 * top-level field names to the value an unset field means.
 */
export function alignToDesired<T>(
    desired: T,
    observed: T,
    defaults: Record<string, unknown> = {},
): T {
    if (isEmptyValue(observed) && isEmptyValue(desired)) {
        return desired;
    }
    if (!isPlainObject(desired) || !isPlainObject(observed)) {
        return observed;
    }
    const result: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(desired), ...Object.keys(observed)]);
    for (const key of keys) {
        const want = desired[key];
        let have = observed[key];
        if (want === undefined && key in defaults && sameValue(have, defaults[key])) {
            have = undefined;
        } else if (
            want !== undefined &&
            have === undefined &&
            key in defaults &&
            sameValue(want, defaults[key])
        ) {
            have = want;
        } else {
            have = alignToDesired(want, have);
        }
        if (have !== undefined) {
            result[key] = have;
        }
    }
    return result as T;
}

/** MAC addresses compare without case or separator differences. */
export function sameMac(a: string | undefined, b: string | undefined): boolean {
    const canonical = (m: string | undefined) => (m ?? "").replace(/[-:]/g, "").toLowerCase();
    return canonical(a) !== "" && canonical(a) === canonical(b);
}

/** `observed` MAC in the desired spelling when equal, else as `aa-bb-cc-dd-ee-ff`. */
export function alignMac(
    desired: string | undefined,
    observed: string | undefined,
): string | undefined {
    if (!observed) {
        return undefined;
    }
    if (sameMac(desired, observed)) {
        return desired;
    }
    return observed.replace(/:/g, "-").toLowerCase();
}
