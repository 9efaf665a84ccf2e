/**
 * A clock for tests: time moves only when the test says so (`advance`), or, when built with
 * `autoAdvance`, jumps straight to each timer as soon as it is set (or to each one the predicate
 * picks, such as retry pauses but not request timeouts), so delays take no real time. Timers fire
 * in due order.
 */
import type { Clock, ClockTimer } from "../../provider/transport/clock";

interface PendingTimer {
    due: number;
    callback: () => void;
}

/** A `Clock` driven by the test. */
export class FakeClock implements Clock {
    private current: number;
    private readonly start: number;
    private readonly autoAdvance: (delayMs: number) => boolean;
    private readonly pending = new Set<PendingTimer>();
    private readonly setListeners: Array<(delayMs: number) => void> = [];
    /** Delays of every timer set so far, in order. */
    readonly delaysSet: number[] = [];

    /**
     * `start`: the time at first (ms since the epoch). `autoAdvance`: jump to every timer as it
     * is set (true), to those whose delay the predicate accepts, or never (false, the default).
     */
    constructor(
        options: { start?: number; autoAdvance?: boolean | ((delayMs: number) => boolean) } = {},
    ) {
        this.start = options.start ?? 1_700_000_000_000;
        this.current = this.start;
        const auto = options.autoAdvance ?? false;
        this.autoAdvance = typeof auto === "function" ? auto : () => auto;
    }

    now(): number {
        return this.current;
    }

    setTimer(callback: () => void, delayMs: number): ClockTimer {
        const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), callback };
        this.pending.add(timer);
        this.delaysSet.push(delayMs);
        this.setListeners.splice(0).forEach((listener) => listener(delayMs));
        if (this.autoAdvance(delayMs)) {
            setImmediate(() => this.advanceTo(Math.max(this.current, timer.due)));
        }
        return { cancel: () => this.pending.delete(timer) };
    }

    /** Moves time forward by `ms`, firing every timer that falls due, earliest first. */
    advance(ms: number): void {
        this.advanceTo(this.current + ms);
    }

    /** Resolves with the delay of the next timer set from now on. */
    nextTimer(): Promise<number> {
        return new Promise((resolve) => this.setListeners.push(resolve));
    }

    /** Milliseconds this clock has moved since it was built. */
    elapsed(): number {
        return this.current - this.start;
    }

    /** Timers set and neither fired nor cancelled. */
    pendingCount(): number {
        return this.pending.size;
    }

    private advanceTo(target: number): void {
        for (;;) {
            const next = [...this.pending]
                .filter((timer) => timer.due <= target)
                .sort((a, b) => a.due - b.due)[0];
            if (!next) {
                break;
            }
            this.pending.delete(next);
            this.current = next.due;
            next.callback();
        }
        this.current = target;
    }
}
