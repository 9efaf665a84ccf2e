/**
 * A `Transport` that keeps one live connection and replaces it when it dies: the next call
 * connects again (with the connector's own bounded retries). Starting a process is retried once
 * on a fresh connection when the old one turned out to be dead, since nothing ran yet.
 */
import { scrubbedError } from "../errors";
import type { RemoteProcess, RunOptions, RunResult, Transport } from "../types";

/** A transport that may report whether it is still connected. */
export type ClosableTransport = Transport & { isOpen?(): boolean };

/** Keeps a connection from `connect`, reconnecting after failure. */
export class ReconnectingTransport implements Transport {
    private current: ClosableTransport | undefined;
    private connecting: Promise<ClosableTransport> | undefined;
    private connections = 0;
    private lastFingerprint = "";

    constructor(private readonly connect: () => Promise<ClosableTransport>) {}

    /** Number of connections established so far. */
    connectionCount(): number {
        return this.connections;
    }

    /** The live connection, connecting when there is none. */
    async live(): Promise<ClosableTransport> {
        if (this.current && this.current.isOpen?.() !== false) {
            return this.current;
        }
        this.current = undefined;
        if (!this.connecting) {
            this.connecting = this.connect().then(
                (transport) => {
                    this.connecting = undefined;
                    this.current = transport;
                    this.connections++;
                    this.lastFingerprint = transport.hostKeyFingerprint();
                    return transport;
                },
                (error: unknown) => {
                    this.connecting = undefined;
                    throw error;
                },
            );
        }
        return this.connecting;
    }

    async run(command: string, options?: RunOptions): Promise<RunResult> {
        try {
            return await (await this.live()).run(command, options);
        } catch (error) {
            throw scrubbedError(error);
        }
    }

    async spawn(command: string): Promise<RemoteProcess> {
        try {
            return await this.spawnOnLiveConnection(command);
        } catch (error) {
            throw scrubbedError(error);
        }
    }

    private async spawnOnLiveConnection(command: string): Promise<RemoteProcess> {
        const transport = await this.live();
        try {
            return await transport.spawn(command);
        } catch (error) {
            if (transport.isOpen?.() !== false) {
                throw error;
            }
            return (await this.live()).spawn(command);
        }
    }

    hostKeyFingerprint(): string {
        return this.current?.hostKeyFingerprint() ?? this.lastFingerprint;
    }

    async close(): Promise<void> {
        const transport = this.current;
        this.current = undefined;
        await transport?.close();
    }
}
