/** Connect retry schedule: exponential backoff with jitter, bounded in count and time. */

/** Retry limits. */
export interface BackoffPolicy {
    /** First delay, in ms. @default 250 */
    initialDelayMs: number;
    /** Largest delay, in ms. @default 4000 */
    maxDelayMs: number;
    /** Most connection attempts in one connect. @default 6 */
    maxAttempts: number;
}

/** Defaults of `BackoffPolicy`. */
export const defaultBackoff: BackoffPolicy = {
    initialDelayMs: 250,
    maxDelayMs: 4000,
    maxAttempts: 6,
};

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): `initial × 2^(attempt-1)`, capped,
 * then scaled by a jitter factor in [0.5, 1.5) drawn from `random`.
 */
export function retryDelayMs(policy: BackoffPolicy, attempt: number, random: () => number): number {
    const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
    return Math.round(base * (0.5 + random()));
}
