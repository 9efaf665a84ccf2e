/**
 * `Transport` over WinRM (WS-Man WinRS shell), written in this package: HTTPS with Basic or
 * NTLMv2, or HTTP with NTLMv2 message encryption. `run` executes one command; `spawn` starts a
 * long-running process whose stdin and stdout stream over Send and Receive. Receive long polls
 * use their own connection so writes are never queued behind a poll.
 */
import { connectionProblems } from "../../validate/connection";
import type { HostConnection } from "../../model/hostConnection";
import type { RemoteProcess, RunOptions, RunResult, Transport } from "../types";
import type { NtlmEntropy } from "../ntlm/client";
import { WinRmConfigurationError, WinRmTimeoutError } from "./errors";
import { quietly } from "./quietly";
import type { WinRmSettings, WinRmTuning } from "./settings";
import { resolveWinRmSettings } from "./settings";
import { WinRsClient } from "./winrsClient";
import { WinRsProcess } from "./winrsProcess";
import { WsManChannel } from "./wsmanChannel";

/** Idle authenticated connections kept for later `run` calls. */
const MAX_IDLE_CLIENTS = 4;

/** Knobs of a `WinRmTransport` that are not part of `HostConnection` (tests). */
export interface WinRmTransportOptions extends WinRmTuning {
    /** Replaces NTLM randomness. @default crypto random bytes and the current time */
    entropy?: NtlmEntropy;
}

/** Seconds of one Receive long poll, bounded by the time left before `deadline`. */
function pollSeconds(settings: WinRmSettings, deadline: number): number {
    const left = Math.floor((deadline - settings.clock.now()) / 1000);
    return Math.max(1, Math.min(settings.operationTimeoutSeconds, left));
}

/** WinRM transport of one Windows host. */
export class WinRmTransport implements Transport {
    private readonly settings: WinRmSettings;
    /** Authenticated clients not in use by a `run`, kept for the next one. */
    private readonly idleClients: WinRsClient[] = [];
    private readonly processes = new Set<WinRsProcess>();
    private readonly entropy?: NtlmEntropy;

    /**
     * Validates `connection` (throws `WinRmConfigurationError` listing every problem) without
     * connecting.
     */
    constructor(connection: HostConnection, options: WinRmTransportOptions = {}) {
        const problems = connectionProblems({ ...connection, transport: "winrm" });
        if (problems.length > 0) {
            throw new WinRmConfigurationError(
                `invalid WinRM connection to ${connection.host || "(no host)"}:\n- ${problems.join("\n- ")}`,
            );
        }
        this.settings = resolveWinRmSettings(connection, options);
        this.entropy = options.entropy;
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
        const { clock } = this.settings;
        const started = clock.now();
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
            while (clock.now() < deadline) {
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
