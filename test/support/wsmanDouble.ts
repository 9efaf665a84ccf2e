/**
 * A WS-Management server double speaking the real WinRS SOAP over HTTP or HTTPS, with Basic or
 * NTLMv2 authentication and NTLM message sealing. Commands run through the local `/bin/sh`, except
 * the PowerShell bootstrap command line, whose framed requests are answered by a handler in the
 * test (no PowerShell exists on the test machines). Everything on the wire is recorded.
 */
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from "child_process";
import { randomBytes, randomUUID } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { AddressInfo, Socket } from "net";
import * as os from "os";
import * as path from "path";
import { TLSSocket } from "tls";
import {
    AV_FLAG_MIC_PRESENT,
    AvId,
    findAvPair,
    parseAvPairs,
    serializeAvPairs,
} from "../../provider/transport/ntlm/avPairs";
import { tlsServerEndPointBinding } from "../../provider/transport/ntlm/channelBindings";
import { CLIENT_FLAGS, hasFlag, NegotiateFlags } from "../../provider/transport/ntlm/flags";
import {
    decodeAuthenticate,
    encodeChallenge,
    MIC_OFFSET,
    messageType,
} from "../../provider/transport/ntlm/messages";
import { hmacMd5, ntowfv2 } from "../../provider/transport/ntlm/ntlmv2";
import { rc4 } from "../../provider/transport/ntlm/rc4";
import { NtlmSessionSecurity } from "../../provider/transport/ntlm/sessionSecurity";
import { BOOTSTRAP_SCRIPT, RESPONSE_MARKER } from "../../provider/transport/powershell/bootstrap";
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

/** A request of the PowerShell bootstrap, decoded. */
export interface PowerShellRequest {
    id: string;
    script: string;
    params: Record<string, unknown>;
}

/** The answer the emulated bootstrap writes for a request. */
export interface PowerShellAnswer {
    ok: boolean;
    output: string;
    error: string;
}

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

interface Command {
    id: string;
    stdout: Buffer[];
    stderr: Buffer[];
    exitCode: number | null;
    signalled: boolean;
    writeStdin(data: Buffer): void;
    endStdin(): void;
    kill(): void;
    waiters: (() => void)[];
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

/** PEM material for an HTTPS double: a CA, a server certificate it signed, and an unrelated CA. */
export interface TestCertificates {
    dir: string;
    caCert: string;
    serverKey: string;
    serverCert: string;
    otherCaCert: string;
    /** The server certificate's SHA-256 and SHA-1 thumbprints, upper-case hex with colons. */
    sha256: string;
    sha1: string;
}

/** Generates certificates with the `openssl` CLI into a fresh temporary directory. */
export function generateTestCertificates(): TestCertificates {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-winrm-tls-"));
    const run = (...args: string[]): string =>
        execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
    for (const ca of ["ca", "other-ca"]) {
        run(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            `${ca}.key`,
            "-out",
            `${ca}.pem`,
            "-days",
            "2",
            "-subj",
            `/CN=l2bridge test ${ca}`,
        );
    }
    fs.writeFileSync(
        path.join(dir, "san.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    );
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    );
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf",
    );
    const fingerprint = (algorithm: string): string =>
        run("x509", "-in", "server.pem", "-noout", "-fingerprint", `-${algorithm}`)
            .split("=")[1]
            .trim();
    const read = (name: string): string => fs.readFileSync(path.join(dir, name), "utf8");
    return {
        dir,
        caCert: read("ca.pem"),
        serverKey: read("server.key"),
        serverCert: read("server.pem"),
        otherCaCert: read("other-ca.pem"),
        sha256: fingerprint("sha256"),
        sha1: fingerprint("sha1"),
    };
}

/** Deletes the directory of generated certificates. */
export function removeTestCertificates(certificates: TestCertificates | undefined): void {
    if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
}

/** The default bootstrap handler: returns `$Params` as JSON. */
function echoParams(request: PowerShellRequest): PowerShellAnswer {
    return { ok: true, output: JSON.stringify(request.params), error: "" };
}

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

