/**
 * Posts SOAP envelopes to one WinRM listener over one authenticated connection: Basic (HTTPS
 * only) or NTLMv2 (HTTPS, or HTTP with every message sealed). A lost connection is re-opened and
 * re-authenticated before the next request.
 */
import type { NtlmEntropy } from "../ntlm/client";
import { NtlmClient } from "../ntlm/client";
import { tlsServerEndPointBinding } from "../ntlm/channelBindings";
import type { NtlmSessionSecurity } from "../ntlm/sessionSecurity";
import {
    decryptMessage,
    encryptMessage,
    ENCRYPTED_CONTENT_TYPE,
    isEncrypted,
    SOAP_CONTENT_TYPE,
} from "./encryption";
import { WinRmAuthenticationError, WinRmConnectionError, WinRmError } from "./errors";
import { defaultBackoff } from "../ssh/backoff";
import { retryConnect } from "../ssh/connectRetries";
import type { HttpResponse } from "./httpConnection";
import { HttpConnection } from "./httpConnection";
import type { WinRmSettings } from "./settings";

const WRONG_CREDENTIALS =
    "the user name or password is wrong, or the account may not log on remotely";

/** A response body and its HTTP status (200, or 500 carrying a SOAP fault). */
export interface SoapReply {
    status: number;
    xml: string;
}

/** One authenticated connection to a listener. Requests are serialised. */
export class WsManChannel {
    private connection?: HttpConnection;
    private security?: NtlmSessionSecurity;
    /** The AUTHENTICATE token to send with the next request (NTLM over HTTPS). */
    private pendingAuthorization?: string;
    private queue: Promise<unknown> = Promise.resolve();

    constructor(
        private readonly settings: WinRmSettings,
        private readonly entropy?: NtlmEntropy,
    ) {}

    /** True when messages are sealed (NTLM over plain HTTP). */
    get encrypts(): boolean {
        return this.settings.auth === "ntlm" && !this.settings.https;
    }

    /**
     * Posts `soap` and returns the reply; HTTP 401 becomes `WinRmAuthenticationError`. When a
     * reused idle connection turns out to have been closed by the listener before any reply byte,
     * a `retrySafe` request (one whose repetition is harmless) is sent once more on a new one.
     */
    post(soap: string, timeoutMs: number, retrySafe = false): Promise<SoapReply> {
        const run = this.queue.then(async () => {
            const reused = !!this.connection?.isOpen;
            try {
                return await this.postNow(soap, timeoutMs);
            } catch (error) {
                if (!(
                    retrySafe &&
                    reused &&
                    error instanceof WinRmConnectionError &&
                    error.beforeReply
                )) {
                    throw error;
                }
                this.close();
                return this.postNow(soap, timeoutMs);
            }
        });
        this.queue = run.catch(() => undefined);
        return run;
    }

    /** Closes the connection (a pending request fails). */
    close(): void {
        this.connection?.close();
        this.connection = undefined;
        this.security = undefined;
        this.pendingAuthorization = undefined;
    }

    private async postNow(soap: string, timeoutMs: number, renewed = false): Promise<SoapReply> {
        // Let close events of an idle connection arrive before deciding to reuse it.
        await new Promise((resolve) => setImmediate(resolve));
        const connection = await this.authenticatedConnection(timeoutMs);
        const plaintext = Buffer.from(soap, "utf8");
        const headers: Record<string, string> = {};
        let body: Buffer = plaintext;
        if (this.settings.auth === "basic") headers["Authorization"] = this.basicAuthorization();
        const completesHandshake = this.pendingAuthorization !== undefined;
        if (this.pendingAuthorization) headers["Authorization"] = this.pendingAuthorization;
        this.pendingAuthorization = undefined;
        if (this.encrypts) {
            headers["Content-Type"] = ENCRYPTED_CONTENT_TYPE;
            body = encryptMessage(this.security!, plaintext);
        } else {
            headers["Content-Type"] = SOAP_CONTENT_TYPE;
        }
        const response = await connection.request(
            { method: "POST", path: "/wsman", headers, body },
            timeoutMs,
        );
        if (response.status === 401) {
            this.close();
            if (completesHandshake) throw this.authenticationError(WRONG_CREDENTIALS);
            // An NTLM context can be lost on the listener's side (the request was not processed):
            // authenticate once more on a new connection; a second refusal is final.
            if (this.settings.auth === "ntlm" && !renewed)
                return this.postNow(soap, timeoutMs, true);
            throw this.authenticationError("the listener refused the request");
        }
        return { status: response.status, xml: this.readBody(response) };
    }

