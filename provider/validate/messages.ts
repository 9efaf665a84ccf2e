/**
 * The one shape of every validation message: `<field path>: <bad value> <what is wrong>; <the fix>`.
 */

/** The unknown-value sentinel Pulumi sends for values not known during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is the preview unknown sentinel. */
export function isUnknown(value: unknown): boolean {
    return value === unknownValue;
}

/** Characters a reader cannot see or tell apart in a message: whitespace, controls, quotes. */
const invisible =
    /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202f\u2060\ufeff"'`\u2018-\u201f]/;

/** Field names whose values are secrets and never appear in a message. */
const secretKey = /pass(word|phrase)|privatekey|secret|token|credential/i;

/** What stands in a message for a secret. */
export const redacted = "[REDACTED]";

/**
 * `text` without the credentials of any URL in it (`ssh://root:pw@host` → `ssh://[REDACTED]@host`),
 * nor of a leading `user:password@`.
 */
export function withoutUrlCredentials(text: string): string {
    return text
        .replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@\s]*@/g, `$1${redacted}@`)
        .replace(/^[^/?#@\s:]*:[^/?#@\s]*@/, `${redacted}@`);
}

/** `value` safe to show: secret fields and URL credentials replaced, at any depth. */
export function shownValue(value: unknown): unknown {
    if (typeof value === "string") {
        return withoutUrlCredentials(value);
    }
    if (Array.isArray(value)) {
        return value.map(shownValue);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([key, item]) => [
                key,
                secretKey.test(key) && item !== undefined ? redacted : shownValue(item),
            ]),
        );
    }
    return value;
}

/** True when the last segment of a field path names a secret (`connection.password`). */
export function isSecretPath(path: string): boolean {
    return secretKey.test(path.split(".").pop() ?? "");
}

/**
 * How a bad value is shown in a message: strings as written when every character is visible,
 * JSON-quoted when empty or holding whitespace, control characters or quotes (so `"a\nb"` and
 * `"eth0 "` show what they hold); the rest as JSON.
 */
export function formatValue(raw: unknown): string {
    const value = shownValue(raw);
    if (typeof value === "string") {
        return value === "" || invisible.test(value) ? JSON.stringify(value) : value;
    }
    if (value === undefined) {
        return "undefined";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return String(value);
    }
    return JSON.stringify(value);
}

/** A message about the value at `path`. */
export function problem(path: string, value: unknown, whatIsWrong: string, fix: string): string {
    return `${path}: ${isSecretPath(path) ? redacted : formatValue(value)} ${whatIsWrong}; ${fix}`;
}

/** A message about a required field that is absent. */
export function missing(path: string, fix: string): string {
    return `${path}: is required; ${fix}`;
}

/** The JSON type name of a value, as used in messages. */
export function jsonTypeOf(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    switch (typeof value) {
        case "string":
            return "a string";
        case "number":
            return "a number";
        case "boolean":
            return "a boolean";
        case "object":
            return "an object";
        default:
            return typeof value;
    }
}
