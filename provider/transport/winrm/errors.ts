/**
 * Errors of the WinRM transport. They extend the transports' typed errors, so every message is
 * redacted when built; messages name the host and what to do and never carry bodies or tokens.
 */
import { AuthenticationError, DeadlineError, TransportError } from "../errors";

/** Base class of WinRM transport failures other than authentication and deadlines. */
export class WinRmError extends TransportError {}

/** The connection settings are invalid (raised before any network traffic). */
export class WinRmConfigurationError extends WinRmError {}

/** The listener refused the credentials (HTTP 401). Never retried. */
export class WinRmAuthenticationError extends AuthenticationError {}

/** The listener's TLS certificate is not the pinned or trusted one. */
export class WinRmTlsError extends WinRmError {}

/** The listener could not be reached or the connection broke. */
export class WinRmConnectionError extends WinRmError {
    constructor(
        message: string,
        /** True when the connection broke before any byte of the reply arrived. */
        readonly beforeReply = false,
    ) {
        super(message);
    }
}

/** A WS-Management SOAP fault returned by the listener. */
export class WinRmFaultError extends WinRmError {
    constructor(
        message: string,
        /** WSManFault `Code` (decimal), e.g. 2147942606 "filename or extension is too long". */
        readonly wsmanCode: number | undefined,
        /** SOAP subcode, e.g. `w:TimedOut`. */
        readonly subcode: string | undefined,
    ) {
        super(message);
    }
}

/** A command did not finish before its deadline; it was terminated and its shell deleted. */
export class WinRmTimeoutError extends DeadlineError {}
