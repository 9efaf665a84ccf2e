/**
 * Typed errors of the transports. Every message passes through the redactor when the error is
 * built, so no secret can leave in an error.
 */
import { redact } from "./redact";

/** Base class: a transport failure whose message is already redacted. */
export class TransportError extends Error {
    constructor(message: string) {
        super(redact(message));
        this.name = new.target.name;
    }
}

/** The host refused the credentials. Never retried: retrying only locks accounts. */
export class AuthenticationError extends TransportError {
    constructor(
        public readonly host: string,
        public readonly user: string,
        detail: string,
    ) {
        super(
            `authentication as "${user}" on ${host} failed (${detail}); check connection.user and ` +
                `connection.password or connection.privateKey (and privateKeyPassphrase)`,
        );
    }
}

/** The host presented another SSH host key than the pinned one. */
export class HostKeyMismatchError extends TransportError {
    constructor(
        public readonly host: string,
        public readonly expected: string,
        public readonly seen: string,
    ) {
        super(
            `host key of ${host} is ${seen} but connection.hostKey pins ${expected}; refusing to ` +
                `connect. If the host was rebuilt, verify the new key out of band and update hostKey`,
        );
    }
}

/** The connection could not be established (after bounded retries) or was lost. */
export class ConnectError extends TransportError {
    constructor(
        public readonly host: string,
        public readonly attempts: number,
        detail: string,
    ) {
        super(
            `cannot connect to ${host} after ${attempts} attempt(s): ${detail}; check connection.host, ` +
                `connection.port, the network path and timeouts.connectSeconds`,
        );
    }
}

/** A command or request ran out of time. */
export class DeadlineError extends TransportError {
    constructor(
        public readonly what: string,
        public readonly limitMs: number,
    ) {
        super(
            `${what} did not finish within its deadline of ${formatMs(limitMs)}; the host may be ` +
                `unreachable or the command stuck (raise timeouts.commandSeconds if it is just slow)`,
        );
    }
}

/** More output than the transport buffers. */
export class OutputLimitError extends TransportError {
    constructor(
        public readonly what: string,
        public readonly limitBytes: number,
    ) {
        super(`${what} produced more than ${limitBytes} bytes of output; it was stopped`);
    }
}

/** A remote script ran and failed (non-zero exit, or a thrown error on Windows). */
export class RemoteScriptError extends TransportError {
    constructor(
        public readonly host: string,
        public readonly exitCode: number,
        public readonly stderr: string,
        public readonly stdout: string,
    ) {
        super(
            `remote script on ${host} failed with exit code ${exitCode}: ` +
                `${(stderr.trim() || stdout.trim() || "(no output)").slice(0, 4000)}`,
        );
        this.stderr = redact(stderr);
        this.stdout = redact(stdout);
    }
}

/** The long-lived shell or its connection ended while a request was in flight. */
export class SessionLostError extends TransportError {
    constructor(
        public readonly host: string,
        detail: string,
        message?: string,
    ) {
        super(
            message ??
                `the remote shell on ${host} ended while a request was running (${detail}); ` +
                    `the request may or may not have completed`,
        );
    }
}

/**
 * The connection to the host dropped (closed by the far end, reset, or declared dead by keepalive)
 * while a request was in flight. Raised at once, never at the request's deadline; the next request
 * connects again.
 */
export class ConnectionDroppedError extends SessionLostError {
    constructor(host: string, detail: string) {
        super(
            host,
            detail,
            `the connection to ${host} dropped while a request was running (${detail}); the ` +
                `request may or may not have completed; the next request reconnects`,
        );
    }
}

/**
 * `error` with its message and stack scrubbed in place, keeping its class (errors of other
 * transport parts, such as WinRM's, pass through here); non-errors become a `TransportError`.
 */
export function scrubbedError(error: unknown): Error {
    if (!(error instanceof Error)) {
        return new TransportError(String(error));
    }
    if (!(error instanceof TransportError)) {
        error.message = redact(error.message);
        if (error.stack) {
            error.stack = redact(error.stack);
        }
    }
    return error;
}

/** `error` as a redacted `TransportError` (typed errors pass through unchanged). */
export function asTransportError(error: unknown): TransportError {
    if (error instanceof TransportError) {
        return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    return new TransportError(message);
}

/**
 * The time left from `now` until `deadline`, rounded to 10 ms, for naming the limit in a
 * `DeadlineError` (a deadline given as "now + 300 ms" reads as 300 ms, not 299 ms).
 */
export function limitUntil(deadline: number, now: number = Date.now()): number {
    return Math.max(0, Math.round((deadline - now) / 10) * 10);
}

function formatMs(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
