/**
 * The narrow interface between the providers (decision logic, in TypeScript) and a host (HNS on
 * Windows, the Linux kernel). A driver only observes and performs single primitive changes; it
 * never decides whether a change is needed.
 */
import type { KindSpecs, ObjectKind } from "../model/kinds";

/** Scalar detail values a driver may report. */
export type DetailValue = string | number | boolean | string[] | null;

/** What a driver found on the host for one object. */
export interface Observation<K extends ObjectKind = ObjectKind> {
    /** Platform ID: the HNS GUID on Windows, a stable name on Linux. */
    id: string;
    /** True when the object carries this package's ownership marker. */
    owned: boolean;
    /** The object's current state as a spec of the same shape as the desired one. */
    state: KindSpecs[K];
    /** Platform details for outputs, such as `hostInterface`, `macAddress`, `managementIp`. */
    details: Record<string, DetailValue>;
}

/** One primitive change. */
export interface ApplyOp<K extends ObjectKind = ObjectKind> {
    kind: K;
    /** `create` a missing object, `update` an existing one in place, `delete` an owned one. */
    action: "create" | "update" | "delete";
    /** Desired state (the normalised spec). For `delete`, the last known spec. */
    desired: KindSpecs[K];
    /** What `observe` returned just before, or null when the object is absent. */
    observed: Observation<K> | null;
}

/** A host as the providers see it. */
export interface HostDriver {
    readonly os: "windows" | "linux";
    /**
     * Find the object `spec` describes (networks and endpoints by name, load balancers by their
     * records or content, route sets by owned routes). Returns null when it does not exist.
     */
    observe<K extends ObjectKind>(kind: K, spec: KindSpecs[K]): Promise<Observation<K> | null>;
    /**
     * Perform one change under the host lock and return the object as observed afterwards (null
     * after a delete). Idempotent: deleting an absent object succeeds.
     */
    apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null>;
    /** SSH host key fingerprint seen on the connection (`SHA256:…`), or "" when not applicable. */
    hostKeyFingerprint(): Promise<string>;
}
