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

/** A long-running remote process with streaming stdin and stdout (the long-lived shell). */
export interface RemoteProcess {
    /** Append bytes to the process's stdin. */
    write(data: string | Buffer): Promise<void>;
    /** Called with every stdout chunk, in order. */
    onStdout(listener: (chunk: Buffer) => void): void;
    /** Called with every stderr chunk, in order. */
    onStderr(listener: (chunk: Buffer) => void): void;
    /** Called once when the process or its channel ends (code null when unknown). */
    onExit(listener: (exitCode: number | null, reason?: Error) => void): void;
    /** Close stdin and the channel; the remote process ends. */
    close(): Promise<void>;
}

/** One connection to one host that can run commands. */
export interface Transport {
    /** Run `command` (a fixed command line; never user data) and collect its output. */
    run(command: string, options?: RunOptions): Promise<RunResult>;
    /** Start `command` (a fixed command line) as a long-running process. */
    spawn(command: string): Promise<RemoteProcess>;
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

/** A response decoded from the long-lived shell's stdout. */
export interface ShellResponse {
    /** True when the script succeeded. */
    ok: boolean;
    /**
     * The script's result (Windows: the JSON of its return value, a string as its JSON string, however
     * the line carried it; Linux: stdout).
     */
    output: string;
    /** Error text when `ok` is false (already decoded, e.g. from CLIXML). */
    error?: string;
    /** Exit code of the script (Linux) or 0/1 (Windows). */
    exitCode: number;
}

/**
 * The framing of one OS's long-lived shell: how to start it, how a request is written to its stdin,
 * and how a response is recognised in its stdout. Requests carry a random id so the output of two
 * requests can never be mixed up.
 */
export interface ShellCodec {
    /** Fixed command line that starts the interpreter without profile or login shell. */
    readonly startCommand: string;
    /** Bytes to write to stdin for one request. Script and params travel as data (base64). */
    encodeRequest(id: string, script: string, params: Record<string, unknown>): string;
    /**
     * Look for the complete response of request `id` at the start of `buffer` (stdout accumulated
     * since the request was sent). Returns null while incomplete; otherwise the response and the
     * number of characters consumed.
     */
    decodeResponse(
        buffer: string,
        id: string,
    ): { response: ShellResponse; consumed: number } | null;
}
