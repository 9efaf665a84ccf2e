/**
 * What changing one option of a component does to its children, found by running the component
 * under Pulumi mocks twice (with a base argument set and with the option changed) and comparing
 * the children: a child of this package's resources is classified by its own provider's diff
 * (replace or in place); any other child (Azure, command) by whether its inputs changed, since the
 * Azure provider decides at preview whether that edits it in place or replaces it.
 */
import * as pulumi from "@pulumi/pulumi";
import { diffByKeys } from "../../../provider/resources/diffByKeys";
import type { Registration } from "../../../tools/pulumi-mocks/mockRecorder";
import { MockRecorder } from "../../../tools/pulumi-mocks/mockRecorder";
import type { DocumentedKindConfig } from "./kindConfigs";

/** What a change does to one child. */
export type ChildEffect = "replace" | "in place" | "changed" | "added or removed";

/** Effects by child label (the child's name without the component's and host's names). */
export type ChangeEffects = Map<string, Set<ChildEffect>>;

const effectOrder: ChildEffect[] = ["replace", "added or removed", "in place", "changed"];
const dynamicTypePrefix = "pulumi-nodejs:dynamic/l2bridge:";
const secretSignature = "4dabf18193072939515e22adb298388d";

/** A recorded value with every secret wrapper removed, at any depth. */
export function revealed(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(revealed);
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (secretSignature in record) {
            return revealed(record.value);
        }
        return Object.fromEntries(
            Object.entries(record).map(([key, item]) => [key, revealed(item)]),
        );
    }
    return value;
}

/** How a child is named in the docs. */
function labelOf(registration: Registration, component: string, hostNames: string[]): string {
    let rest = registration.name.startsWith(`${component}-`)
        ? registration.name.slice(component.length + 1)
        : registration.name;
    if (registration.type.endsWith(":network:Route")) {
        return rest.startsWith("azure-") ? "azure-route" : "route";
    }
    const host = hostNames.find((name) => rest.startsWith(`${name}-`));
    if (host) {
        rest = rest.slice(host.length + 1);
    }
    return rest;
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function dynamicEffect(
    config: DocumentedKindConfig,
    before: Registration,
    after: Registration,
): ChildEffect | undefined {
    const checked = (registration: Registration) => {
        const bag = { ...(revealed(registration.inputs) as Record<string, unknown>) };
        delete bag.__provider;
        return config.check(bag).inputs;
    };
    const diff = diffByKeys(config, checked(before), checked(after));
    if (diff.replaces && diff.replaces.length > 0) {
        return "replace";
    }
    return diff.changes ? "in place" : undefined;
}

/** Runs `build` under the mocks and returns the custom children it registered. */
export async function childrenOf(mocks: MockRecorder, build: () => void): Promise<Registration[]> {
    mocks.reset();
    build();
    // Registrations finish asynchronously; wait until every pending call of the runtime is done.
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs(): Promise<void>;
    };
    await settings.waitForRPCs();
    return mocks.registrations.filter((registration) => registration.custom);
}

/** The effects of going from the `before` children to the `after` children. */
export function compareChildren(
    before: Registration[],
    after: Registration[],
    component: string,
    hostNames: string[],
    configs: Map<string, DocumentedKindConfig>,
): ChangeEffects {
    const effects: ChangeEffects = new Map();
    const add = (label: string, effect: ChildEffect) => {
        const set = effects.get(label) ?? new Set<ChildEffect>();
        set.add(effect);
        effects.set(label, set);
    };
    const afterByName = new Map(after.map((registration) => [registration.name, registration]));
    const beforeNames = new Set(before.map((registration) => registration.name));
    const unmatched = { before: new Set<string>(), after: new Set<string>() };
    for (const old of before) {
        const now = afterByName.get(old.name);
        const label = labelOf(old, component, hostNames);
        if (!now) {
            unmatched.before.add(label);
            continue;
        }
        if (old.type.startsWith(dynamicTypePrefix)) {
            const className = old.type.slice(dynamicTypePrefix.length);
            const config = configs.get(className);
            if (!config) {
                throw new Error(`no provider configuration for ${className}`);
            }
            const effect = dynamicEffect(config, old, now);
            if (effect) {
                add(label, effect);
            }
        } else if (!sameJson(revealed(old.inputs), revealed(now.inputs))) {
            add(label, "changed");
        }
    }
    for (const created of after.filter((registration) => !beforeNames.has(registration.name))) {
        unmatched.after.add(labelOf(created, component, hostNames));
    }
    for (const label of new Set([...unmatched.before, ...unmatched.after])) {
        // The same child under a new name is deleted and created again: a replacement.
        const renamed = unmatched.before.has(label) && unmatched.after.has(label);
        add(label, renamed ? "replace" : "added or removed");
    }
    return effects;
}

/** The effects as the docs write them: "`network` replace, `routes` in place", or "none". */
export function effectsText(effects: ChangeEffects): string {
    if (effects.size === 0) {
        return "none";
    }
    return [...effects.keys()]
        .sort()
        .map((label) => {
            const set = effects.get(label) as Set<ChildEffect>;
            const ordered = effectOrder.filter((effect) => set.has(effect));
            return `${label} ${ordered.join(" and ")}`;
        })
        .join(", ");
}

/** Installs the recording mocks (before any component module is loaded). */
export async function installMocks(): Promise<MockRecorder> {
    const mocks = new MockRecorder();
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    return mocks;
}
