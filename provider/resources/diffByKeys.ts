/**
 * Pure diff of a resource: old outputs against new checked inputs, by the kind's declared replace
 * keys. A change of `connection.host`, `os` or `transport` moves the object to another host and so
 * replaces it; credential and timeout changes edit in place. `__provider` is never compared.
 */
import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown, jsonEqual } from "./propertyBag";

/** Connection fields whose change means another host. */
export const connectionReplaceFields = ["host", "os", "transport"] as const;

/** The declared keys of one kind. */
export interface DiffKeys {
    replaceKeys: readonly string[];
    outputKeys: readonly string[];
    hostAssignedKeys?: readonly string[];
    /**
     * Keys that replace only on Windows hosts, where HNS cannot change them in place (they are edited
     * in place on Linux).
     */
    windowsReplaceKeys?: readonly string[];
    exclusiveOnHost: boolean;
}

const ignoredKeys = new Set(["__provider", "hostKeyFingerprint"]);

function changed(oldValue: unknown, newValue: unknown): boolean {
    return containsUnknown(newValue) || !jsonEqual(oldValue, newValue);
}

/** Classify the change from `olds` (stored outputs) to `news` (checked inputs). */
export function diffByKeys(
    keys: DiffKeys,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
    const candidates = new Set([...Object.keys(olds), ...Object.keys(news)]);
    const replaces: string[] = [];
    let changes = false;
    let hostChanged = false;
    for (const key of [...candidates].sort()) {
        if (ignoredKeys.has(key) || keys.outputKeys.includes(key)) {
            continue;
        }
        if (keys.hostAssignedKeys?.includes(key) && news[key] === undefined) {
            continue;
        }
        if (key === "connection") {
            const oldConnection = (olds.connection ?? {}) as Record<string, unknown>;
            const newConnection = (news.connection ?? {}) as Record<string, unknown>;
            if (containsUnknown(news.connection) && typeof news.connection === "string") {
                replaces.push("connection");
                hostChanged = true;
                continue;
            }
            const moved = connectionReplaceFields.some((field) =>
                changed(oldConnection[field], newConnection[field]),
            );
            if (moved) {
                replaces.push("connection");
                hostChanged = true;
            } else if (changed(oldConnection, newConnection)) {
                changes = true;
            }
            continue;
        }
        if (!changed(olds[key], news[key])) {
            continue;
        }
        const onWindows =
            (news.connection as Record<string, unknown> | undefined)?.os === "windows";
        if (
            keys.replaceKeys.includes(key) ||
            (onWindows && keys.windowsReplaceKeys?.includes(key))
        ) {
            replaces.push(key);
        } else {
            changes = true;
        }
    }
    if (replaces.length === 0) {
        return { changes };
    }
    return {
        changes: true,
        replaces,
        deleteBeforeReplace: keys.exclusiveOnHost && !hostChanged,
    };
}
