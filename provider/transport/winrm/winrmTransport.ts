/**
 * `Transport` over WinRM (WS-Man WinRS shell), written in this package: HTTPS with Basic or
 * NTLMv2, or HTTP with NTLMv2 message encryption. `run` executes one command; `spawn` starts a
 * long-running process whose stdin and stdout stream over Send and Receive. Receive long polls
 * use their own connection so writes are never queued behind a poll.
 */
import { HostConnection } from "../../../sdk/hostConnection";
import { RemoteProcess, RunOptions, RunResult, Transport } from "../types";
import { NtlmEntropy } from "../ntlm/client";
import { WinRmConfigurationError, WinRmError, WinRmTimeoutError } from "./errors";
import { resolveWinRmSettings, validateWinRmConnection, WinRmSettings } from "./settings";
import { WinRsClient } from "./winrsClient";
import { WsManChannel } from "./wsmanChannel";

/** Idle authenticated connections kept for later `run` calls. */
const MAX_IDLE_CLIENTS = 4;

/** Seconds of one Receive long poll, bounded by the time left before `deadline`. */
function pollSeconds(settings: WinRmSettings, deadline: number): number {
    const left = Math.floor((deadline - Date.now()) / 1000);
    return Math.max(1, Math.min(settings.operationTimeoutSeconds, left));
}

/** Runs `action`, ignoring its failure (cleanup of a shell that may already be gone). */
async function quietly(action: () => Promise<unknown>): Promise<void> {
    try {
        await action();
    } catch {
        // The shell or connection is already gone; nothing is left to release.
    }
}

/** A long-running WinRS command. */
class WinRsProcess implements RemoteProcess {
    private readonly stdoutListeners: ((chunk: Buffer) => void)[] = [];
    private readonly stderrListeners: ((chunk: Buffer) => void)[] = [];
    private readonly exitListeners: ((exitCode: number | null, reason?: Error) => void)[] = [];
    private exited?: { exitCode: number | null; reason?: Error };
    private closing = false;
    /** Output that arrived before anyone listened. */
    private readonly heldStdout: Buffer[] = [];
    private readonly heldStderr: Buffer[] = [];
    private writes: Promise<void> = Promise.resolve();

    constructor(
        private readonly control: WinRsClient,
        private readonly receiver: WinRsClient,
        private readonly shellId: string,
        private readonly commandId: string,
        private readonly onGone: () => void,
    ) {
        void this.receiveLoop();
    }

    write(data: string | Buffer): Promise<void> {
        if (this.exited) return Promise.reject(new WinRmError("the remote process has ended"));
        const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
        const write = this.writes.then(() =>
            this.control.send(this.shellId, this.commandId, bytes, false),
        );
        this.writes = write.catch(() => undefined);
        return write;
    }

    onStdout(listener: (chunk: Buffer) => void): void {
        this.stdoutListeners.push(listener);
        this.heldStdout.splice(0).forEach((chunk) => listener(chunk));
    }

    onStderr(listener: (chunk: Buffer) => void): void {
        this.stderrListeners.push(listener);
        this.heldStderr.splice(0).forEach((chunk) => listener(chunk));
    }

    onExit(listener: (exitCode: number | null, reason?: Error) => void): void {
        if (this.exited) listener(this.exited.exitCode, this.exited.reason);
        else this.exitListeners.push(listener);
    }

    async close(): Promise<void> {
        if (this.closing) return;
        this.closing = true;
        await quietly(() => this.control.send(this.shellId, this.commandId, Buffer.alloc(0), true));
        await quietly(() => this.control.signalTerminate(this.shellId, this.commandId));
        await quietly(() => this.control.deleteShell(this.shellId));
        this.receiver.channel.close();
        this.control.channel.close();
        this.finish(null);
    }

    private async receiveLoop(): Promise<void> {
        while (!this.exited) {
            try {
                const output = await this.receiver.receive(this.shellId, this.commandId);
                this.emit(output.stdout, this.stdoutListeners, this.heldStdout);
                this.emit(output.stderr, this.stderrListeners, this.heldStderr);
                if (output.done) {
                    this.finish(output.exitCode);
                    void this.close();
                }
            } catch (error) {
                this.finish(null, this.closing ? undefined : (error as Error));
                void this.close();
            }
        }
    }

