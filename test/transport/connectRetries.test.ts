import { expect } from "chai";
import { defaultBackoff } from "../../provider/transport/ssh/backoff";
import type { RetryBudget } from "../../provider/transport/ssh/connectRetries";
import { retryConnect } from "../../provider/transport/ssh/connectRetries";
import { FakeClock } from "../support/fakeClock";

/** An attempt that fails `failures` times (with `error`), then succeeds; it records its budgets. */
function flakyAttempt(failures: number, error = new Error("refused")) {
    const remaining: number[] = [];
    const attempt = async (remainingMs: number): Promise<string> => {
        remaining.push(remainingMs);
        if (remaining.length <= failures) {
            throw error;
        }
        return "connected";
    };
    return { attempt, remaining };
}

const finalError = new Error("authentication refused");

describe("connect retries on a fake clock (delays with jitter 0.5: 250, 500, 1000, 2000, 4000 ms)", () => {
    const cases: Array<{
        proves: string;
        budgetMs: number;
        maxAttempts?: number;
        failures: number;
        error?: Error;
        outcome: string;
        remaining: number[];
        elapsed: number;
    }> = [
        {
            proves: "succeeds on the third attempt after two backoff delays",
            budgetMs: 30_000,
            failures: 2,
            outcome: "connected",
            remaining: [30_000, 29_750, 29_250],
            elapsed: 750,
        },
        {
            proves: "gives up before a delay that would pass the budget, never after it",
            budgetMs: 3000,
            failures: Infinity,
            outcome: "gave up after 4: refused",
            remaining: [3000, 2750, 2250, 1250],
            elapsed: 1750,
        },
        {
            proves: "stops at the most attempts even with time left",
            budgetMs: 600_000,
            maxAttempts: 3,
            failures: Infinity,
            outcome: "gave up after 3: refused",
            remaining: [600_000, 599_750, 599_250],
            elapsed: 750,
        },
        {
            proves: "rethrows a final error at once, without a delay or a second attempt",
            budgetMs: 30_000,
            failures: Infinity,
            error: finalError,
            outcome: "authentication refused",
            remaining: [30_000],
            elapsed: 0,
        },
    ];
    for (const testCase of cases) {
        it(testCase.proves, async () => {
            const clock = new FakeClock({ autoAdvance: true });
            const budget: RetryBudget = {
                budgetMs: testCase.budgetMs,
                backoff: { ...defaultBackoff, maxAttempts: testCase.maxAttempts ?? 6 },
                random: () => 0.5,
                clock,
            };
            const { attempt, remaining } = flakyAttempt(testCase.failures, testCase.error);
            const outcome = await retryConnect(
                budget,
                attempt,
                (error) => error === finalError,
                ({ attempts, lastError }) =>
                    new Error(`gave up after ${attempts}: ${lastError.message}`),
            ).catch((error: Error) => error.message);
            expect({ outcome, remaining, elapsed: clock.elapsed() }).to.deep.equal({
                outcome: testCase.outcome,
                remaining: testCase.remaining,
                elapsed: testCase.elapsed,
            });
        });
    }
});
