/**
 * `HostSession` over a long-lived remote shell: one request at a time per host, random request ids
 * so outputs never mix, a deadline per request (queue time included), bounded buffers, and a shell
 * that is replaced transparently when it dies. A request whose shell died before acknowledging it
 * is re-sent once on a new shell; one that had started fails at once as `SessionLostError`, or
 * `ConnectionDroppedError` when the connection itself dropped (its outcome is unknown, so it is never
 * blindly repeated; the next request connects again).
 */
import { randomBytes } from "crypto";
import {
    DeadlineError,
    OutputLimitError,
    RemoteScriptError,
    SessionLostError,
    limitUntil,
    scrubbedError,
} from "../errors";
import type { HostSession, InvokeOptions, RemoteProcess, ShellCodec } from "../types";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { CodecExtras, RequestOutcome } from "./liveShell";
import { LiveShell } from "./liveShell";

/** One request's run; abandoned once its deadline passed, so it never sends or resends late. */
interface Attempt {
    abandoned: boolean;
    /** True once the request left the queue (a deadline then ends the shell it runs on). */
    started: boolean;
}

/** What a `ShellSession` is built from. */
export interface ShellSessionOptions {
    /** Operating system of the host. */
    os: "windows" | "linux";
    /** Host name used in error messages. */
    host: string;
    /** Starts a remote process (usually `Transport.spawn` of a reconnecting transport). */
    spawn: (command: string) => Promise<RemoteProcess>;
    /** The host key fingerprint of the current connection ("" when none or WinRM). */
    hostKeyFingerprint: () => string;
    /** Framing of the shell. */
    codec: ShellCodec & CodecExtras;
    /** Deadline of a request without an explicit one, in ms. @default 300000 */
    defaultTimeoutMs?: number;
    /** Largest response (stdout of one request, encoded), in characters. @default 134217728 */
    maxResponseChars?: number;
    /** Source of request ids (tests). @default 16 random bytes as hex */
    newRequestId?: () => string;
    /** Source of time for request deadlines (tests). @default systemClock */
    clock?: Clock;
}

/** The long-lived shell session of one host. */
export class ShellSession implements HostSession {
    readonly os: "windows" | "linux";
    private shell: LiveShell | undefined;
    private queue: Promise<unknown> = Promise.resolve();
    private shellsStarted = 0;
    private readonly defaultTimeoutMs: number;
    private readonly maxResponseChars: number;
    private readonly newRequestId: () => string;
    private readonly clock: Clock;

    constructor(private readonly options: ShellSessionOptions) {
        this.os = options.os;
        this.defaultTimeoutMs = options.defaultTimeoutMs ?? 300_000;
        this.maxResponseChars = options.maxResponseChars ?? 128 * 1024 * 1024;
        this.newRequestId = options.newRequestId ?? (() => randomBytes(16).toString("hex"));
        this.clock = options.clock ?? systemClock;
    }

    hostKeyFingerprint(): string {
        return this.options.hostKeyFingerprint();
    }

    /** Number of shells started so far (a replaced shell counts again). */
    startedShells(): number {
        return this.shellsStarted;
    }

    /**
     * Queues `script`; its deadline counts from now, queue time included: a request still queued
     * when it passes fails at once without ever being sent.
     */
    invoke(
        script: string,
        params: Record<string, unknown> = {},
        options: InvokeOptions = {},
    ): Promise<string> {
        const now = this.clock.now();
        const deadline = options.deadline ?? now + this.defaultTimeoutMs;
        const payloadFor = (id: string): string =>
            this.options.codec.encodeRequest(id, script, params);
        const previous = this.queue;
        const run = this.runWithDeadline(previous, payloadFor, deadline, limitUntil(deadline, now));
        const settled = run.then(
            () => undefined,
            () => undefined,
        );
        // The next request waits for this one and every one before it, even when this one
        // expired while still queued: the shell serves one request at a time.
        this.queue = previous.then(() => settled);
        return run;
    }

    /** Ends the current shell; the next request starts a new one. */
    async close(): Promise<void> {
        const shell = this.shell;
        this.shell = undefined;
        await shell?.close();
    }

    /** Waits for `queued`, then runs; rejects when `deadline` passes first, queued or running. */
    private runWithDeadline(
        queued: Promise<unknown>,
        payloadFor: (id: string) => string,
        deadline: number,
        limitMs: number,
    ): Promise<string> {
        const what = `remote request on ${this.options.host}`;
        const attempt: Attempt = { abandoned: false, started: false };
        return new Promise<string>((resolve, reject) => {
            const timer = this.clock.setTimer(
                () => {
                    attempt.abandoned = true;
                    if (attempt.started) {
                        void this.close();
                        reject(new DeadlineError(what, limitMs));
                    } else {
                        reject(new DeadlineError(`${what} (still queued)`, limitMs));
                    }
                },
                Math.max(0, deadline - this.clock.now()),
            );
            void queued.then(() => {
                if (attempt.abandoned) {
                    return;
                }
                if (this.clock.now() >= deadline) {
                    timer.cancel();
                    reject(new DeadlineError(`${what} (still queued)`, limitMs));
                    return;
                }
                attempt.started = true;
                this.runOnce(payloadFor, attempt, true).then(
                    (output) => {
                        timer.cancel();
                        resolve(output);
                    },
                    (error) => {
                        timer.cancel();
                        reject(scrubbedError(error));
                    },
                );
            });
        });
    }

    private async runOnce(
        payloadFor: (id: string) => string,
        attempt: Attempt,
        mayResend: boolean,
    ): Promise<string> {
        const shell = await this.liveShell(attempt);
        const id = this.newRequestId();
        const outcome: RequestOutcome = await shell.request(id, payloadFor(id));
        switch (outcome.kind) {
            case "response": {
                const response = outcome.response;
                if (!response.ok) {
                    throw new RemoteScriptError(
                        this.options.host,
                        response.exitCode,
                        response.error ?? "",
                        response.output,
                    );
                }
                return response.output;
            }
            case "overflow":
                await this.discard(shell);
                throw new OutputLimitError(
                    `remote request on ${this.options.host}`,
                    this.maxResponseChars,
                );
            case "exited":
            case "dropped":
                await this.discard(shell);
                if (!outcome.acknowledged && mayResend && !attempt.abandoned) {
                    return this.runOnce(payloadFor, attempt, false);
                }
                throw outcome.kind === "dropped"
                    ? outcome.error
                    : new SessionLostError(this.options.host, outcome.detail);
        }
    }

    private async liveShell(attempt: Attempt): Promise<LiveShell> {
        if (this.shell?.isAlive()) {
            return this.shell;
        }
        this.shell = undefined;
        const shell = await LiveShell.start(
            this.options.spawn,
            this.options.codec,
            this.maxResponseChars,
        );
        this.shellsStarted++;
        if (attempt.abandoned) {
            await shell.close();
            throw new Error("request abandoned after its deadline");
        }
        this.shell = shell;
        return shell;
    }

    private async discard(shell: LiveShell): Promise<void> {
        if (this.shell === shell) {
            this.shell = undefined;
        }
        await shell.close();
    }
}
