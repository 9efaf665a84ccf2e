/**
 * The detached-create loop on its own (pure TypeScript): timing, which failures end the wait, and
 * when an existing network is the answer. Its steps are stubs; the real scripts run in
 * test/windows/blipSafeCreate.test.ts.
 */
import { expect } from "chai";
import type { DetachedCreateSteps } from "../../../provider/drivers/windows/blipSafeCreate";
import { createDetached } from "../../../provider/drivers/windows/blipSafeCreate";
import type { OperationState } from "../../../provider/drivers/windows/hostViews";

class SteppingClock {
    time = 0;
    sleeps: number[] = [];
    now = (): number => this.time;
    sleep = async (ms: number): Promise<void> => {
        this.sleeps.push(ms);
        this.time += ms;
    };
}

const timing = { reconnectMs: 60_000, pollIntervalMs: 1000, maxPollIntervalMs: 10_000 };

function named(name: string, message: string): Error {
    const error = new Error(message);
    error.name = name;
    return error;
}

type Answer = Error | { state: OperationState["state"]; exists: boolean };

function answered(answer: Answer) {
    if (answer instanceof Error) throw answer;
    return { operation: { state: answer.state, detail: "d" }, view: { exists: answer.exists } };
}

/**
 * Steps answering poll i with `polls[i]` (the last one repeats) and start i with `starts[i]` (none:
 * the start answers nothing, as a host that does not wait); an Error is thrown.
 */
function steps(polls: Answer[], starts: (Answer | undefined)[] = []) {
    const calls = { start: 0, poll: 0 };
    const s: DetachedCreateSteps<{ exists: boolean }> = {
        start: async () => {
            const answer = starts[calls.start];
            calls.start += 1;
            return answer === undefined ? undefined : answered(answer);
        },
        poll: async () => {
            const answer = polls[Math.min(calls.poll, polls.length - 1)];
            calls.poll += 1;
            return answered(answer);
        },
        networkExists: (view) => view.exists,
    };
    return { s, calls };
}

async function failure(work: Promise<unknown>): Promise<string> {
    try {
        await work;
    } catch (error) {
        return (error as Error).message;
    }
    return "(no failure)";
}

const reset = named("TransportError", "connection reset by peer");

describe("detached create loop", () => {
    it("rides out dropped polls and ends when the network exists and the operation finished", async () => {
        const { s, calls } = steps([reset, reset, { state: "succeeded", exists: true }]);
        const outcome = await createDetached(s, timing, new SteppingClock(), "network x");
        expect(outcome).to.deep.include({ startAttempts: 1, transportErrors: 2 });
        expect(calls.poll).to.equal(3);
    });
    it("keeps polling while the operation still runs, even when the network already exists", async () => {
        const { s, calls } = steps([
            { state: "running", exists: true },
            { state: "succeeded", exists: true },
        ]);
        await createDetached(s, timing, new SteppingClock(), "network x");
        expect(calls.poll).to.equal(2);
    });
    it("a network found with no trace of the operation is the answer (made by an earlier run)", async () => {
        const { s, calls } = steps([{ state: "unknown", exists: true }]);
        await createDetached(s, timing, new SteppingClock(), "network x");
        expect(calls).to.deep.equal({ start: 1, poll: 1 });
    });
    it("no trace of the operation and no network: started again", async () => {
        const { s, calls } = steps([
            { state: "unknown", exists: false },
            { state: "succeeded", exists: true },
        ]);
        await createDetached(s, timing, new SteppingClock(), "network x");
        expect(calls.start).to.equal(2);
    });
    const startAnswers: {
        proves: string;
        starts: Answer[];
        polls: Answer[];
        calls: { start: number; poll: number };
        sleeps: number[];
    }[] = [
        {
            proves: "a start that waited until the create finished is the answer: no poll, no wait",
            starts: [{ state: "succeeded", exists: true }],
            polls: [reset],
            calls: { start: 1, poll: 0 },
            sleeps: [],
        },
        {
            proves: "a start that answers while the create still runs is followed by polls",
            starts: [{ state: "running", exists: false }],
            polls: [{ state: "succeeded", exists: true }],
            calls: { start: 1, poll: 1 },
            sleeps: [1000],
        },
        {
            proves: "a start whose answer was lost is followed by polls at once",
            starts: [reset],
            polls: [{ state: "succeeded", exists: true }],
            calls: { start: 1, poll: 1 },
            sleeps: [],
        },
        {
            proves: "a start made again after a poll found no trace is judged by its own answer",
            starts: [reset, { state: "succeeded", exists: true }],
            polls: [{ state: "unknown", exists: false }],
            calls: { start: 2, poll: 1 },
            sleeps: [],
        },
    ];
    for (const { proves, starts, polls, calls: want, sleeps } of startAnswers) {
        it(proves, async () => {
            const clock = new SteppingClock();
            const { s, calls } = steps(polls, starts);
            await createDetached(s, timing, clock, "network x");
            expect({ calls, sleeps: clock.sleeps }).to.deep.equal({ calls: want, sleeps });
        });
    }
    it("a start that answers with the host's failure ends the wait without a poll", async () => {
        const { s, calls } = steps([reset], [{ state: "failed", exists: false }]);
        expect(await failure(createDetached(s, timing, new SteppingClock(), "network x"))).to.equal(
            "network x: the detached create failed on the host: d",
        );
        expect(calls).to.deep.equal({ start: 1, poll: 0 });
    });
    it("waits between polls double from 1 s up to 10 s", async () => {
        const clock = new SteppingClock();
        const { s } = steps([
            reset,
            reset,
            reset,
            reset,
            reset,
            reset,
            reset,
            { state: "succeeded", exists: true },
        ]);
        await createDetached(s, timing, clock, "network x");
        expect(clock.sleeps).to.deep.equal([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    });
    it("a host that never comes back fails after reconnectSeconds, naming the limit and the last error", async () => {
        const clock = new SteppingClock();
        const message = await failure(createDetached(steps([reset]).s, timing, clock, "network x"));
        expect(message).to.equal(
            "network x: the host did not report the network within reconnectSeconds (60 s); last connection error: connection reset by peer. The create is idempotent: raise timeouts.reconnectSeconds or run pulumi up again.",
        );
    });
    const finalCases: [string, Answer, RegExp][] = [
        [
            "refused credentials end the wait at once",
            named("AuthenticationError", "authentication failed"),
            /authentication failed/,
        ],
        [
            "a script error is not mistaken for a blip",
            named("RemoteScriptError", "Get-NetRoute: access denied"),
            /access denied/,
        ],
        [
            "a failed operation reports the host's detail",
            { state: "failed", exists: false },
            /the detached create failed on the host: d/,
        ],
        [
            "a succeeded operation without the network says something removed it",
            { state: "succeeded", exists: false },
            /something removed it/,
        ],
    ];
    for (const [title, answer, expected] of finalCases) {
        it(title, async () => {
            const { s, calls } = steps([answer]);
            expect(
                await failure(createDetached(s, timing, new SteppingClock(), "network x")),
            ).to.match(expected);
            expect(calls.poll).to.equal(1);
        });
    }
});
