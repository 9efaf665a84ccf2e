/**
 * What the Linux driver knows about one object kind: the script that observes it, how to read that
 * script's output back into an observation, and the scripts that converge and remove it.
 */
import { ApplyOp, Observation } from "../hostDriver";
import { KindSpecs, ObjectKind } from "../../model/kinds";
import { HostCall } from "./hostCall";

/** The Linux side of one object kind. */
export interface LinuxKind<K extends ObjectKind> {
    /** The call that reports the object's state as sections. */
    observe(spec: KindSpecs[K]): HostCall;
    /** The observation in those sections, or null when the object is absent. */
    read(spec: KindSpecs[K], sections: Map<string, string>): Observation<K> | null;
    /** The call that makes the host match `op.desired` (create or update; idempotent). */
    converge(op: ApplyOp<K>): HostCall;
    /** The call that removes the object, succeeding when it is already gone. */
    remove(op: ApplyOp<K>): HostCall;
}