    private readBody(response: HttpResponse): string {
        if (isEncrypted(response.headers["content-type"])) {
            if (!this.security)
                throw new WinRmError(
                    `WinRM listener ${this.settings.host} sent an encrypted reply without an NTLM context`,
                );
            return decryptMessage(this.security, response.body).toString("utf8");
        }
        if (this.encrypts && response.body.length > 0) {
            throw new WinRmError(
                `WinRM listener ${this.settings.host} answered HTTP ${response.status} without encryption on a sealed connection`,
            );
        }
        return response.body.toString("utf8");
    }

    private async authenticatedConnection(timeoutMs: number): Promise<HttpConnection> {
        if (this.connection?.isOpen) return this.connection;
        this.close();
        const connection = await this.connectWithRetries();
        this.connection = connection;
        if (this.settings.auth === "ntlm") await this.ntlmHandshake(connection, timeoutMs);
        return connection;
    }

    /**
     * Opens a connection, retrying refused or unreachable connects with exponential backoff and
     * jitter, bounded by `defaultBackoff.maxAttempts` and by the connect timeout as a whole. TLS
     * failures are not retried: another attempt would meet the same certificate.
     */
    private connectWithRetries(): Promise<HttpConnection> {
        const { settings } = this;
        return retryConnect(
            {
                budgetMs: settings.connectTimeoutMs,
                backoff: defaultBackoff,
                random: settings.random,
                clock: settings.clock,
            },
            async (remainingMs) => {
                const connection = new HttpConnection({
                    host: settings.host,
                    port: settings.port,
                    https: settings.https,
                    trust: { caCert: settings.caCert, certThumbprint: settings.certThumbprint },
                    connectTimeoutMs: Math.max(1000, remainingMs),
                    clock: settings.clock,
                });
                await connection.open();
                return connection;
            },
            (error) => !(error instanceof WinRmConnectionError),
            ({ attempts, lastError }) =>
                new WinRmConnectionError(
                    `${lastError.message} (after ${attempts} attempt(s) within timeouts.connectSeconds)`,
                ),
        );
    }

    private async ntlmHandshake(connection: HttpConnection, timeoutMs: number): Promise<void> {
        const client = new NtlmClient(
            { user: this.settings.user, password: this.settings.password },
            this.entropy,
        );
        // The handshake requests are empty; like pywinrm they carry the plain SOAP content type.
        const contentType = SOAP_CONTENT_TYPE;
        const negotiate = await connection.request(
            {
                method: "POST",
                path: "/wsman",
                headers: {
                    Authorization: `Negotiate ${client.negotiate().toString("base64")}`,
                    "Content-Type": contentType,
                },
                body: Buffer.alloc(0),
            },
            timeoutMs,
        );
        const challenge = /(?:^|,\s*)Negotiate\s+([A-Za-z0-9+/=]+)/.exec(
            negotiate.headers["www-authenticate"] ?? "",
        );
        if (negotiate.status !== 401 || !challenge) {
            this.close();
            throw this.authenticationError(
                `the listener did not answer the NTLM negotiation with a Negotiate challenge (HTTP ${negotiate.status}); ` +
                    `check that Negotiate authentication is enabled on the WinRM service`,
            );
        }
        const peerCertificate = connection.peerCertificateDer();
        const authentication = client.authenticate(
            Buffer.from(challenge[1], "base64"),
            peerCertificate ? tlsServerEndPointBinding(peerCertificate) : undefined,
        );
        this.security = authentication.security;
        const authorization = `Negotiate ${authentication.token.toString("base64")}`;
        if (!this.encrypts) {
            // Over HTTPS the AUTHENTICATE token travels with the first real request.
            this.pendingAuthorization = authorization;
            return;
        }
        // Sealing needs the context before the first message: complete it with an empty request.
        const result = await connection.request(
            {
                method: "POST",
                path: "/wsman",
                headers: { Authorization: authorization, "Content-Type": contentType },
                body: Buffer.alloc(0),
            },
            timeoutMs,
        );
        if (result.status === 401) {
            this.close();
            throw this.authenticationError(WRONG_CREDENTIALS);
        }
    }

    private basicAuthorization(): string {
        const token = Buffer.from(
            `${this.settings.user}:${this.settings.password}`,
            "utf8",
        ).toString("base64");
        return `Basic ${token}`;
    }

    private authenticationError(reason: string): WinRmAuthenticationError {
        return new WinRmAuthenticationError(
            `${this.settings.host}:${this.settings.port}`,
            this.settings.user,
            `WinRM HTTP 401, ${this.settings.auth}: ${reason}`,
        );
    }
}
