/**
 * One HTTP/1.1 connection (plain or TLS) carrying one request at a time. WinRM's NTLM context and
 * its sealing keys belong to one TCP connection, so the socket is owned here rather than pooled
 * by an agent that might silently swap it.
 */
import * as net from "net";
import * as tls from "tls";
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import { WinRmConnectionError, WinRmTlsError } from "./errors";
import type { ResponseHead } from "./httpResponse";
import { decodeChunked, parseHead } from "./httpResponse";
import type { TlsTrust } from "./tlsPinning";
import { tlsConnectionOptions, verifyPinnedPeer } from "./tlsPinning";

/** A request on the connection. */
export interface HttpRequest {
    /** Always POST for WS-Man. */
    method: "POST";
    /** Request target, `/wsman`. */
    path: string;
    /** Headers besides Host, Content-Length and Connection. */
    headers: Record<string, string>;
    /** Body bytes (may be empty during the NTLM handshake). */
    body: Buffer;
}

/** A complete response. Header names are lower-case. */
export interface HttpResponse {
    /** HTTP status code. */
    status: number;
    /** Headers by lower-case name; repeated headers joined with ", ". */
    headers: Record<string, string>;
    /** Complete body (Content-Length or chunked). */
    body: Buffer;
}

/** Where and how to connect. */
export interface HttpEndpoint {
    /** Host name or IP address. */
    host: string;
    /** TCP port. */
    port: number;
    /** Use TLS. */
    https: boolean;
    /** CA and pin of the listener certificate (HTTPS only). */
    trust: TlsTrust;
    /** Longest time to connect (and finish the TLS handshake), in ms. */
    connectTimeoutMs: number;
    /** Source of time for request timeouts (tests). @default systemClock */
    clock?: Clock;
}

const TLS_ERROR_CODES = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "CERT_NOT_YET_VALID",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_SIGNATURE_FAILURE",
]);

