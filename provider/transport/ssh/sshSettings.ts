/** The SSH connection settings derived from a `HostConnection`, with defaults filled in. */
import { HostConnection } from "../../../sdk/hostConnection";
import { Clock, systemClock } from "../clock";
import { BackoffPolicy, defaultBackoff } from "./backoff";
import { canonicalFingerprint, validateFingerprint } from "./fingerprint";

/** Knobs of the SSH transport that are not part of `HostConnection`. */
export interface SshTuning {
    /** Interval of SSH keepalive pings, in ms. @default 15000 */
    keepaliveIntervalMs?: number;
    /** Unanswered keepalives before the connection is declared dead. @default 4 (≈ 60 s) */
    keepaliveCountMax?: number;
    /** Longest handshake (TCP + key exchange + authentication) of one attempt, in ms. @default 20000 */
    handshakeTimeoutMs?: number;
    /** Connect retry policy. @default defaultBackoff */
    backoff?: Partial<BackoffPolicy>;
    /** Most bytes of stdout (and, separately, stderr) collected by `run`. @default 67108864 */
    maxOutputBytes?: number;
    /** Source of jitter (tests). @default Math.random */
    random?: () => number;
    /** Source of time for deadlines and retry delays (tests). @default systemClock */
    clock?: Clock;
}

/** Everything the SSH transport needs, validated and defaulted. */
export interface SshSettings {
    host: string;
    port: number;
    user: string;
    password?: string;
    privateKey?: string;
    passphrase?: string;
    hostKeyPin?: string;
    proxyCommand?: string;
    connectMs: number;
    commandMs: number;
    keepaliveIntervalMs: number;
    keepaliveCountMax: number;
    handshakeTimeoutMs: number;
    backoff: BackoffPolicy;
    maxOutputBytes: number;
    random: () => number;
    clock: Clock;
}

/** Default `timeouts.connectSeconds`. */
export const defaultConnectSeconds = 30;
/** Default `timeouts.commandSeconds`. */
export const defaultCommandSeconds = 300;

/** Validation failures of the SSH fields of `connection` (empty when valid). */
export function sshConnectionProblems(connection: HostConnection): string[] {
    const problems: string[] = [];
    if (!connection.host) {
        problems.push(`connection.host is empty; give the host name or IP address of the host`);
    }
    if (!connection.user) {
        problems.push(`connection.user is empty; give the user to log in as`);
    }
    const port = connection.port ?? 22;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push(`connection.port ${port} is not a TCP port; use 1..65535 (default 22)`);
    }
    if (!connection.password && !connection.privateKey) {
        problems.push(`connection has neither password nor privateKey; set exactly one of them`);
    }
    if (connection.password && connection.privateKey) {
        problems.push(`connection has both password and privateKey; set exactly one of them`);
    }
    if (connection.proxyCommand !== undefined && connection.proxyCommand.trim() === "") {
        problems.push(
            `connection.proxyCommand is empty; give a command such as "ssh -W %h:%p bastion" or ` +
                `leave it unset for a direct TCP connection`,
        );
    }
    if (connection.hostKey !== undefined) {
        const problem = validateFingerprint(connection.hostKey);
        if (problem) {
            problems.push(problem);
        }
    }
    return problems;
}

/** Settings for `connection`; throws one error listing every problem. */
export function resolveSshSettings(
    connection: HostConnection,
    tuning: SshTuning = {},
): SshSettings {
    const problems = sshConnectionProblems(connection);
    if (problems.length > 0) {
        throw new Error(problems.join("; "));
    }
    return {
        host: connection.host,
        port: connection.port ?? 22,
        user: connection.user,
        password: connection.password,
        privateKey: connection.privateKey,
        passphrase: connection.privateKeyPassphrase,
        hostKeyPin: connection.hostKey ? canonicalFingerprint(connection.hostKey) : undefined,
        proxyCommand: connection.proxyCommand,
        connectMs: (connection.timeouts?.connectSeconds ?? defaultConnectSeconds) * 1000,
        commandMs: (connection.timeouts?.commandSeconds ?? defaultCommandSeconds) * 1000,
        keepaliveIntervalMs: tuning.keepaliveIntervalMs ?? 15000,
        keepaliveCountMax: tuning.keepaliveCountMax ?? 4,
        handshakeTimeoutMs: tuning.handshakeTimeoutMs ?? 20000,
        backoff: { ...defaultBackoff, ...tuning.backoff },
        maxOutputBytes: tuning.maxOutputBytes ?? 64 * 1024 * 1024,
        random: tuning.random ?? Math.random,
        clock: tuning.clock ?? systemClock,
    };
}
