/** The SSH connection settings derived from a `HostConnection`, with defaults filled in. */
import type { HostConnection } from "../../model/hostConnection";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { BackoffPolicy } from "./backoff";
import { defaultBackoff } from "./backoff";
import { canonicalFingerprint } from "./fingerprint";
import { timeoutDefaults } from "../../model/timeoutDefaults";
import { connectionProblems } from "../../validate/connection";
import { connectionDefaults } from "../../model/defaults";

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

/** Settings for `connection`; throws one error listing every problem. */
export function resolveSshSettings(
    connection: HostConnection,
    tuning: SshTuning = {},
): SshSettings {
    const problems = connectionProblems(connection);
    if (problems.length > 0) {
        throw new Error(problems.join("; "));
    }
    return {
        host: connection.host,
        port: connection.port ?? connectionDefaults.sshPort,
        user: connection.user,
        password: connection.password,
        privateKey: connection.privateKey,
        passphrase: connection.privateKeyPassphrase,
        hostKeyPin: connection.hostKey ? canonicalFingerprint(connection.hostKey) : undefined,
        proxyCommand: connection.proxyCommand,
        connectMs: (connection.timeouts?.connectSeconds ?? timeoutDefaults.connectSeconds) * 1000,
        commandMs: (connection.timeouts?.commandSeconds ?? timeoutDefaults.commandSeconds) * 1000,
        keepaliveIntervalMs: tuning.keepaliveIntervalMs ?? 15000,
        keepaliveCountMax: tuning.keepaliveCountMax ?? 4,
        handshakeTimeoutMs: tuning.handshakeTimeoutMs ?? 20000,
        backoff: { ...defaultBackoff, ...tuning.backoff },
        maxOutputBytes: tuning.maxOutputBytes ?? 64 * 1024 * 1024,
        random: tuning.random ?? Math.random,
        clock: tuning.clock ?? systemClock,
    };
}
