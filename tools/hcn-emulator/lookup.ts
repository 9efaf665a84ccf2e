/** Finding HCN objects by ID (case-insensitive, braces tolerated) and making new IDs. */
import { randomUUID } from "crypto";
import type { HcnObject } from "./state";

/** The canonical form HNS prints: upper-case, no braces. */
export function canonicalId(id: string): string {
    return id.replace(/^\{|\}$/g, "").toUpperCase();
}

/** Whether two GUID texts name the same object. */
export function sameId(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" && canonicalId(a) === canonicalId(b);
}

/** The object with this ID, if any. */
export function findById<T extends HcnObject>(objects: T[], id: string): T | undefined {
    return objects.find((o) => sameId(o.ID, id));
}

const emptyGuid = "00000000-0000-0000-0000-000000000000";

/** The ID a create call gives its object: the caller's GUID unless empty, else a fresh one. */
export function idForCreate(requested: string | null): string {
    return requested && !sameId(requested, emptyGuid)
        ? canonicalId(requested)
        : randomUUID().toUpperCase();
}
