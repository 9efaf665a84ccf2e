/**
 * A WS-Management server double speaking the real WinRS SOAP over HTTP or HTTPS, with Basic or
 * NTLMv2 authentication and NTLM message sealing. Commands run through the local `/bin/sh`, except
 * the PowerShell bootstrap command line, whose framed requests are answered by a handler in the
 * test (no PowerShell exists on the test machines). Everything on the wire is recorded.
 */
import { randomBytes, randomUUID } from "crypto";
import * as http from "http";
import * as https from "https";
import type { AddressInfo, Socket } from "net";
import { TLSSocket } from "tls";
import { messageType } from "../../provider/transport/ntlm/messages";
import type { NtlmSessionSecurity } from "../../provider/transport/ntlm/sessionSecurity";
import {
    decryptMessage,
    encryptMessage,
    ENCRYPTED_CONTENT_TYPE,
    isEncrypted,
    SOAP_CONTENT_TYPE,
} from "../../provider/transport/winrm/encryption";
import { ACTION, COMMAND_STATE_DONE, NS } from "../../provider/transport/winrm/namespaces";
import {
    attribute,
    deepText,
    findAll,
    findFirst,
    parseXml,
} from "../../provider/transport/winrm/xml";
import { serverChallengeMessage, verifyAuthenticate } from "./wsmanDoubleNtlm";
import type { Command, PowerShellAnswer, PowerShellRequest } from "./wsmanDoubleCommands";
import { startCommand } from "./wsmanDoubleCommands";

export type { PowerShellAnswer, PowerShellRequest } from "./wsmanDoubleCommands";
export { generateTestCertificates, removeTestCertificates } from "./wsmanDoubleCertificates";
export type { TestCertificates } from "./wsmanDoubleCertificates";

/** A SOAP fault to return. */
export interface FaultSpec {
    subcode: string;
    code?: number;
    message: string;
}

/** Configuration of the double. */
export interface WsManDoubleOptions {
    auth: "basic" | "ntlm";
    user: string;
    password: string;
    /** PEM key and certificate: serve HTTPS. */
    tls?: { key: string; cert: string };
    /** Requests whose SOAP exceeds this many bytes get a `w:EncodingLimit` fault. @default 153600 */
    maxEnvelopeSize?: number;
    /** How long a Receive waits for output before a `w:TimedOut` fault, in ms. @default 300 */
    receiveHoldMs?: number;
    /** Answers bootstrap requests. @default echoes `$Params` back as JSON */
    powershell?: (request: PowerShellRequest) => PowerShellAnswer;
    /** Number of Sends to refuse with ERROR_BUSY (code 170) before accepting. @default 0 */
    busySends?: number;
    /** Answer every request with a RelatesTo naming another message. @default false */
    wrongRelatesTo?: boolean;
    /** A fault for a Command, decided by its command line. */
    commandFault?: (commandLine: string) => FaultSpec | undefined;
}

/** One request as seen by the double. */
export interface RecordedExchange {
    /** Request headers exactly as received. */
    headers: http.IncomingHttpHeaders;
    /** Request body bytes as on the wire. */
    wireBody: Buffer;
    /** SOAP text after decryption ("" for handshake requests). */
    soap: string;
    /** `a:Action` of the SOAP ("" for handshake requests). */
    action: string;
    /** Response body bytes as on the wire. */
    responseWireBody: Buffer;
    status: number;
}

interface Shell {
    id: string;
    commands: Map<string, Command>;
}

interface SocketState {
    negotiate?: Buffer;
    challenge?: Buffer;
    serverChallenge?: Buffer;
    security?: NtlmSessionSecurity;
}

const TIMED_OUT: FaultSpec = {
    subcode: "w:TimedOut",
    code: 2150858793,
    message:
        "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.",
};

function fault(spec: FaultSpec, relatesTo: string): string {
    const detail =
        spec.code !== undefined
            ? `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${spec.code}" Machine="double"><f:Message>${spec.message}</f:Message></f:WSManFault></s:Detail>`
            : "";
    return envelope(
        "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault",
        relatesTo,
        `<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${spec.subcode}</s:Value></s:Subcode></s:Code>` +
            `<s:Reason><s:Text xml:lang="en-US">${spec.message}</s:Text></s:Reason>${detail}</s:Fault>`,
    );
}

