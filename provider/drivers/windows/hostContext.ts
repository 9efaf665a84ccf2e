/** What the per-kind operations of the Windows driver share: the host, its session and time. */
import type { DetachedCreateClock, DetachedCreateTiming } from "./blipSafeCreate";
import type { ScriptName } from "./scriptCatalog";
import type { ViewMemo } from "./viewMemo";

/** The Windows host as the per-kind operations see it. */
export interface WindowsHostContext {
    /** Host name, for messages. */
    readonly host: string;
    /** Run script `name` with `params` (data) and decode its JSON result. */
    invoke<T>(name: ScriptName, params: Record<string, unknown>): Promise<T>;
    /** Timing of the detached network create. */
    readonly detachedTiming: DetachedCreateTiming;
    /** Clock used by the detached create. */
    readonly clock: DetachedCreateClock;
    /** A fresh operation id (32 lower-case hex digits). */
    newOperationId(): string;
    /** Views an observe read, for the apply that follows it (see `ViewMemo`). */
    readonly views: ViewMemo;
}
