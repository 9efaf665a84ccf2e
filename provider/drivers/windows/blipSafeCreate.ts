/**
 * The first external network on a NIC moves the host's address to a new vSwitch vNIC and drops
 * its connections for seconds. That create runs detached on the host (a scheduled task keyed by an
 * operation id that writes a result file); this loop starts it once, rides out transport errors
 * while the host is unreachable, and polls until the network exists.
 */
import type { OperationState } from "./hostViews";

/** What the loop needs from the driver. */
export interface DetachedCreateSteps<V> {
    /**
     * Start the detached create (idempotent per operation id on the host); the host may wait for
     * its outcome and answer as a poll does, so the loop needs no poll when the connection held.
     */
    start(): Promise<{ operation: OperationState; view: V } | void>;
    /** Read the operation state and the network view. */
    poll(): Promise<{ operation: OperationState; view: V }>;
    /** True when the view already shows the network. */
    networkExists(view: V): boolean;
}

/** Time handling, replaceable in tests. */
export interface DetachedCreateClock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

/** Timing of the loop. */
export interface DetachedCreateTiming {
    /** Give up after this long without success, in ms (the connection's `reconnectSeconds`). */
    reconnectMs: number;
    /** First wait between polls, in ms; doubles up to `maxPollIntervalMs`. */
    pollIntervalMs: number;
    /** Longest wait between polls, in ms. */
    maxPollIntervalMs: number;
}

/**
 * Failures that waiting cannot fix: the script itself failed on the host, or the host refused the
 * credentials or presented another host key. Anything else from an invoke is the connection.
 */
const finalFailureNames = [
    "RemoteScriptError",
    "AuthenticationError",
    "HostKeyMismatchError",
    "OutputLimitError",
];

/** True when an invoke failure is final (see `finalFailureNames`), not a blip of the connection. */
export function isScriptFailure(error: unknown): boolean {
    return error instanceof Error && finalFailureNames.includes(error.name);
}

/** What happened, for tests and messages. */
export interface DetachedCreateOutcome<V> {
    view: V;
    /** Number of start requests that reached the host or may have. */
    startAttempts: number;
    /** Number of invokes that failed with a transport error. */
    transportErrors: number;
}

/**
 * Start the create and poll until the network exists and the operation is no longer running. A poll
 * that finds the network then is success, whatever the operation reported; a start is repeated only
 * when the host has no trace of it.
 */
export async function createDetached<V>(
    steps: DetachedCreateSteps<V>,
    timing: DetachedCreateTiming,
    clock: DetachedCreateClock,
    describe: string,
): Promise<DetachedCreateOutcome<V>> {
    const deadline = clock.now() + timing.reconnectMs;
    let startAttempts = 0;
    let transportErrors = 0;
    let lastTransportError = "";
    const attempt = async (
        run: () => Promise<{ operation: OperationState; view: V } | void>,
    ): Promise<{ operation: OperationState; view: V } | undefined> => {
        try {
            return (await run()) ?? undefined;
        } catch (error) {
            if (isScriptFailure(error)) {
                throw error;
            }
            transportErrors += 1;
            lastTransportError = error instanceof Error ? error.message : String(error);
            return undefined;
        }
    };
    const attemptStart = () => {
        startAttempts += 1;
        return attempt(() => steps.start());
    };
    let polled = await attemptStart();
    let interval = timing.pollIntervalMs;
    for (;;) {
        if (!polled) {
            polled = await attempt(() => steps.poll());
        }
        if (polled) {
            const { operation, view } = polled;
            // While the task still runs, the network may exist before the task has recorded it as
            // ours: only a finished (or untraceable) operation makes an existing network the answer.
            if (steps.networkExists(view) && operation.state !== "running") {
                return { view, startAttempts, transportErrors };
            }
            if (operation.state === "failed") {
                throw new Error(
                    `${describe}: the detached create failed on the host: ${operation.detail}`,
                );
            }
            if (operation.state === "succeeded") {
                throw new Error(
                    `${describe}: the detached create reported "${operation.detail}" but the network is ` +
                        `not there; something removed it. Fix: run pulumi up again.`,
                );
            }
            if (operation.state === "unknown") {
                // A start that reaches the host answers as a poll: judge that answer at once.
                polled = await attemptStart();
                if (polled && polled.operation.state !== "unknown") {
                    continue;
                }
            }
        }
        if (clock.now() >= deadline) {
            throw new Error(
                `${describe}: the host did not report the network within reconnectSeconds ` +
                    `(${Math.round(timing.reconnectMs / 1000)} s)` +
                    (lastTransportError ? `; last connection error: ${lastTransportError}` : "") +
                    `. The create is idempotent: raise timeouts.reconnectSeconds or run pulumi up again.`,
            );
        }
        await clock.sleep(interval);
        interval = Math.min(interval * 2, timing.maxPollIntervalMs);
        polled = undefined;
    }
}
