/**
 * The SSH transport: one ssh2 connection to one host, with host key pinning, keepalive, bounded
 * connect retries (never after an authentication failure), per-command deadlines and bounded output.
 */
import type { ClientChannel, ConnectConfig } from "ssh2";
import { Client, utils } from "ssh2";
import { connectionSecretFields } from "../../model/hostConnection";
import type { HostConnection } from "../../model/hostConnection";
import {
    AuthenticationError,
    ConnectError,
    ConnectionDroppedError,
    DeadlineError,
    HostKeyMismatchError,
    OutputLimitError,
    TransportError,
    asTransportError,
    limitUntil,
} from "../errors";
import { log, registerSecret } from "../redact";
import type { RemoteProcess, RunOptions, RunResult, Transport } from "../types";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import { ChannelProcess } from "./channelProcess";
import { retryConnect } from "./connectRetries";
import { sha256Fingerprint } from "./fingerprint";
import { OutputCollector } from "./outputCollector";
import type { ProxySocket } from "./proxyCommand";
import { openProxySocket, proxyCommandArgv } from "./proxyCommand";
import type { SshSettings, SshTuning } from "./sshSettings";
import { resolveSshSettings } from "./sshSettings";

const warnedUnpinnedHosts = new Set<string>();

/** Forgets which hosts were warned about an unpinned host key (tests). */
export function resetHostKeyWarnings(): void {
    warnedUnpinnedHosts.clear();
}

/** Counts of connection attempts per host (diagnostics and tests). */
export const connectAttempts = new Map<string, number>();

/** An established SSH connection. Build it with `SshTransport.connect`. */
export class SshTransport implements Transport {
    private open = true;
    /** Why the connection ended, when the far end or the network ended it (not `close()`). */
    private dropped: ConnectionDroppedError | undefined;
    private readonly processes = new Set<ChannelProcess>();

    private constructor(
        private readonly settings: SshSettings,
        private readonly client: Client,
        private readonly proxy: ProxySocket | undefined,
        private readonly fingerprint: string,
    ) {
        const onGone = (error?: Error): void => {
            if (this.open) {
                this.dropped = new ConnectionDroppedError(
                    settings.host,
                    error?.message ?? "the server or the network path closed it",
                );
            }
            this.open = false;
            for (const process of this.processes) {
                process.finish(this.dropped ?? new Error("connection closed"));
            }
            this.processes.clear();
            this.proxy?.stop();
        };
        client.on("error", (error: Error) => onGone(error));
        client.on("close", () => onGone());
        client.on("end", () => onGone());
    }

    /**
     * Connects to `connection`, retrying transient failures with backoff and jitter within
     * `timeouts.connectSeconds` and at most `backoff.maxAttempts` attempts. Authentication failures
     * and host key mismatches are never retried.
     */
    static async connect(
        connection: HostConnection,
        tuning: SshTuning = {},
    ): Promise<SshTransport> {
        for (const field of connectionSecretFields) {
            registerSecret(connection[field]);
        }
        const settings = resolveSshSettings(connection, tuning);
        return retryConnect(
            {
                budgetMs: settings.connectMs,
                backoff: settings.backoff,
                random: settings.random,
                clock: settings.clock,
            },
            (remainingMs) => SshTransport.connectOnce(settings, remainingMs),
            (error) =>
                error instanceof AuthenticationError || error instanceof HostKeyMismatchError,
            ({ attempts, lastError }) =>
                new ConnectError(settings.host, attempts, lastError.message),
        );
    }

    private static connectOnce(settings: SshSettings, remainingMs: number): Promise<SshTransport> {
        const key = `${settings.host}:${settings.port}`;
        connectAttempts.set(key, (connectAttempts.get(key) ?? 0) + 1);
        const client = new Client();
        let proxy: ProxySocket | undefined;
        let seenFingerprint = "";
        let mismatch = false;
        const config: ConnectConfig = {
            host: settings.host,
            port: settings.port,
            username: settings.user,
            password: settings.password,
            privateKey: settings.privateKey,
            passphrase: settings.passphrase,
            readyTimeout: Math.max(1, Math.min(settings.handshakeTimeoutMs, remainingMs)),
            keepaliveInterval: settings.keepaliveIntervalMs,
            keepaliveCountMax: settings.keepaliveCountMax,
            tryKeyboard: false,
            hostVerifier: (blob: Buffer) => {
                seenFingerprint = sha256Fingerprint(blob);
                if (settings.hostKeyPin) {
                    mismatch = seenFingerprint !== settings.hostKeyPin;
                    return !mismatch;
                }
                return true;
            },
        };
        if (settings.privateKey) {
            const parsed = utils.parseKey(settings.privateKey, settings.passphrase);
            if (parsed instanceof Error) {
                return Promise.reject(
                    new AuthenticationError(
                        settings.host,
                        settings.user,
                        `connection.privateKey cannot be read (${parsed.message}); give an OpenSSH ` +
                            `or PEM private key and its privateKeyPassphrase if it is encrypted`,
                    ),
                );
            }
        }
        if (settings.proxyCommand) {
            proxy = openProxySocket(
                proxyCommandArgv(settings.proxyCommand, settings.host, settings.port),
            );
            config.sock = proxy.stream;
        }
        return new Promise((resolve, reject) => {
            let settled = false;
            const fail = (error: Error & { level?: string }): void => {
                if (settled) {
                    return;
                }
                settled = true;
                client.removeAllListeners("ready");
                client.end();
                proxy?.stop();
                if (mismatch) {
                    reject(
                        new HostKeyMismatchError(
                            settings.host,
                            settings.hostKeyPin!,
                            seenFingerprint,
                        ),
                    );
                } else if (error.level === "client-authentication") {
                    reject(new AuthenticationError(settings.host, settings.user, error.message));
                } else {
                    const proxyText = proxy?.stderrText();
                    const detail = proxyText
                        ? `${error.message} (proxy: ${proxyText})`
                        : error.message;
                    reject(new TransportError(detail));
                }
            };
            client.on("error", fail);
            client.on("close", () => fail(new Error("connection closed during the handshake")));
            client.once("ready", () => {
                settled = true;
                if (!settings.hostKeyPin && !warnedUnpinnedHosts.has(settings.host)) {
                    warnedUnpinnedHosts.add(settings.host);
                    log(
                        "warning",
                        `SSH host key of ${settings.host} is not pinned; accepted ${seenFingerprint}. ` +
                            `Set connection.hostKey to "${seenFingerprint}" to pin it`,
                    );
                }
                resolve(new SshTransport(settings, client, proxy, seenFingerprint));
            });
            try {
                client.connect(config);
            } catch (error) {
                fail(error as Error);
            }
        });
    }