function envelope(action: string, relatesTo: string, body: string): string {
    return (
        `<s:Envelope xml:lang="en-US" xmlns:s="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="${NS.wsman}" xmlns:rsp="${NS.shell}" xmlns:p="${NS.msWsman}">` +
        `<s:Header><a:Action>${action}</a:Action><a:MessageID>uuid:${randomUUID().toUpperCase()}</a:MessageID>` +
        `<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To><a:RelatesTo>${relatesTo}</a:RelatesTo></s:Header>` +
        `<s:Body>${body}</s:Body></s:Envelope>`
    );
}

/** The WS-Man server double. */
export class WsManDouble {
    readonly exchanges: RecordedExchange[] = [];
    readonly commandLines: string[] = [];
    readonly powershellRequests: PowerShellRequest[] = [];
    private readonly shells = new Map<string, Shell>();
    private sockets = new WeakMap<Socket, SocketState>();
    private readonly openSockets = new Set<Socket>();
    private server?: http.Server;
    private busySendsAnswered = 0;
    private readonly arrivalWaiters: { action: string; arrived: () => void }[] = [];

    constructor(readonly options: WsManDoubleOptions) {}

    /**
     * Resolves when the next request whose SOAP action ends in `/${action}` (e.g. "Receive")
     * arrives, before it is answered: a test waits on it instead of a fixed time.
     */
    arrival(action: string): Promise<void> {
        return new Promise((arrived) => this.arrivalWaiters.push({ action, arrived }));
    }

