/**
 * The one flow every resource kind follows (see DESIGN.md, "One flow for every resource"):
 * check is pure; create, read, update and delete observe the host through its driver first and
 * then perform at most one primitive change.
 */
import { convergeObject } from "./convergeObject";
import type * as pulumi from "@pulumi/pulumi";
import { driverFor } from "../drivers/registry";
import type { HostDriver, Observation } from "../drivers/hostDriver";
import type { KindSpecs, ObjectKind } from "../model/kinds";
import { diffByKeys } from "./diffByKeys";
import type { KindConfig } from "./kindConfig";
import { splitBag } from "./propertyBag";
import { missingDependencyError, withObjectId } from "./providerErrors";

type Bag = Record<string, unknown>;

/** The property path a message is about: the text before its first `: `. */
export function propertyOfMessage(message: string): string {
    const end = message.indexOf(": ");
    return end < 0 ? "" : message.slice(0, end);
}

/** Messages for keys of `news` that are not properties of the kind (typos would otherwise be ignored). */
export function unknownPropertyProblems<K extends ObjectKind>(
    config: KindConfig<K>,
    news: Bag,
): string[] {
    return Object.keys(news)
        .filter(
            (key) =>
                key !== "__provider" && news[key] !== undefined && !config.inputKeys.includes(key),
        )
        .map(
            (key) =>
                `${key}: is not a property of ${config.className}; remove it or check the spelling (properties: ${config.inputKeys.join(", ")})`,
        );
}

/** The provider of one resource kind. */
export function kindProvider<K extends ObjectKind>(
    config: KindConfig<K>,
): Required<
    Pick<
        pulumi.dynamic.ResourceProvider,
        "check" | "diff" | "create" | "read" | "update" | "delete"
    >
> {
    const parts = (bag: Bag) => splitBag<K>(bag, config.outputKeys);

    async function observeDependency(driver: HostDriver, spec: KindSpecs[K], host: string) {
        const dependency = config.dependency?.(spec);
        if (!dependency) {
            return null;
        }
        const found = await driver.observe(
            dependency.kind,
            dependency.spec as KindSpecs[ObjectKind],
        );
        if (!found) {
            throw missingDependencyError(
                config.className,
                config.describe(spec),
                dependency.label,
                host,
            );
        }
        return found;
    }

    async function outputsOf(
        driver: HostDriver,
        inputs: Bag,
        observed: Observation<K>,
        spec: KindSpecs[K],
        dependency: Observation | null,
    ): Promise<Bag> {
        const outs: Bag = {};
        for (const [key, value] of Object.entries(inputs)) {
            if (key !== "__provider" && value !== undefined) {
                outs[key] = value;
            }
        }
        Object.assign(outs, config.outputs(observed, spec, dependency));
        outs.hostKeyFingerprint = await driver.hostKeyFingerprint();
        return outs;
    }

    /** Bring the host to `spec`: create when absent, update when it differs, nothing when equal. */
    async function converge(inputs: Bag): Promise<{ id: string; outs: Bag }> {
        const { connection, adopt, spec } = parts(inputs);
        const driver = driverFor(connection);
        const dependency = await observeDependency(driver, spec, connection.host);
        const what = config.describe(spec);
        const result = await convergeObject(driver, config.kind, spec, {
            adopt: adopt === true,
            className: config.className,
            what,
            host: connection.host,
        });
        try {
            return {
                id: result.observation.id,
                outs: await outputsOf(driver, inputs, result.observation, spec, dependency),
            };
        } catch (error) {
            throw withObjectId(error, result.observation.id);
        }
    }

    return {
        async check(_olds: Bag, news: Bag) {
            const outcome = config.check(news);
            const problems = [...outcome.problems, ...unknownPropertyProblems(config, news)];
            return {
                inputs: outcome.inputs,
                failures: problems.map((reason) => ({
                    property: propertyOfMessage(reason),
                    reason,
                })),
            };
        },

        async diff(_id: string, olds: Bag, news: Bag) {
            return diffByKeys(config, olds, news);
        },

        async create(inputs: Bag) {
            return converge(inputs);
        },

        async read(id: string, props: Bag = {}) {
            if (!props.connection) {
                throw new Error(
                    `${config.className} ${id}: cannot be read without its stored connection; importing is not supported for dynamic resources, declare the resource with adopt: true instead`,
                );
            }
            const { connection, spec } = parts(props);
            const driver = driverFor(connection);
            const found = await driver.observe(config.kind, spec);
            if (!found) {
                return {};
            }
            const inputs: Bag = {};
            for (const [key, value] of Object.entries(props)) {
                const isOutput = config.outputKeys.includes(key) || key === "hostKeyFingerprint";
                if (key !== "__provider" && !isOutput && value !== undefined) {
                    inputs[key] = value;
                }
            }
            for (const [key, value] of Object.entries(found.state)) {
                if (value !== undefined && key in (spec as object)) {
                    inputs[key] = value;
                }
            }
            let dependency: Observation | null = null;
            const wanted = config.outputsReadDependency ? config.dependency?.(spec) : undefined;
            if (wanted) {
                dependency = await driver.observe(
                    wanted.kind,
                    wanted.spec as KindSpecs[ObjectKind],
                );
            }
            const outs = await outputsOf(driver, inputs, found, spec, dependency);
            return { id: found.id || id, props: outs, inputs };
        },

        async update(id: string, _olds: Bag, news: Bag) {
            try {
                const { outs } = await converge(news);
                return { outs };
            } catch (error) {
                throw (error as { id?: string }).id ? error : withObjectId(error, id);
            }
        },

        async delete(_id: string, props: Bag) {
            const { connection, adopt, spec } = parts(props);
            const driver = driverFor(connection);
            const found = await driver.observe(config.kind, spec);
            if (!found || (!found.owned && !adopt)) {
                return;
            }
            await driver.apply({
                kind: config.kind,
                action: "delete",
                desired: spec,
                observed: found,
            });
        },
    };
}
