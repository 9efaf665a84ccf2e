/**
 * The time source of the transports: the current time and one-shot timers. The system clock is
 * the default; a test passes its own to drive deadlines and retry delays without waiting.
 */

/** A pending timer, as returned by `Clock.setTimer`. */
export interface ClockTimer {
    /** Cancels the timer; harmless once it has fired. */
    cancel(): void;
}

/** Current time and one-shot timers. */
export interface Clock {
    /** Milliseconds since the epoch, as `Date.now()`. */
    now(): number;
    /** Calls `callback` once, `delayMs` from now. */
    setTimer(callback: () => void, delayMs: number): ClockTimer;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
    now: () => Date.now(),
    setTimer(callback, delayMs) {
        const handle = setTimeout(callback, delayMs);
        return { cancel: () => clearTimeout(handle) };
    },
};

/** Resolves `delayMs` from now by `clock`. */
export function pause(clock: Clock, delayMs: number): Promise<void> {
    return new Promise((resolve) => clock.setTimer(resolve, delayMs));
}
