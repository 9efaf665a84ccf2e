/**
 * The process-wide pool: one live connection and one long-lived shell per host per provider
 * process, shared by every resource on that host and re-established after failure. It lives in a
 * `require`d module, so every dynamic resource of a process finds the same pool. Entries are keyed
 * by transport, user, host, port, proxy command and PowerShell, never by secret values; a later connection with
 * new credentials for the same key is used the next time the connection is re-established.
 */
import { connectionSecretFields } from "../model/hostConnection";
import type { HostConnection } from "../model/hostConnection";
import { linuxShellCodec } from "./linuxShellCodec";
import { ShellSession } from "./shell/shellSession";
import type { ClosableTransport } from "./shell/reconnectingTransport";
import { ReconnectingTransport } from "./shell/reconnectingTransport";
import { SshTransport } from "./ssh/sshTransport";
import { timeoutDefaults } from "../model/timeoutDefaults";
import { registerSecret } from "./redact";
import type { HostSession, ShellCodec } from "./types";
import type { Clock } from "./clock";
import { systemClock } from "./clock";
import { connectionDefaults } from "../model/defaults";

interface PoolEntry extends HostSessionParts {
    connection: HostConnection;
}

const entries = new Map<string, PoolEntry>();

/** The pool key of `connection`: transport, user, host, port, proxy command, PowerShell (no secrets). */
export function connectionKey(connection: HostConnection): string {
    const transport = connection.transport ?? connectionDefaults.transport;
    const port = connection.port ?? (transport === "ssh" ? 22 : "winrm");
    const proxy = connection.proxyCommand ? ` via ${connection.proxyCommand}` : "";
    const shell = connection.powerShell ? ` (${connection.powerShell})` : "";
    return `${transport}://${connection.user}@${connection.host}:${port}${proxy}${shell}`;
}

function connectTransport(connection: HostConnection, clock: Clock): Promise<ClosableTransport> {
    if ((connection.transport ?? connectionDefaults.transport) === "ssh") {
        return SshTransport.connect(connection, { clock });
    }
    if (connection.os !== "windows") {
        return Promise.reject(
            new Error(
                `connection.transport "winrm" is only for Windows hosts, but connection.os is ` +
                    `"${connection.os}"; use transport "ssh" for Linux hosts`,
            ),
        );
    }
    // Loaded on demand: the WinRM transport is only needed for Windows hosts reached over WinRM.
    const winrm = require("./winrm/winrmTransport") as typeof import("./winrm/winrmTransport");
    try {
        return Promise.resolve(new winrm.WinRmTransport(connection, { clock }));
    } catch (error) {
        return Promise.reject(error);
    }
}

function codecFor(connection: HostConnection): ShellCodec {
    if (connection.os === "linux") {
        return linuxShellCodec;
    }
    // Loaded on demand: the PowerShell framing is only needed for Windows hosts.
    const powershell = require("./powershell/codec") as typeof import("./powershell/codec");
    return powershell.powerShellCodecFor(connection.powerShell ?? connectionDefaults.powerShell);
}

/** What the pool builds for one host. */
export interface HostSessionParts {
    /** The connection, re-established after failure. */
    transport: ReconnectingTransport;
    /** The long-lived shell over `transport`. */
    session: ShellSession;
}

/** Knobs of a host session that are not part of `HostConnection`. */
export interface HostSessionTuning {
    /** Source of time for deadlines and connect retries (tests). @default systemClock */
    clock?: Clock;
}

/**
 * A connection and long-lived shell for a host, built as the pool builds them, but outside the
 * pool (tests that drive deadlines on their own clock). `connection` is read again at every
 * reconnect, so new credentials take effect then.
 */
export function openHostSession(
    connection: () => HostConnection,
    tuning: HostSessionTuning = {},
): HostSessionParts {
    const clock = tuning.clock ?? systemClock;
    const first = connection();
    const transport = new ReconnectingTransport(() => connectTransport(connection(), clock));
    const session = new ShellSession({
        os: first.os,
        host: first.host,
        spawn: (command) => transport.spawn(command),
        hostKeyFingerprint: () => transport.hostKeyFingerprint(),
        codec: codecFor(first),
        defaultTimeoutMs: (first.timeouts?.commandSeconds ?? timeoutDefaults.commandSeconds) * 1000,
        clock,
    });
    return { transport, session };
}

function newEntry(connection: HostConnection): PoolEntry {
    const entry = { connection } as PoolEntry;
    Object.assign(
        entry,
        openHostSession(() => entry.connection),
    );
    return entry;
}

/** The pooled long-lived session of a host (one per host per process). */
export function sessionFor(connection: HostConnection): HostSession {
    for (const field of connectionSecretFields) {
        registerSecret(connection[field]);
    }
    const key = connectionKey(connection);
    let entry = entries.get(key);
    if (!entry) {
        entry = newEntry(connection);
        entries.set(key, entry);
    } else {
        entry.connection = connection;
    }
    return entry.session;
}

/** The pooled connection of a host, for one-off commands (`Transport.run`). */
export function transportFor(connection: HostConnection): ReconnectingTransport {
    sessionFor(connection);
    return entries.get(connectionKey(connection))!.transport;
}

/** Number of pooled hosts. */
export function pooledHostCount(): number {
    return entries.size;
}

/** Closes every pooled shell and connection (tests, process shutdown). */
export async function closeAll(): Promise<void> {
    const all = [...entries.values()];
    entries.clear();
    await Promise.all(
        all.map(async (entry) => {
            await entry.session.close().catch(() => undefined);
            await entry.transport.close().catch(() => undefined);
        }),
    );
}