    /** True while the connection is up. */
    isOpen(): boolean {
        return this.open;
    }

    hostKeyFingerprint(): string {
        return this.fingerprint;
    }

    async run(command: string, options: RunOptions = {}): Promise<RunResult> {
        const { clock } = this.settings;
        const deadline = options.deadline ?? clock.now() + this.settings.commandMs;
        const limitMs = limitUntil(deadline, clock.now());
        const what = `command "${command.slice(0, 80)}" on ${this.settings.host}`;
        const channel = await withDeadline(
            this.openChannel(command),
            deadline,
            what,
            limitMs,
            (late) => late.close(),
            clock,
        );
        const stdout = new OutputCollector(this.settings.maxOutputBytes);
        const stderr = new OutputCollector(this.settings.maxOutputBytes);
        return new Promise((resolve, reject) => {
            let exitCode: number | null = null;
            let signal: string | undefined;
            let settled = false;
            const settle = (error?: Error): void => {
                if (settled) {
                    return;
                }
                settled = true;
                timer.cancel();
                if (error) {
                    channel.close();
                    reject(error);
                } else {
                    resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode, signal });
                }
            };
            const timer = clock.setTimer(
                () => settle(new DeadlineError(what, limitMs)),
                Math.max(0, deadline - clock.now()),
            );
            channel.on("data", (chunk: Buffer) => {
                if (!stdout.add(chunk)) {
                    settle(new OutputLimitError(what, this.settings.maxOutputBytes));
                }
            });
            channel.stderr.on("data", (chunk: Buffer) => {
                if (!stderr.add(chunk)) {
                    settle(new OutputLimitError(what, this.settings.maxOutputBytes));
                }
            });
            channel.on("exit", (code: number | null, signalName?: string) => {
                exitCode = typeof code === "number" ? code : null;
                signal = signalName ?? undefined;
            });
            channel.on("close", () =>
                settle(exitCode === null && signal === undefined ? this.dropped : undefined),
            );
            channel.on("error", (error: Error) => settle(asTransportError(error)));
            if (options.stdin !== undefined) {
                channel.end(options.stdin);
            } else {
                channel.end();
            }
        });
    }

    async spawn(command: string): Promise<RemoteProcess> {
        const process = new ChannelProcess(await this.openChannel(command));
        this.processes.add(process);
        process.onExit(() => this.processes.delete(process));
        return process;
    }

    async close(): Promise<void> {
        this.open = false;
        this.client.end();
        this.proxy?.stop();
    }

    private openChannel(command: string): Promise<ClientChannel> {
        if (!this.open) {
            return Promise.reject(
                new ConnectError(this.settings.host, 0, "the connection is closed"),
            );
        }
        return new Promise((resolve, reject) => {
            this.client.exec(command, (error, channel) =>
                error ? reject(asTransportError(error)) : resolve(channel),
            );
        });
    }
}

/**
 * `promise`, or a `DeadlineError` once `deadline` passes by `clock`; a value arriving late is
 * discarded.
 */
export function withDeadline<T>(
    promise: Promise<T>,
    deadline: number,
    what: string,
    limitMs: number,
    discardLate?: (value: T) => void,
    clock: Clock = systemClock,
): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        let expired = false;
        const timer = clock.setTimer(
            () => {
                expired = true;
                reject(new DeadlineError(what, limitMs));
            },
            Math.max(0, deadline - clock.now()),
        );
        promise.then(
            (value) => {
                timer.cancel();
                if (expired) {
                    discardLate?.(value);
                }
                resolve(value);
            },
            (error) => {
                timer.cancel();
                reject(asTransportError(error));
            },
        );
    });
}
