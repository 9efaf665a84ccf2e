/**
 * What distinguishes one resource kind from another in the shared provider flow: its check, which
 * keys replace and which change in place, what it depends on, and how outputs are derived from
 * what the driver observed.
 */
import type { DetailValue, Observation } from "../drivers/hostDriver";
import type { KindSpecs, ObjectKind } from "../model/kinds";
import type { CheckOutcome } from "../validate/shared";

/** Another object that must exist on the host before this one is created. */
export interface Dependency {
    kind: ObjectKind;
    /** A partial spec naming the object (drivers find networks and endpoints by name). */
    spec: Partial<KindSpecs[ObjectKind]>;
    /** How to name it in messages, such as `ContainerEndpoint web-cbr0`. */
    label: string;
}

/** The per-kind part of a provider. */
export interface KindConfig<K extends ObjectKind> {
    /** Object kind the driver manages. */
    kind: K;
    /** Resource class name, for messages. */
    className: string;
    /** Pure validation and normalisation of the inputs. */
    check(news: unknown): CheckOutcome;
    /** Every input property of the kind; any other key is reported as unknown. */
    inputKeys: readonly string[];
    /** Spec keys whose change replaces the object; every other input key changes in place. */
    replaceKeys: readonly string[];
    /** Keys that replace only on Windows hosts, where HNS cannot edit them in place. */
    windowsReplaceKeys?: readonly string[];
    /** Output keys that are not inputs (besides `hostKeyFingerprint`). */
    outputKeys: readonly string[];
    /** Input keys the host fills when they are unset (an endpoint's MAC): compared only when set. */
    hostAssignedKeys?: readonly string[];
    /** True when the host cannot hold the old and the new object at once (same name, IP or port). */
    exclusiveOnHost: boolean;
    /** How to name the object in messages, such as `network cbr0`. */
    describe(spec: KindSpecs[K]): string;
    /** The object this one needs, if any (undefined when this spec needs none). */
    dependency?(spec: KindSpecs[K]): Dependency | undefined;
    /** `read` observes the dependency too, because the outputs are derived from it. */
    outputsReadDependency?: boolean;
    /** The kind's outputs, from the observation of the object and of its dependency. */
    outputs(
        observed: Observation<K>,
        spec: KindSpecs[K],
        dependency: Observation | null,
    ): Record<string, string | number>;
}

/** A detail value as a string output ("" when absent). */
export function detailText(details: Record<string, DetailValue>, key: string): string {
    const value = details[key];
    if (value === undefined || value === null) {
        return "";
    }
    return Array.isArray(value) ? value.join(",") : String(value);
}
