/**
 * What every resource class of this package shares: the argument type (every field may be a
 * Pulumi input, `connection` may carry secrets) and how args become the property bag handed to
 * `pulumi.dynamic.Resource` (credentials wrapped as secrets, every output key present).
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostBound, HostBoundOutputs } from "../provider/model/hostBound";
import { connectionSecretFields } from "../provider/model/hostConnection";
import type { HostConnection } from "../provider/model/hostConnection";
import type { HostConnectionArgs } from "./hostConnection";

/**
 * `T` where every value, at any depth, may be a `pulumi.Input` (so a list of routes may hold
 * outputs, and a nested `exceptions` list may be one output).
 */
export type DeepInput<T> = [T] extends [string | number | boolean | null | undefined]
    ? pulumi.Input<T>
    : [T] extends [ReadonlyArray<infer Item>]
      ? pulumi.Input<Array<DeepInput<Item>>>
      : pulumi.Input<{ [K in keyof T]: DeepInput<NonNullable<T[K]>> }>;

/** Arguments of a host-bound resource: its documented properties, each (at any depth) a `pulumi.Input`. */
export type HostBoundArgs<P extends HostBound> = {
    [K in keyof Omit<P, "connection">]: DeepInput<NonNullable<Omit<P, "connection">[K]>>;
} & {
    /**
     * How to reach the host. Pass a plain object so `host` and `user` stay readable in diffs while
     * `password`, `privateKey` and `privateKeyPassphrase` are stored as secrets; a connection given
     * as one `Output` or `Promise` is stored as a secret as a whole. Required.
     */
    connection: pulumi.Input<HostConnectionArgs> | pulumi.Input<HostConnection>;
};

/**
 * Every key a resource class exposes as an output: its inputs, its outputs, `hostKeyFingerprint`.
 * @internal
 */
export type OutputKeys<P, O> = Record<keyof P | keyof O | keyof HostBoundOutputs, true>;

/**
 * The connection with its credentials marked secret. A plain object keeps its other fields
 * readable; an `Output` or `Promise` becomes one secret, because its fields are not known here.
 * @internal
 */
export function secretConnection(
    connection: pulumi.Input<HostConnectionArgs> | pulumi.Input<HostConnection>,
): pulumi.Input<HostConnectionArgs> {
    if (pulumi.Output.isInstance(connection) || connection instanceof Promise) {
        return pulumi.secret(pulumi.output(connection as pulumi.Input<HostConnection>));
    }
    const plain = connection as Record<string, unknown>;
    const secretFields: readonly string[] = connectionSecretFields;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(plain)) {
        if (value === undefined) {
            continue;
        }
        result[key] = secretFields.includes(key) ? pulumi.secret(value) : value;
    }
    return result as HostConnectionArgs;
}

/**
 * @internal
 * The property bag of a dynamic resource: the args with the connection's credentials secret, and
 * every output key present (as `undefined` when not an input) so the engine exposes it.
 */
export function resourceProps<P extends HostBound, O>(
    args: HostBoundArgs<P>,
    outputKeys: OutputKeys<P, O>,
): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(outputKeys)) {
        props[key] = undefined;
    }
    for (const [key, value] of Object.entries(args)) {
        props[key] = value;
    }
    props.connection = secretConnection(args.connection);
    return props;
}
