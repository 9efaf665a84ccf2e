/**
 * A clock for tests: time moves only when the test says so (`advance`), or, when built with
 * `autoAdvance`, jumps straight to each timer as soon as it is set, so retry delays take no real
 * time. Timers fire in due order.
 */
import { Clock, ClockTimer } from "../../provider/transport/clock";

interface PendingTimer {
    due: number;
    callback: () => void;
}

/** A `Clock` driven by the test. */
export class FakeClock implements Clock {
    private current: number;
    private readonly start: number;
    private readonly autoAdvance: boolean;
    private readonly pending = new Set<PendingTimer>();
    private readonly setListeners: Array<(delayMs: number) => void> = [];
    /** Delays of every timer set so far, in order. */
    readonly delaysSet: number[] = [];

    constructor(options: { start?: number; autoAdvance?: boolean } = {}) {
        this.start = options.start ?? 1_700_000_000_000;
        this.current = this.start;
        this.autoAdvance = options.autoAdvance ?? false;
    }

    now(): number {
        return this.current;
    }

    setTimer(callback: () => void, delayMs: number): ClockTimer {
        const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), callback };
        this.pending.add(timer);
        this.delaysSet.push(delayMs);
        this.setListeners.splice(0).forEach((listener) => listener(delayMs));
        if (this.autoAdvance) {
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
