/**
 * Typed reading of one untyped input bag (JSON from the engine): every reader checks the JSON type,
 * records a message for a wrong one, lets the preview unknown sentinel through untouched, and
 * returns the value to keep in the normalised bag (undefined to leave the key out).
 */
import {
    formatValue,
    isSecretPath,
    isUnknown,
    jsonTypeOf,
    missing,
    problem,
    redacted,
    shownValue,
} from "./messages";

/** A rule applied to a value of the right JSON type; returns a message or undefined. */
export type Rule<T> = (path: string, value: T) => string | undefined;

/** Options of number readers. */
export interface IntegerRange {
    min: number;
    max: number;
    /** Example of a good value for messages. */
    example: number;
    /** Replaces the default range message's fix. */
    fix?: string;
}

function typeProblem(path: string, value: unknown, expected: string, example: string): string {
    const shown = isSecretPath(path)
        ? redacted
        : (JSON.stringify(shownValue(value)) ?? formatValue(value));
    return `${path}: ${shown} is ${jsonTypeOf(value)}, not ${expected}; use ${example}`;
}

/** Collects messages while reading fields. */
export class FieldReader {
    readonly problems: string[] = [];

    /** Record a message (ignores undefined). */
    add(message: string | undefined): void {
        if (message !== undefined) {
            this.problems.push(message);
        }
    }

    /** A required field that is absent or null. */
    missing(path: string, fix: string): void {
        this.problems.push(missing(path, fix));
    }

    /** An object; undefined when absent, unknown or of the wrong type (callers keep an unknown as is). */
    object(path: string, value: unknown, example: string): Record<string, unknown> | undefined {
        if (value === undefined || value === null || isUnknown(value)) {
            return undefined;
        }
        if (typeof value !== "object" || Array.isArray(value)) {
            this.add(typeProblem(path, value, "an object", example));
            return undefined;
        }
        return value as Record<string, unknown>;
    }

    /** A string, checked by `rule` unless unknown. */
    string(path: string, value: unknown, example: string, rule?: Rule<string>): string | undefined {
        if (value === undefined || value === null) {
            return undefined;
        }
        if (typeof value !== "string") {
            this.add(typeProblem(path, value, "a string", example));
            return undefined;
        }
        if (!isUnknown(value) && rule) {
            const message = rule(path, value);
            if (message) {
                this.add(message);
                return undefined;
            }
        }
        return value;
    }

    /** A required string. */
    requiredString(
        path: string,
        value: unknown,
        example: string,
        rule?: Rule<string>,
    ): string | undefined {
        if (value === undefined || value === null) {
            this.missing(path, `set it, for example ${example}`);
            return undefined;
        }
        return this.string(path, value, example, rule);
    }

    /** One of a fixed set of strings. */
    choice<T extends string>(
        path: string,
        value: unknown,
        choices: readonly T[],
        fallback?: T,
    ): T | undefined {
        const listed = choices.map((choice) => `"${choice}"`).join(", ");
        const text = this.string(path, value, `one of ${listed}`, (p, v) =>
            (choices as readonly string[]).includes(v)
                ? undefined
                : problem(p, v, "is not a valid choice", `use one of ${listed}`),
        );
        return (text as T | undefined) ?? (value === undefined ? fallback : undefined);
    }

    /** A boolean. */
    boolean(path: string, value: unknown, fallback?: boolean): boolean | undefined {
        if (value === undefined || value === null) {
            return fallback;
        }
        if (isUnknown(value)) {
            return value as unknown as boolean;
        }
        if (typeof value !== "boolean") {
            this.add(typeProblem(path, value, "a boolean", "true or false"));
            return undefined;
        }
        return value;
    }

    /** A whole number in a range. */
    integer(path: string, value: unknown, range: IntegerRange): number | undefined {
        if (value === undefined || value === null) {
            return undefined;
        }
        if (isUnknown(value)) {
            return value as unknown as number;
        }
        if (typeof value !== "number") {
            this.add(typeProblem(path, value, "a number", `a number such as ${range.example}`));
            return undefined;
        }
        if (!Number.isInteger(value)) {
            this.add(
                problem(
                    path,
                    value,
                    "is not a whole number",
                    `use a whole number such as ${range.example}`,
                ),
            );
            return undefined;
        }
        if (value < range.min || value > range.max) {
            this.add(
                problem(
                    path,
                    value,
                    `is out of range ${range.min}..${range.max}`,
                    range.fix ?? `use a value in that range such as ${range.example}`,
                ),
            );
            return undefined;
        }
        return value;
    }

    /** A required whole number. */
    requiredInteger(path: string, value: unknown, range: IntegerRange): number | undefined {
        if (value === undefined || value === null) {
            this.missing(path, `set it, for example ${range.example}`);
            return undefined;
        }
        return this.integer(path, value, range);
    }

    /** A list whose items are read by `item`; items that fail are left out. */
    list<T>(
        path: string,
        value: unknown,
        example: string,
        item: (itemPath: string, itemValue: unknown) => T | undefined,
    ): T[] | undefined {
        if (value === undefined || value === null) {
            return undefined;
        }
        if (isUnknown(value)) {
            return value as unknown as T[];
        }
        if (!Array.isArray(value)) {
            this.add(typeProblem(path, value, "a list", example));
            return undefined;
        }
        const result: T[] = [];
        value.forEach((entry, index) => {
            if (isUnknown(entry)) {
                result.push(entry as T);
                return;
            }
            const read = item(`${path}[${index}]`, entry);
            if (read !== undefined) {
                result.push(read);
            }
        });
        return result;
    }

    /** A list of strings, each checked by `rule`. */
    stringList(
        path: string,
        value: unknown,
        example: string,
        rule?: Rule<string>,
    ): string[] | undefined {
        return this.list(path, value, `a list such as [${example}]`, (itemPath, itemValue) =>
            itemValue === null || itemValue === undefined
                ? (this.missing(itemPath, `remove the empty entry`), undefined)
                : this.string(itemPath, itemValue, example, rule),
        );
    }
}

/** Copy `source` without the keys whose value is undefined (the engine rejects undefined values). */
export function withoutUndefined<T extends Record<string, unknown>>(source: T): T {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
        if (value !== undefined) {
            result[key] = value;
        }
    }
    return result as T;
}
