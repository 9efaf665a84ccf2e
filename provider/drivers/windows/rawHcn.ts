/** Safe readers of raw HCN JSON (fields may be missing, differently cased GUIDs, numbers as text). */
import type { RawHcn } from "./hostViews";

/** A raw policy `{Type, Settings}`. */
export interface RawPolicy {
    Type: string;
    Settings: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
}

/** `value` as an array of records (HNS omits empty arrays). */
export function recordsOf(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? value.map(asRecord) : [];
}

/** Field `key` of `value` as an object ({} when absent). */
export function field(value: unknown, key: string): Record<string, unknown> {
    return asRecord(asRecord(value)[key]);
}

/** Field `key` as a string (undefined when absent or empty). */
export function text(value: unknown, key: string): string | undefined {
    const v = asRecord(value)[key];
    if (typeof v === "string" && v !== "") {
        return v;
    }
    if (typeof v === "number") {
        return String(v);
    }
    return undefined;
}

/** Field `key` as a number (undefined when absent or not numeric). */
export function numberField(value: unknown, key: string): number | undefined {
    const v = asRecord(value)[key];
    if (typeof v === "number") {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) {
        return Number(v);
    }
    return undefined;
}

/** Field `key` as a list of strings ([] when absent). */
export function stringList(value: unknown, key: string): string[] {
    const v = asRecord(value)[key];
    if (Array.isArray(v)) {
        return v.filter((x): x is string => typeof x === "string");
    }
    return typeof v === "string" && v !== "" ? [v] : [];
}

/** The policies of an object. */
export function policiesOf(raw: unknown): RawPolicy[] {
    return recordsOf(asRecord(raw)["Policies"]).map((p) => ({
        Type: typeof p["Type"] === "string" ? (p["Type"] as string) : "",
        Settings: asRecord(p["Settings"]),
    }));
}

/** The policies of `raw` whose type is `type` (HNS type names compare case-insensitively). */
export function policiesOfType(raw: unknown, type: string): RawPolicy[] {
    return policiesOf(raw).filter((p) => p.Type.toLowerCase() === type.toLowerCase());
}

/** The object in `list` named exactly `name`, else the one equal ignoring case. */
export function byName(list: RawHcn[], name: string): RawHcn | undefined {
    return (
        list.find((o) => o.Name === name) ??
        list.find((o) => typeof o.Name === "string" && o.Name.toLowerCase() === name.toLowerCase())
    );
}
