/**
 * What the Linux driver knows about one object kind: the script that observes it, how to read that
 * script's output back into an observation, and the scripts that converge and remove it.
 */
import type { ApplyOp, Observation } from "../hostDriver";
import type { KindSpecs, ObjectKind } from "../../model/kinds";
import type { HostCall } from "./hostCall";

/** The Linux side of one object kind. */
export interface LinuxKind<K extends ObjectKind> {
    /** The call that reports the object's state as sections. */
    observe(spec: KindSpecs[K]): HostCall;
    /**
     * The observation in those sections, or null when the object is absent. `host` names the host
     * in messages the observation carries (the driver always passes it).
     */
    read(spec: KindSpecs[K], sections: Map<string, string>, host?: string): Observation<K> | null;
    /**
     * A call whose findings `converge` needs (such as the endpoints a policy sits on), run just
     * before it; undefined when none is needed.
     */
    prepare?(spec: KindSpecs[K]): HostCall | undefined;
    /**
     * The call that makes the host match `op.desired` (create or update; idempotent), given the
     * sections `prepare` printed (empty without one). Throws, naming the host, when the findings
     * make the change impossible.
     */
    converge(op: ApplyOp<K>, prepared?: Map<string, string>, host?: string): HostCall;
    /** The call that removes the object, succeeding when it is already gone. */
    remove(op: ApplyOp<K>): HostCall;
}