    constructor(readonly options: WsManDoubleOptions) {}

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
                const timestamp = Buffer.alloc(8);
                timestamp.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
                state.challenge = encodeChallenge({
                    flags:
                        (CLIENT_FLAGS |
                            NegotiateFlags.TARGET_INFO |
                            NegotiateFlags.TARGET_TYPE_SERVER) >>>
                        0,
                    serverChallenge: state.serverChallenge,
                    targetName: Buffer.from("DOUBLE", "utf16le"),
                    targetInfo: serializeAvPairs([
                        { id: AvId.NB_DOMAIN_NAME, value: Buffer.from("DOUBLE", "utf16le") },
                        { id: AvId.NB_COMPUTER_NAME, value: Buffer.from("WSMAN", "utf16le") },
                        { id: AvId.TIMESTAMP, value: timestamp },
                    ]),
                });
                return unauthorized({
                    "WWW-Authenticate": `Negotiate ${state.challenge.toString("base64")}`,
                });
            }
            state.security = this.verifyAuthenticate(token, state, socket);
            if (!state.security) return unauthorized({ "WWW-Authenticate": "Negotiate" });
            if (wireBody.length === 0) return { status: 200, headers: {}, body: Buffer.alloc(0) };
        }
        if (!state.security) return unauthorized({ "WWW-Authenticate": "Negotiate, Kerberos" });
        if (!this.options.tls && !isEncrypted(request.headers["content-type"])) {
            return { status: 400, headers: {}, body: Buffer.alloc(0) };
        }
        return this.serve(wireBody, request.headers["content-type"], state.security, exchange);
    }

    /** Verifies an AUTHENTICATE message as a server would; the server-role sealing on success. */
    private verifyAuthenticate(
        token: Buffer,
        state: SocketState,
        socket: Socket,
    ): NtlmSessionSecurity | undefined {
        if (!state.challenge || !state.serverChallenge || !state.negotiate) return undefined;
        const message = decodeAuthenticate(token);
        const expectedUser = this.options.user.includes("\\")
            ? this.options.user.split("\\")[1]
            : this.options.user;
        if (message.user.toLowerCase() !== expectedUser.toLowerCase()) return undefined;
        const key = ntowfv2(this.options.password, message.user, message.domain);
        const proof = message.ntChallengeResponse.subarray(0, 16);
        const temp = message.ntChallengeResponse.subarray(16);
        if (!hmacMd5(key, state.serverChallenge, temp).equals(proof)) return undefined;
        const sessionBaseKey = hmacMd5(key, proof);
        const exportedSessionKey = hasFlag(message.flags, NegotiateFlags.KEY_EXCH)
            ? rc4(sessionBaseKey, message.encryptedRandomSessionKey)
            : sessionBaseKey;
        const clientPairs = parseAvPairs(temp.subarray(28));
        const avFlags = findAvPair(clientPairs, AvId.FLAGS);
        if (avFlags && (avFlags.readUInt32LE(0) & AV_FLAG_MIC_PRESENT) !== 0) {
            const zeroed = Buffer.from(token);
            Buffer.alloc(16).copy(zeroed, MIC_OFFSET);
            const mic = hmacMd5(exportedSessionKey, state.negotiate, state.challenge, zeroed);
            if (!mic.equals(message.mic)) return undefined;
        }
        if (socket instanceof TLSSocket) {
            const binding = findAvPair(clientPairs, AvId.CHANNEL_BINDINGS);
            const expected = tlsServerEndPointBinding(
                socket.getCertificate()
                    ? (socket.getCertificate() as { raw: Buffer }).raw
                    : Buffer.alloc(0),
            );
            if (!binding || !binding.equals(expected)) return undefined;
        }
        return new NtlmSessionSecurity(exportedSessionKey, message.flags, "server");
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
                const command = this.startCommand(commandLine);
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

    private startCommand(commandLine: string): Command {
        const command: Command = {
            id: randomUUID().toUpperCase(),
            stdout: [],
            stderr: [],
            exitCode: null,
            signalled: false,
            writeStdin: () => undefined,
            endStdin: () => undefined,
            kill: () => undefined,
            waiters: [],
        };
        const wake = (): void => command.waiters.splice(0).forEach((waiter) => waiter());
        const bootstrap = /-EncodedCommand ([A-Za-z0-9+/=]+)$/.exec(commandLine);
        if (
            bootstrap &&
            Buffer.from(bootstrap[1], "base64").toString("utf16le") === BOOTSTRAP_SCRIPT
        ) {
            this.emulateBootstrap(command, wake);
            return command;
        }
        const child: ChildProcessWithoutNullStreams = spawn("/bin/sh", ["-c", commandLine]);
        child.stdout.on("data", (chunk: Buffer) => {
            command.stdout.push(chunk);
            wake();
        });
        child.stderr.on("data", (chunk: Buffer) => {
            command.stderr.push(chunk);
            wake();
        });
        child.on("close", (code, signal) => {
            command.exitCode = code ?? (signal ? -1 : 0);
            wake();
        });
        child.stdin.on("error", () => undefined);
        command.writeStdin = (data) => child.stdin.write(data);
        command.endStdin = () => child.stdin.end();
        command.kill = () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        };
        return command;
    }

    /** Answers framed requests like the bootstrap: one response line per request line. */
    private emulateBootstrap(command: Command, wake: () => void): void {
        let pending = "";
        const handler = this.options.powershell ?? echoParams;
        command.writeStdin = (data) => {
            pending += data.toString("utf8");
            let newline: number;
            while ((newline = pending.indexOf("\n")) >= 0) {
                const line = pending.slice(0, newline).trim();
                pending = pending.slice(newline + 1);
                if (!line) continue;
                const raw = JSON.parse(Buffer.from(line, "base64").toString("utf8"));
                const request: PowerShellRequest = {
                    id: raw.id,
                    script: Buffer.from(raw.script, "base64").toString("utf8"),
                    params: raw.params,
                };
                this.powershellRequests.push(request);
                const answer = handler(request);
                const encoded = Buffer.from(JSON.stringify(answer), "utf8").toString("base64");
                command.stdout.push(Buffer.from(`${RESPONSE_MARKER} ${request.id} ${encoded}\r\n`));
            }
            wake();
        };
        command.endStdin = () => {
            command.exitCode = 0;
            wake();
        };
        command.kill = () => {
            if (command.exitCode === null) command.exitCode = 1;
            wake();
        };
    }
}