    private emit(chunk: Buffer, listeners: ((chunk: Buffer) => void)[], held: Buffer[]): void {
        if (chunk.length === 0) return;
        if (listeners.length === 0) held.push(chunk);
        else listeners.forEach((listener) => listener(chunk));
    }

    private finish(exitCode: number | null, reason?: Error): void {
        if (this.exited) return;
        this.exited = { exitCode, reason };
        this.onGone();
        for (const listener of this.exitListeners.splice(0)) listener(exitCode, reason);
    }
}

/** WinRM transport of one Windows host. */
export class WinRmTransport implements Transport {
    private readonly settings: WinRmSettings;
    /** Authenticated clients not in use by a `run`, kept for the next one. */
    private readonly idleClients: WinRsClient[] = [];
    private readonly processes = new Set<WinRsProcess>();

    /**
     * Validates `connection` (throws `WinRmConfigurationError` listing every problem) without
     * connecting. `entropy` replaces NTLM randomness in tests.
     */
    constructor(
        connection: HostConnection,
        private readonly entropy?: NtlmEntropy,
    ) {
        const problems = validateWinRmConnection(connection);
        if (problems.length > 0) {
            throw new WinRmConfigurationError(
                `invalid WinRM connection to ${connection.host || "(no host)"}:\n- ${problems.join("\n- ")}`,
            );
        }
        this.settings = resolveWinRmSettings(connection);
    }

    /**
     * Runs `command` to completion. Concurrent runs use separate connections, so one command's
     * Receive long poll never holds up another.
     */
    async run(command: string, options: RunOptions = {}): Promise<RunResult> {
        const client =
            this.idleClients.pop() ??
            new WinRsClient(this.settings, new WsManChannel(this.settings, this.entropy));
        try {
            return await this.runOn(client, command, options);
        } finally {
            if (this.idleClients.length < MAX_IDLE_CLIENTS) this.idleClients.push(client);
            else client.channel.close();
        }
    }

    private async runOn(
        client: WinRsClient,
        command: string,
        options: RunOptions,
    ): Promise<RunResult> {
        const started = Date.now();
        const deadline = options.deadline ?? started + this.settings.commandTimeoutMs;
        const shellId = await client.createShell();
        let commandId: string | undefined;
        let finished = false;
        try {
            commandId = await client.startCommand(shellId, command);
            const stdin =
                options.stdin === undefined ? Buffer.alloc(0) : Buffer.from(options.stdin);
            await client.send(shellId, commandId, stdin, true);
            const stdout: Buffer[] = [];
            const stderr: Buffer[] = [];
            while (Date.now() < deadline) {
                const output = await client.receive(
                    shellId,
                    commandId,
                    pollSeconds(this.settings, deadline),
                );
                stdout.push(output.stdout);
                stderr.push(output.stderr);
                if (output.done) {
                    finished = true;
                    return {
                        stdout: Buffer.concat(stdout).toString("utf8"),
                        stderr: Buffer.concat(stderr).toString("utf8"),
                        exitCode: output.exitCode,
                    };
                }
            }
            throw new WinRmTimeoutError(
                `WinRM command on ${this.settings.host} (terminated, shell deleted)`,
                deadline - started,
            );
        } finally {
            if (commandId && !finished)
                await quietly(() => client.signalTerminate(shellId, commandId!));
            await quietly(() => client.deleteShell(shellId));
        }
    }

    async spawn(command: string): Promise<RemoteProcess> {
        const control = new WinRsClient(
            this.settings,
            new WsManChannel(this.settings, this.entropy),
        );
        const receiver = new WinRsClient(
            this.settings,
            new WsManChannel(this.settings, this.entropy),
        );
        try {
            const shellId = await control.createShell();
            const commandId = await control.startCommand(shellId, command);
            const process: WinRsProcess = new WinRsProcess(
                control,
                receiver,
                shellId,
                commandId,
                () => this.processes.delete(process),
            );
            this.processes.add(process);
            return process;
        } catch (error) {
            control.channel.close();
            receiver.channel.close();
            throw error;
        }
    }

    hostKeyFingerprint(): string {
        return "";
    }

    async close(): Promise<void> {
        await Promise.all([...this.processes].map((process) => process.close()));
        for (const client of this.idleClients.splice(0)) client.channel.close();
    }
}
