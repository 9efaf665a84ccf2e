/**
 * The connect retry loop of the SSH transport: attempts spaced by backoff with jitter, bounded in
 * count and by a time budget measured on an injectable clock.
 */
import type { Clock } from "../clock";
import { pause } from "../clock";
import type { BackoffPolicy } from "./backoff";
import { retryDelayMs } from "./backoff";

/** The limits of one connect. */
export interface RetryBudget {
    /** Time allowed for every attempt and delay together, in ms. */
    budgetMs: number;
    /** Delays and the most attempts. */
    backoff: BackoffPolicy;
    /** Source of jitter. */
    random: () => number;
    /** Source of time and timers. */
    clock: Clock;
}

/** Why retrying stopped: the attempts made and the last failure. */
export interface RetriesExhausted {
    attempts: number;
    lastError: Error;
}

/**
 * Calls `attempt` with the time left until it succeeds. An error for which `isFinal` holds is
 * rethrown at once; otherwise the next attempt follows a backoff delay, unless that delay would
 * pass the budget or the attempts are used up, in which case `giveUp` builds the error thrown.
 */
export async function retryConnect<T>(
    budget: RetryBudget,
    attempt: (remainingMs: number) => Promise<T>,
    isFinal: (error: Error) => boolean,
    giveUp: (exhausted: RetriesExhausted) => Error,
): Promise<T> {
    const { clock } = budget;
    const giveUpAt = clock.now() + budget.budgetMs;
    let lastError = new Error("no attempt made");
    let attempts = 0;
    while (attempts < budget.backoff.maxAttempts) {
        const remaining = giveUpAt - clock.now();
        if (remaining <= 0) {
            break;
        }
        attempts++;
        try {
            return await attempt(remaining);
        } catch (error) {
            if (isFinal(error as Error)) {
                throw error;
            }
            lastError = error as Error;
        }
        const delay = retryDelayMs(budget.backoff, attempts, budget.random);
        if (clock.now() + delay >= giveUpAt || attempts >= budget.backoff.maxAttempts) {
            break;
        }
        await pause(clock, delay);
    }
    throw giveUp({ attempts, lastError });
}
