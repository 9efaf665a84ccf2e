/**
 * The host view an observe read, kept for the apply that follows it in the same converge: a
 * create or an update decides from that view instead of reading the host a second time. A view is
 * handed out once, only while it is fresh, and only until the driver changes the host (every apply
 * ends by forgetting all views, as its change may show in any of them). The host still guards
 * every change (an absent object is created only if still absent, a batch checks its
 * preconditions under the host lock), so a view that another client made stale in between makes
 * the change fail or do nothing, never do harm.
 */

/** Clock of the memo, replaceable in tests. */
export interface MemoClock {
    now(): number;
}

/** How long a kept view may serve an apply, in ms. */
export const viewMemoMaxAgeMs = 10_000;

/** Views kept at most, so a long refresh of many objects holds a bounded amount. */
export const viewMemoCapacity = 64;

/** One-shot views by object (its kind and name). */
export class ViewMemo {
    private readonly views = new Map<string, { view: unknown; at: number }>();

    constructor(
        private readonly clock: MemoClock,
        private readonly maxAgeMs: number = viewMemoMaxAgeMs,
        private readonly capacity: number = viewMemoCapacity,
    ) {}

    /** Keep `view` for the next apply of `key`, replacing an older one. */
    keep(key: string, view: unknown): void {
        this.views.delete(key);
        this.views.set(key, { view, at: this.clock.now() });
        while (this.views.size > this.capacity) {
            const oldest = this.views.keys().next().value as string;
            this.views.delete(oldest);
        }
    }

    /** Forget every view (the host was changed). */
    clear(): void {
        this.views.clear();
    }

    /** The view kept for `key` when it is fresh (at most once), else undefined. */
    take<T>(key: string): T | undefined {
        const kept = this.views.get(key);
        this.views.delete(key);
        if (!kept || this.clock.now() - kept.at > this.maxAgeMs) {
            return undefined;
        }
        return kept.view as T;
    }
}