/** The Host header value: IPv6 addresses in brackets. */
export function hostHeader(host: string, port: number): string {
    return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** A single client connection. */
export class HttpConnection {
    private socket?: net.Socket;
    private received: Buffer = Buffer.alloc(0);
    private pending?: {
        resolve: (response: HttpResponse) => void;
        reject: (error: Error) => void;
    };
    private closed = false;

    constructor(private readonly endpoint: HttpEndpoint) {}

    /** True while the socket can carry another request. */
    get isOpen(): boolean {
        return !!this.socket && !this.closed && !this.socket.destroyed;
    }

    /** DER of the server certificate (HTTPS), for channel binding. */
    peerCertificateDer(): Buffer | undefined {
        if (!(this.socket instanceof tls.TLSSocket)) return undefined;
        return this.socket.getPeerCertificate()?.raw;
    }

    /** Connects (and completes and checks the TLS handshake). */
    async open(): Promise<void> {
        const { host, port, https, trust, connectTimeoutMs } = this.endpoint;
        const socket = await new Promise<net.Socket>((resolve, reject) => {
            const onError = (error: Error & { code?: string }): void => {
                socket.destroy();
                reject(this.connectError(error));
            };
            const socket: net.Socket = https
                ? tls.connect(
                      {
                          host,
                          port,
                          servername: net.isIP(host) ? undefined : host,
                          ...tlsConnectionOptions(host, trust),
                      },
                      () => {
                          try {
                              verifyPinnedPeer(socket as tls.TLSSocket, host, trust);
                              resolve(socket);
                          } catch (error) {
                              socket.destroy();
                              reject(error);
                          }
                      },
                  )
                : net.connect({ host, port }, () => resolve(socket));
            socket.setTimeout(connectTimeoutMs, () =>
                onError(
                    new WinRmConnectionError(
                        `connecting to WinRM listener ${host}:${port} timed out after ${connectTimeoutMs} ms`,
                    ),
                ),
            );
            socket.once("error", onError);
        });
        socket.removeAllListeners("error");
        socket.removeAllListeners("timeout");
        socket.setTimeout(0);
        socket.setNoDelay(true);
        socket.on("data", (chunk: Buffer) => this.onData(chunk));
        socket.on("error", (error) =>
            this.fail(
                new WinRmConnectionError(
                    `WinRM connection to ${host}:${port} failed: ${error.message}`,
                ),
            ),
        );
        socket.on("close", () =>
            this.fail(
                new WinRmConnectionError(
                    `WinRM listener ${host}:${port} closed the connection`,
                    this.received.length === 0,
                ),
            ),
        );
        this.socket = socket;
    }

    /** Sends `request` and resolves with the complete response. */
    request(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
        const socket = this.socket;
        if (!socket || !this.isOpen) {
            return Promise.reject(
                new WinRmConnectionError(`WinRM connection to ${this.endpoint.host} is not open`),
            );
        }
        if (this.pending)
            return Promise.reject(new Error("HttpConnection carries one request at a time"));
        const head =
            `${request.method} ${request.path} HTTP/1.1\r\n` +
            `Host: ${hostHeader(this.endpoint.host, this.endpoint.port)}\r\n` +
            Object.entries({ ...request.headers, "Content-Length": String(request.body.length) })
                .map(([name, value]) => `${name}: ${value}\r\n`)
                .join("") +
            `Connection: keep-alive\r\n\r\n`;
        return new Promise<HttpResponse>((resolve, reject) => {
            const timer = (this.endpoint.clock ?? systemClock).setTimer(() => {
                this.fail(
                    new WinRmConnectionError(
                        `WinRM listener ${this.endpoint.host} did not answer within ${timeoutMs} ms`,
                    ),
                );
                this.close();
            }, timeoutMs);
            this.pending = {
                resolve: (response) => {
                    timer.cancel();
                    resolve(response);
                },
                reject: (error) => {
                    timer.cancel();
                    reject(error);
                },
            };
            this.received = Buffer.alloc(0);
            socket.write(Buffer.concat([Buffer.from(head, "latin1"), request.body]));
        });
    }

    /** Closes the socket; a pending request fails. */
    close(): void {
        this.closed = true;
        this.socket?.destroy();
    }

    private connectError(error: Error & { code?: string }): Error {
        const { host, port } = this.endpoint;
        if (error instanceof WinRmTlsError || error instanceof WinRmConnectionError) return error;
        if (error.code && TLS_ERROR_CODES.has(error.code)) {
            return new WinRmTlsError(
                `WinRM listener ${host}:${port} certificate was refused (${error.code}: ${error.message}): ` +
                    `set connection.winrm.caCert to the CA that signed it, or pin it with connection.winrm.certThumbprint`,
            );
        }
        if (error.name === "WinRmTlsError") return error;
        return new WinRmConnectionError(
            `cannot connect to WinRM listener ${host}:${port}: ${error.message}`,
        );
    }

    private onData(chunk: Buffer): void {
        if (!this.pending) return;
        this.received = Buffer.concat([this.received, chunk]);
        let head: ResponseHead | undefined;
        try {
            head = parseHead(this.received);
        } catch (error) {
            this.fail(error as Error);
            return;
        }
        if (!head) return;
        const data = this.received.subarray(head.bodyStart);
        let body: Buffer | undefined;
        if (head.headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
            body = decodeChunked(data);
        } else {
            const length = Number(head.headers["content-length"] ?? "0");
            body = data.length >= length ? data.subarray(0, length) : undefined;
        }
        if (!body) return;
        const pending = this.pending;
        this.pending = undefined;
        if (head.headers["connection"]?.toLowerCase() === "close") this.close();
        pending.resolve({ status: head.status, headers: head.headers, body: Buffer.from(body) });
    }

    private fail(error: Error): void {
        this.closed = true;
        const pending = this.pending;
        this.pending = undefined;
        pending?.reject(error);
    }
}
