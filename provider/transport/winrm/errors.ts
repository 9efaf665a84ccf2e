/**
 * Errors of the WinRM transport. Messages name the host and what to do; they never contain
 * credentials, tokens or message bodies.
 */

/** Base class of every WinRM transport failure. */
export class WinRmError extends Error {
    constructor(message: string) {
        super(message);
        this.name = new.target.name;
    }
}

/** The connection settings are invalid (raised before any network traffic). */
export class WinRmConfigurationError extends WinRmError {}

/** The listener refused the credentials (HTTP 401). */
export class WinRmAuthenticationError extends WinRmError {}

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

/** A command did not finish before its deadline. */
export class WinRmTimeoutError extends WinRmError {}
