/**
 * The interfaces between drivers and the wire. A `Transport` runs one command; a `HostSession` is
 * the long-lived remote shell of one host (sh on Linux, powershell.exe on Windows) reading framed
 * requests, so each request costs about one round trip.
 */

/** Result of one remote command. */
export interface RunResult {
    stdout: string;
    stderr: string;
    /** Exit code, or null when the remote side closed without one (treat as failure). */
    exitCode: number | null;
    /** Signal name when the remote process was killed by one. */
    signal?: string;
}

/** Options of one remote command. */
export interface RunOptions {
    /** Bytes for the command's stdin; stdin is closed after them. */
    stdin?: string | Buffer;
    /** Absolute deadline (ms since the epoch); the command is abandoned and fails after it. */
    deadline?: number;
}

/** One connection to one host that can run commands. */
export interface Transport {
    /** Run `command` (a fixed command line; never user data) and collect its output. */
    run(command: string, options?: RunOptions): Promise<RunResult>;
    /** SSH host key fingerprint (`SHA256:…`) of the connection, "" for WinRM. */
    hostKeyFingerprint(): string;
    /** Close the connection. */
    close(): Promise<void>;
}

/** Options of one framed request. */
export interface InvokeOptions {
    /** Absolute deadline (ms since the epoch). @default now + connection's commandSeconds */
    deadline?: number;
}

/**
 * The long-lived remote shell of one host. `invoke` sends a script and its parameters as data
 * (never spliced into code) and returns the script's single framed result.
 *
 * Windows: the script is PowerShell; it sees `$Params` (the parameters, decoded from base64 JSON)
 * and its return value, converted to JSON, is the result. Linux: the script is POSIX sh; it sees
 * each parameter as `$P_<name>` (strings; other values JSON-encoded) and its stdout is the result.
 * A script that fails (throws / exits non-zero) rejects with `RemoteScriptError`.
 */
export interface HostSession {
    readonly os: "windows" | "linux";
    invoke(
        script: string,
        params?: Record<string, unknown>,
        options?: InvokeOptions,
    ): Promise<string>;
    /** SSH host key fingerprint of the underlying connection, "" for WinRM. */
    hostKeyFingerprint(): string;
}
