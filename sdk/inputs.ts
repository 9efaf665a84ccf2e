import type * as pulumi from "@pulumi/pulumi";

/**
 * Maps a plain, documented property interface to the argument type of a resource: every
 * top-level field may be a `pulumi.Input`. Field documentation carries over from the plain type.
 */
export type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };
