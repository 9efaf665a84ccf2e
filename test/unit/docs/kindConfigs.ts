/**
 * The per-kind configuration of every resource provider, found by loading every module of
 * `provider/resources/` and keeping the exports that are kind configurations: what the docs test
 * compares the docs' Change column with, read from the code itself.
 */
import * as fs from "fs";
import * as path from "path";
import { repositoryRoot } from "./packageSource";

/** The part of a kind configuration the docs depend on. */
export interface DocumentedKindConfig {
    className: string;
    replaceKeys: readonly string[];
    windowsReplaceKeys?: readonly string[];
    outputKeys: readonly string[];
    hostAssignedKeys?: readonly string[];
    exclusiveOnHost: boolean;
    check(news: unknown): { inputs: Record<string, unknown>; problems: string[] };
}

function isKindConfig(value: unknown): value is DocumentedKindConfig {
    const candidate = value as Partial<DocumentedKindConfig> | null;
    return (
        typeof candidate === "object" &&
        candidate !== null &&
        typeof candidate.className === "string" &&
        Array.isArray(candidate.replaceKeys) &&
        typeof candidate.check === "function"
    );
}

/** Every kind configuration by resource class name. */
export function kindConfigs(): Map<string, DocumentedKindConfig> {
    const directory = path.join(repositoryRoot, "provider/resources");
    const configs = new Map<string, DocumentedKindConfig>();
    for (const file of fs.readdirSync(directory).filter((name) => name.endsWith(".ts"))) {
        const loaded = require(path.join(directory, file)) as Record<string, unknown>;
        for (const value of Object.values(loaded)) {
            if (isKindConfig(value)) {
                configs.set(value.className, value);
            }
        }
    }
    return configs;
}
