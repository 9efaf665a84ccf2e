/**
 * The WinRS shell operations (create, command, send, receive, signal, delete) over one channel,
 * with faults turned into errors and stdin split into envelopes that fit MaxEnvelopeSize.
 */
import { randomUUID } from "crypto";
import { pause } from "../clock";
import { WinRmError } from "./errors";
import type { ReceivedOutput } from "./responses";
import {
    commandIdOf,
    faultOf,
    parseResponse,
    receivedOutputOf,
    relatesToOf,
    shellIdOf,
} from "./responses";
import { ACTION, WSMAN_TIMED_OUT_CODE } from "./namespaces";
import type { EnvelopeRequest } from "./soap";
import {
    buildEnvelope,
    commandRequest,
    createShellRequest,
    deleteShellRequest,
    receiveRequest,
    sendRequest,
    signalRequest,
} from "./soap";
import type { WinRmSettings } from "./settings";
import type { WsManChannel } from "./wsmanChannel";
import type { XmlElement } from "./xml";

/** Room left in every envelope for headers that vary (ids, timeouts), in bytes. */
const ENVELOPE_MARGIN = 256;
/** WSManFault code ERROR_BUSY: the listener is still processing an earlier request. */
const WSMAN_BUSY_CODE = 170;
/** Attempts of one Send while the listener reports ERROR_BUSY. */
const BUSY_ATTEMPTS = 3;
/** Requests whose repetition would run a command twice or duplicate stdin. */
const UNSAFE_TO_REPEAT = new Set<string>([ACTION.command, ACTION.send]);
/** HTTP read timeout beyond the operation timeout, as pywinrm and Ansible do. */
const HTTP_GRACE_MS = 10_000;

/**
 * Largest stdin chunk (raw bytes) whose Send envelope, base64 included, stays within
 * `maxEnvelopeSize`.
 */
export function maxStdinChunk(settings: WinRmSettings): number {
    const empty = buildEnvelope(envelopeContext(settings, settings.operationTimeoutSeconds), {
        ...sendRequest(
            "00000000-0000-0000-0000-000000000000",
            "00000000-0000-0000-0000-000000000000",
            Buffer.alloc(0),
            true,
        ),
        messageId: "uuid:00000000-0000-0000-0000-000000000000",
    });
    const room = settings.maxEnvelopeSize - Buffer.byteLength(empty) - ENVELOPE_MARGIN;
    return Math.max(3, Math.floor(room / 4) * 3);
}

function envelopeContext(settings: WinRmSettings, operationTimeoutSeconds: number) {
    return {
        endpoint: settings.endpoint,
        maxEnvelopeSize: settings.maxEnvelopeSize,
        operationTimeoutSeconds,
    };
}

/** WinRS operations on one channel. */
export class WinRsClient {
    constructor(
        private readonly settings: WinRmSettings,
        readonly channel: WsManChannel,
    ) {}

    /** Posts `request`; a SOAP fault becomes `WinRmFaultError`. */
    async call(
        request: EnvelopeRequest,
        operationTimeoutSeconds = this.settings.operationTimeoutSeconds,
    ): Promise<XmlElement> {
        const messageId = request.messageId ?? `uuid:${randomUUID().toUpperCase()}`;
        const envelope = buildEnvelope(envelopeContext(this.settings, operationTimeoutSeconds), {
            ...request,
            messageId,
        });
        const retrySafe = !UNSAFE_TO_REPEAT.has(request.action);
        const reply = await this.channel.post(
            envelope,
            operationTimeoutSeconds * 1000 + HTTP_GRACE_MS,
            retrySafe,
        );
        if (!reply.xml.trim()) {
            throw new WinRmError(
                `WinRM listener ${this.settings.host} answered HTTP ${reply.status} with an empty body`,
            );
        }
        const parsed = parseResponse(reply.xml, this.settings.host);
        const relatesTo = relatesToOf(parsed);
        if (relatesTo !== undefined && relatesTo !== messageId) {
            throw new WinRmError(
                `WinRM listener ${this.settings.host} answered message ${relatesTo} instead of ${messageId}: ` +
                    `the connection is out of step (a proxy or a confused listener); the request was not confirmed`,
            );
        }
        const fault = faultOf(parsed, this.settings.host);
        if (fault) throw fault;
        if (reply.status !== 200) {
            throw new WinRmError(
                `WinRM listener ${this.settings.host} answered HTTP ${reply.status}`,
            );
        }
        return parsed;
    }

    async createShell(): Promise<string> {
        return shellIdOf(await this.call(createShellRequest()), this.settings.host);
    }

    async startCommand(shellId: string, commandLine: string): Promise<string> {
        return commandIdOf(
            await this.call(commandRequest(shellId, commandLine)),
            this.settings.host,
        );
    }

    /** Sends `data` in chunks that fit the envelope limit; `end` closes stdin after the last. */
    async send(shellId: string, commandId: string, data: Buffer, end: boolean): Promise<void> {
        const chunkSize = maxStdinChunk(this.settings);
        let offset = 0;
        do {
            const chunk = data.subarray(offset, offset + chunkSize);
            offset += chunk.length;
            const last = offset >= data.length;
            await this.sendChunk(sendRequest(shellId, commandId, chunk, end && last));
        } while (offset < data.length);
    }

    /**
     * One Send; a listener still busy with an earlier request (ERROR_BUSY, code 170) had not taken
     * the data, so the Send is repeated after a pause, at most `BUSY_ATTEMPTS` times in all.
     */
    private async sendChunk(request: EnvelopeRequest): Promise<void> {
        for (let attempt = 1; ; attempt++) {
            try {
                await this.call(request);
                return;
            } catch (error) {
                const busy = (error as { wsmanCode?: number }).wsmanCode === WSMAN_BUSY_CODE;
                if (!busy || attempt >= BUSY_ATTEMPTS) throw error;
                await pause(this.settings.clock, this.settings.busyRetryDelayMs);
            }
        }
    }

    /** One Receive long poll; an expired poll (w:TimedOut) yields no output and not done. */
    async receive(
        shellId: string,
        commandId: string,
        operationTimeoutSeconds?: number,
    ): Promise<ReceivedOutput> {
        try {
            return receivedOutputOf(
                await this.call(receiveRequest(shellId, commandId), operationTimeoutSeconds),
            );
        } catch (error) {
            const code = (error as { wsmanCode?: number }).wsmanCode;
            if (code === WSMAN_TIMED_OUT_CODE) {
                return {
                    stdout: Buffer.alloc(0),
                    stderr: Buffer.alloc(0),
                    done: false,
                    exitCode: null,
                };
            }
            throw error;
        }
    }

    async signalTerminate(shellId: string, commandId: string): Promise<void> {
        await this.call(signalRequest(shellId, commandId));
    }

    async deleteShell(shellId: string): Promise<void> {
        await this.call(deleteShellRequest(shellId));
    }
}