    /** Listens on 127.0.0.1 (`port`, or a free one) and resolves with the port. */
    async start(port = 0): Promise<number> {
        const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
            const chunks: Buffer[] = [];
            request.on("data", (chunk: Buffer) => chunks.push(chunk));
            request.on("end", () => {
                this.handle(request, Buffer.concat(chunks)).then(
                    ({ status, headers, body }) => {
                        response.writeHead(status, {
                            ...headers,
                            "Content-Length": String(body.length),
                        });
                        response.end(body);
                    },
                    (error: Error) => {
                        response.writeHead(500, { "Content-Type": "text/plain" });
                        response.end(`double failure: ${error.message}`);
                    },
                );
            });
        };
        this.server = this.options.tls
            ? https.createServer(
                  { key: this.options.tls.key, cert: this.options.tls.cert },
                  handler,
              )
            : http.createServer(handler);
        this.server.keepAliveTimeout = 60_000;
        this.server.on(this.options.tls ? "secureConnection" : "connection", (socket: Socket) => {
            this.openSockets.add(socket);
            socket.on("close", () => this.openSockets.delete(socket));
        });
        await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
        return (this.server!.address() as AddressInfo).port;
    }

    /** Stops listening, drops connections and kills every command. */
    async stop(): Promise<void> {
        for (const shell of this.shells.values())
            for (const command of shell.commands.values()) command.kill();
        this.shells.clear();
        for (const socket of this.openSockets) socket.destroy();
        await new Promise<void>((resolve) =>
            this.server ? this.server.close(() => resolve()) : resolve(),
        );
    }

    /** Drops every open connection (as a listener restart or network blip would). */
    dropConnections(): void {
        for (const socket of this.openSockets) socket.destroy();
    }

    /** Forgets every authenticated NTLM context while keeping the connections open. */
    forgetAuthentications(): void {
        this.sockets = new WeakMap();
    }

    /** Number of shells still open. */
    get openShells(): number {
        return this.shells.size;
    }

    /** The SOAP actions received, in order. */
    get actions(): string[] {
        return this.exchanges
            .filter((exchange) => exchange.action)
            .map((exchange) => exchange.action.split("/").pop()!);
    }

    private async handle(
        request: http.IncomingMessage,
        wireBody: Buffer,
    ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
        const exchange: RecordedExchange = {
            headers: request.headers,
            wireBody,
            soap: "",
            action: "",
            responseWireBody: Buffer.alloc(0),
            status: 0,
        };
        this.exchanges.push(exchange);
        const reply = await this.authenticateAndServe(request, wireBody, exchange);
        exchange.status = reply.status;
        exchange.responseWireBody = reply.body;
        return reply;
    }

    private async authenticateAndServe(
        request: http.IncomingMessage,
        wireBody: Buffer,
        exchange: RecordedExchange,
    ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
        const socket = request.socket;
        const state = this.sockets.get(socket) ?? {};
        this.sockets.set(socket, state);
        const authorization = request.headers.authorization ?? "";
        const unauthorized = (headers: Record<string, string> = {}) => ({
            status: 401,
            headers,
            body: Buffer.alloc(0),
        });
        if (this.options.auth === "basic") {
            const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password}`).toString("base64")}`;
            if (authorization !== expected)
                return unauthorized({ "WWW-Authenticate": 'Basic realm="WSMAN"' });
            return this.serve(wireBody, request.headers["content-type"], undefined, exchange);
        }
        const negotiate = /^Negotiate (.+)$/.exec(authorization);
        if (negotiate) {
            const token = Buffer.from(negotiate[1], "base64");
            if (messageType(token) === 1) {
                state.negotiate = token;
                state.serverChallenge = randomBytes(8);
                state.challenge = serverChallengeMessage(state.serverChallenge);
                return unauthorized({
                    "WWW-Authenticate": `Negotiate ${state.challenge.toString("base64")}`,
                });
            }
            state.security =
                state.negotiate && state.challenge && state.serverChallenge
                    ? verifyAuthenticate(token, {
                          user: this.options.user,
                          password: this.options.password,
                          negotiate: state.negotiate,
                          challenge: state.challenge,
                          serverChallenge: state.serverChallenge,
                          serverCertificate:
                              socket instanceof TLSSocket
                                  ? (socket.getCertificate() as { raw?: Buffer } | null)?.raw
                                  : undefined,
                      })
                    : undefined;
            if (!state.security) return unauthorized({ "WWW-Authenticate": "Negotiate" });
            if (wireBody.length === 0) return { status: 200, headers: {}, body: Buffer.alloc(0) };
        }
        if (!state.security) return unauthorized({ "WWW-Authenticate": "Negotiate, Kerberos" });
        if (!this.options.tls && !isEncrypted(request.headers["content-type"])) {
            return { status: 400, headers: {}, body: Buffer.alloc(0) };
        }
        return this.serve(wireBody, request.headers["content-type"], state.security, exchange);
    }

    private async serve(
        wireBody: Buffer,
        contentType: string | undefined,
        security: NtlmSessionSecurity | undefined,
        exchange: RecordedExchange,
    ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
        const encrypted = isEncrypted(contentType);
        const soap = encrypted
            ? decryptMessage(security!, wireBody).toString("utf8")
            : wireBody.toString("utf8");
        exchange.soap = soap;
        const { status, xml } = await this.dispatch(soap, exchange);
        const plain = Buffer.from(xml, "utf8");
        if (encrypted) {
            return {
                status,
                headers: { "Content-Type": ENCRYPTED_CONTENT_TYPE },
                body: encryptMessage(security!, plain),
            };
        }
        return { status, headers: { "Content-Type": SOAP_CONTENT_TYPE }, body: plain };
    }

    private async dispatch(
        soap: string,
        exchange: RecordedExchange,
    ): Promise<{ status: number; xml: string }> {
        const request = parseXml(soap);
        const header = (local: string): string => {
            const element = findFirst(request, local);
            return element ? deepText(element).trim() : "";
        };
        const action = header("Action");
        exchange.action = action;
        for (const waiter of this.arrivalWaiters.filter((w) => action.endsWith(`/${w.action}`))) {
            this.arrivalWaiters.splice(this.arrivalWaiters.indexOf(waiter), 1);
            waiter.arrived();
        }
        const messageId = this.options.wrongRelatesTo
            ? `uuid:${randomUUID().toUpperCase()}`
            : header("MessageID");
        const failed = (spec: FaultSpec) => ({ status: 500, xml: fault(spec, messageId) });
        const limit = this.options.maxEnvelopeSize ?? 153600;
        if (Buffer.byteLength(soap) > limit) {
            return failed({
                subcode: "w:EncodingLimit",
                message: `The request exceeds MaxEnvelopeSize ${limit}`,
            });
        }
        const selector = findAll(request, "Selector").find(
            (element) => attribute(element, "Name") === "ShellId",
        );
        const shell = selector ? this.shells.get(deepText(selector).trim()) : undefined;
        const ok = (responseAction: string, body: string) => ({
            status: 200,
            xml: envelope(responseAction, messageId, body),
        });
        switch (action) {
            case ACTION.create: {
                const id = randomUUID().toUpperCase();
                this.shells.set(id, { id, commands: new Map() });
                return ok(
                    "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse",
                    `<x:ResourceCreated><a:Address>http://double/wsman</a:Address><a:ReferenceParameters><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>` +
                        `<w:SelectorSet><w:Selector Name="ShellId">${id}</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>` +
                        `<rsp:Shell><rsp:ShellId>${id}</rsp:ShellId><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut></rsp:Shell>`,
                );
            }
            case ACTION.command: {
                if (!shell)
                    return failed({
                        subcode: "w:InvalidSelectors",
                        code: 2150858843,
                        message: "The shell was not found.",
                    });
                const commandLine = header("Command");
                this.commandLines.push(commandLine);
                const injected = this.options.commandFault?.(commandLine);
                if (injected) return failed(injected);
                const command = startCommand(commandLine, {
                    handler: this.options.powershell,
                    requests: this.powershellRequests,
                });
                shell.commands.set(command.id, command);
                return ok(
                    `${NS.shell}/CommandResponse`,
                    `<rsp:CommandResponse><rsp:CommandId>${command.id}</rsp:CommandId></rsp:CommandResponse>`,
                );
            }
            case ACTION.send: {
                if ((this.options.busySends ?? 0) > this.busySendsAnswered) {
                    this.busySendsAnswered++;
                    return failed({
                        subcode: "w:InternalError",
                        code: 170,
                        message: "The requested resource is in use.",
                    });
                }
                const stream = findFirst(request, "Stream")!;
                const command = shell?.commands.get(attribute(stream, "CommandId") ?? "");
                if (!command)
                    return failed({
                        subcode: "w:InvalidSelectors",
                        message: "The command was not found.",
                    });
                command.writeStdin(Buffer.from(deepText(stream).trim(), "base64"));
                if (attribute(stream, "End") === "true") command.endStdin();
                return ok(`${NS.shell}/SendResponse`, "<rsp:SendResponse/>");
            }
            case ACTION.receive: {
                const desired = findFirst(request, "DesiredStream")!;
                const command = shell?.commands.get(attribute(desired, "CommandId") ?? "");
                if (!command)
                    return failed({
                        subcode: "w:InvalidSelectors",
                        message: "The command was not found.",
                    });
                const ready = await this.waitForOutput(command);
                if (!ready) return failed(TIMED_OUT);
                const streams = (name: string, parts: Buffer[]): string => {
                    const data = Buffer.concat(parts.splice(0));
                    return data.length > 0
                        ? `<rsp:Stream Name="${name}" CommandId="${command.id}">${data.toString("base64")}</rsp:Stream>`
                        : "";
                };
                const body = streams("stdout", command.stdout) + streams("stderr", command.stderr);
                const state =
                    command.exitCode !== null
                        ? `<rsp:CommandState CommandId="${command.id}" State="${COMMAND_STATE_DONE}"><rsp:ExitCode>${command.exitCode}</rsp:ExitCode></rsp:CommandState>`
                        : `<rsp:CommandState CommandId="${command.id}" State="${NS.shell}/CommandState/Running"/>`;
                return ok(
                    `${NS.shell}/ReceiveResponse`,
                    `<rsp:ReceiveResponse>${body}${state}</rsp:ReceiveResponse>`,
                );
            }
            case ACTION.signal: {
                const signal = findFirst(request, "Signal")!;
                const command = shell?.commands.get(attribute(signal, "CommandId") ?? "");
                if (command) {
                    command.signalled = true;
                    command.kill();
                }
                return ok(`${NS.shell}/SignalResponse`, "<rsp:SignalResponse/>");
            }
            case ACTION.delete: {
                if (shell) {
                    for (const command of shell.commands.values()) command.kill();
                    this.shells.delete(shell.id);
                }
                return ok("http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse", "");
            }
            default:
                return failed({
                    subcode: "w:ActionNotSupported",
                    message: `unknown action ${action}`,
                });
        }
    }

    private waitForOutput(command: Command): Promise<boolean> {
        const ready = (): boolean =>
            command.stdout.length > 0 || command.stderr.length > 0 || command.exitCode !== null;
        if (ready()) return Promise.resolve(true);
        return new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(ready()), this.options.receiveHoldMs ?? 300);
            command.waiters.push(() => {
                clearTimeout(timer);
                resolve(true);
            });
        });
    }
}
