/**
 * WinRM connection settings: validation (pure, every problem at once, before any traffic) and the
 * resolved values with their defaults.
 */
import { timeoutDefaults } from "../../model/timeoutDefaults";
import type { HostConnection } from "../../model/hostConnection";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import { connectionDefaults } from "../../model/defaults";

/** Windows' default `MaxEnvelopeSizekb` of 150 KiB, in bytes. */
export const DEFAULT_MAX_ENVELOPE_SIZE = connectionDefaults.winrm.maxEnvelopeSize;
/**
 * Smallest envelope size this client accepts, in bytes (listeners accept 32 KiB and more; a
 * smaller value only makes stdin chunks smaller). Matches the preview-time validation.
 */
export const MIN_MAX_ENVELOPE_SIZE = 8192;
/** Pause before repeating a Send refused with ERROR_BUSY (Ansible waits 5 s). */
export const DEFAULT_BUSY_RETRY_DELAY_MS = 5000;
/** Long-poll length of Receive, below the listener's `MaxTimeoutms` default of 60 s. */
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 20;

/** Resolved WinRM settings. */
export interface WinRmSettings {
    /** Host name or IP address. */
    host: string;
    /** TCP port: `winrm.port`, else `connection.port`, else 5986 (HTTPS) / 5985. */
    port: number;
    /** HTTPS instead of HTTP with NTLM sealing. @default false */
    https: boolean;
    /** Authentication scheme. @default "ntlm" */
    auth: "basic" | "ntlm";
    /** Account name as given. */
    user: string;
    /** Password (secret). */
    password: string;
    /** PEM of the trusted CA. @default unset */
    caCert?: string;
    /** Pinned thumbprint, upper-case hex without separators. @default unset */
    certThumbprint?: string;
    /** Largest envelope in bytes. @default 153600 */
    maxEnvelopeSize: number;
    /** Receive long-poll length in seconds. @default 20 */
    operationTimeoutSeconds: number;
    /** Pause before repeating a Send refused with ERROR_BUSY, in ms. */
    busyRetryDelayMs: number;
    /** Connect timeout in ms. @default 30000 */
    connectTimeoutMs: number;
    /** Default command deadline in ms. @default 300000 */
    commandTimeoutMs: number;
    /** `http(s)://host:port/wsman`. */
    endpoint: string;
    /** Source of time for command deadlines, retry and busy delays. @default systemClock */
    clock: Clock;
    /** Source of connect retry jitter. @default Math.random */
    random: () => number;
}

/** Knobs of the WinRM transport that are not part of `HostConnection` (tests). */
export interface WinRmTuning {
    /** Source of time for command deadlines, retry and busy delays. @default systemClock */
    clock?: Clock;
    /** Source of connect retry jitter. @default Math.random */
    random?: () => number;
}

/** Upper-case hex of a thumbprint given with or without colons/spaces, any case. */
export function normalizeThumbprint(thumbprint: string): string {
    return thumbprint.replace(/[\s:]/g, "").toUpperCase();
}

/** The resolved settings of a valid `connection` (check it with `connectionProblems` first). */
export function resolveWinRmSettings(
    connection: HostConnection,
    tuning: WinRmTuning = {},
): WinRmSettings {
    const winrm = connection.winrm ?? {};
    const https = winrm.https ?? connectionDefaults.winrm.https;
    const port =
        winrm.port ??
        connection.port ??
        (https ? connectionDefaults.winrm.httpsPort : connectionDefaults.winrm.httpPort);
    const hostInUrl = connection.host.includes(":") ? `[${connection.host}]` : connection.host;
    return {
        host: connection.host,
        port,
        https,
        auth: winrm.auth ?? connectionDefaults.winrm.auth,
        user: connection.user,
        password: connection.password ?? "",
        caCert: winrm.caCert,
        certThumbprint: winrm.certThumbprint
            ? normalizeThumbprint(winrm.certThumbprint)
            : undefined,
        maxEnvelopeSize: winrm.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE,
        operationTimeoutSeconds: DEFAULT_OPERATION_TIMEOUT_SECONDS,
        busyRetryDelayMs: DEFAULT_BUSY_RETRY_DELAY_MS,
        connectTimeoutMs:
            (connection.timeouts?.connectSeconds ?? timeoutDefaults.connectSeconds) * 1000,
        commandTimeoutMs:
            (connection.timeouts?.commandSeconds ?? timeoutDefaults.commandSeconds) * 1000,
        endpoint: `${https ? "https" : "http"}://${hostInUrl}:${port}/wsman`,
        clock: tuning.clock ?? systemClock,
        random: tuning.random ?? Math.random,
    };
}
