/**
 * WinRM connection settings: validation (pure, every problem at once, before any traffic) and the
 * resolved values with their defaults.
 */
import { HostConnection } from "../../../sdk/hostConnection";
import { Clock, systemClock } from "../clock";

/** Windows' default `MaxEnvelopeSizekb` of 150 KiB, in bytes. */
export const DEFAULT_MAX_ENVELOPE_SIZE = 153600;
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

/** Every problem of `connection` as a WinRM connection; empty when it is valid. */
export function validateWinRmConnection(connection: HostConnection): string[] {
    const problems: string[] = [];
    const winrm = connection.winrm ?? {};
    const https = winrm.https ?? false;
    const auth = winrm.auth ?? "ntlm";
    if (connection.os !== "windows") {
        problems.push(
            `connection.os is "${connection.os}" but connection.transport is "winrm": WinRM only reaches Windows hosts; use transport "ssh" for Linux`,
        );
    }
    if (!connection.host) {
        problems.push(
            `connection.host is empty: set the host name or IP address of the WinRM listener`,
        );
    }
    if (!connection.user) {
        problems.push(
            `connection.user is empty: set the Windows account (user, DOMAIN\\user or user@domain)`,
        );
    }
    if (!connection.password) {
        problems.push(
            `connection.password is missing: WinRM authenticates with a password (privateKey is SSH only)`,
        );
    }
    if (connection.privateKey) {
        problems.push(
            `connection.privateKey is set but WinRM cannot use keys: remove it and set connection.password`,
        );
    }
    if (auth !== "basic" && auth !== "ntlm") {
        problems.push(`connection.winrm.auth is "${String(auth)}": use "ntlm" or "basic"`);
    }
    if (auth === "basic" && !https) {
        problems.push(
            `connection.winrm.auth is "basic" with https false: Basic over plain HTTP sends the password readable; set winrm.https true or use auth "ntlm" (sealed over HTTP)`,
        );
    }
    const port = winrm.port ?? connection.port;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
        problems.push(
            `connection.winrm.port is ${port}: use an integer from 1 to 65535 (5986 for HTTPS, 5985 for HTTP)`,
        );
    }
    if (winrm.certThumbprint !== undefined) {
        const normalized = normalizeThumbprint(winrm.certThumbprint);
        if (!/^([0-9A-F]{40}|[0-9A-F]{64})$/.test(normalized)) {
            problems.push(
                `connection.winrm.certThumbprint "${winrm.certThumbprint}" is not 40 (SHA-1) or 64 (SHA-256) hex digits: copy it from Cert:\\LocalMachine\\My or openssl x509 -fingerprint -sha256`,
            );
        }
    }
    if ((winrm.certThumbprint !== undefined || winrm.caCert !== undefined) && !https) {
        problems.push(
            `connection.winrm.caCert/certThumbprint are set with https false: they only apply to HTTPS; set winrm.https true`,
        );
    }
    if (winrm.caCert !== undefined && !winrm.caCert.includes("-----BEGIN CERTIFICATE-----")) {
        problems.push(
            `connection.winrm.caCert is not a PEM certificate: paste the "-----BEGIN CERTIFICATE-----" block`,
        );
    }
    const envelope = winrm.maxEnvelopeSize;
    if (
        envelope !== undefined &&
        (!Number.isInteger(envelope) || envelope < MIN_MAX_ENVELOPE_SIZE)
    ) {
        problems.push(
            `connection.winrm.maxEnvelopeSize is ${envelope}: use the listener's MaxEnvelopeSizekb × 1024, at least ${MIN_MAX_ENVELOPE_SIZE}`,
        );
    }
    return problems;
}

/** The resolved settings of a valid `connection` (call `validateWinRmConnection` first). */
export function resolveWinRmSettings(
    connection: HostConnection,
    tuning: WinRmTuning = {},
): WinRmSettings {
    const winrm = connection.winrm ?? {};
    const https = winrm.https ?? false;
    const port = winrm.port ?? connection.port ?? (https ? 5986 : 5985);
    const hostInUrl = connection.host.includes(":") ? `[${connection.host}]` : connection.host;
    return {
        host: connection.host,
        port,
        https,
        auth: winrm.auth ?? "ntlm",
        user: connection.user,
        password: connection.password ?? "",
        caCert: winrm.caCert,
        certThumbprint: winrm.certThumbprint
            ? normalizeThumbprint(winrm.certThumbprint)
            : undefined,
        maxEnvelopeSize: winrm.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE,
        operationTimeoutSeconds: DEFAULT_OPERATION_TIMEOUT_SECONDS,
        busyRetryDelayMs: DEFAULT_BUSY_RETRY_DELAY_MS,
        connectTimeoutMs: (connection.timeouts?.connectSeconds ?? 30) * 1000,
        commandTimeoutMs: (connection.timeouts?.commandSeconds ?? 300) * 1000,
        endpoint: `${https ? "https" : "http"}://${hostInUrl}:${port}/wsman`,
        clock: tuning.clock ?? systemClock,
        random: tuning.random ?? Math.random,
    };
}
