/**
 * What each object kind offers the Windows driver: observe an object and apply one change to it.
 * The driver dispatches every call through one table of these, one per kind.
 */
import type { KindSpecs, ObjectKind } from "../../../model/kinds";
import type { ApplyOp, Observation } from "../../hostDriver";
import type { WindowsHostContext } from "../hostContext";

/** The Windows side of one object kind. */
export interface WindowsKind<K extends ObjectKind> {
    /** The object as the host has it, or null when it does not exist. */
    observe(context: WindowsHostContext, spec: KindSpecs[K]): Promise<Observation<K> | null>;
    /** Creates, updates or deletes the object; returns what it observes afterwards (null once deleted). */
    apply(context: WindowsHostContext, op: ApplyOp<K>): Promise<Observation<K> | null>;
}
