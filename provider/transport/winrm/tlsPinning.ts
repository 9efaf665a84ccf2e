/**
 * TLS trust for the HTTPS listener. A pin must really pin: Node calls `checkServerIdentity` only
 * after the chain verified, and never with `rejectUnauthorized: false`, so a thumbprint pin
 * without a CA is checked on the established socket before any request byte is written.
 */
import type { ConnectionOptions, PeerCertificate, TLSSocket } from "tls";
import { checkServerIdentity } from "tls";
import { WinRmTlsError } from "./errors";
import { normalizeThumbprint } from "./settings";

/** What the listener's certificate must satisfy. */
export interface TlsTrust {
    /** PEM of the CA that must have signed the certificate. @default unset: the system CAs */
    caCert?: string;
    /** Normalised SHA-1 (40) or SHA-256 (64) hex thumbprint. */
    certThumbprint?: string;
}

/** The thumbprint of `certificate` in the algorithm of `pin` (by its length). */
export function thumbprintOf(certificate: PeerCertificate, pin: string): string {
    return normalizeThumbprint(
        pin.length === 40 ? certificate.fingerprint : certificate.fingerprint256,
    );
}

function pinMismatch(host: string, pin: string, seen: string): WinRmTlsError {
    return new WinRmTlsError(
        `WinRM listener ${host} presented a certificate with thumbprint ${seen}, but connection.winrm.certThumbprint pins ${pin}: ` +
            `check that you reach the right host, or update the pin if the certificate was renewed`,
    );
}

/** TLS options for `tls.connect`. */
export function tlsConnectionOptions(host: string, trust: TlsTrust): ConnectionOptions {
    const pin = trust.certThumbprint;
    if (pin && !trust.caCert) {
        // Chain trust is replaced by the exact pin, verified in `verifyPinnedPeer`.
        return { rejectUnauthorized: false };
    }
    return {
        rejectUnauthorized: true,
        ca: trust.caCert ? [trust.caCert] : undefined,
        checkServerIdentity: (hostname, certificate) => {
            if (pin) {
                const seen = thumbprintOf(certificate, pin);
                return seen === pin ? undefined : pinMismatch(host, pin, seen);
            }
            return checkServerIdentity(hostname, certificate);
        },
    };
}

/**
 * Checks an established socket against the trust settings; throws before anything is written
 * when a pinned certificate does not match or the chain was not verified.
 */
export function verifyPinnedPeer(socket: TLSSocket, host: string, trust: TlsTrust): void {
    const pin = trust.certThumbprint;
    if (pin) {
        const certificate = socket.getPeerCertificate();
        if (!certificate || !certificate.fingerprint256) {
            throw new WinRmTlsError(`WinRM listener ${host} presented no certificate`);
        }
        const seen = thumbprintOf(certificate, pin);
        if (seen !== pin) throw pinMismatch(host, pin, seen);
        return;
    }
    if (!socket.authorized) {
        throw new WinRmTlsError(
            `WinRM listener ${host} certificate is not trusted (${String(socket.authorizationError)}): ` +
                `set connection.winrm.caCert to the CA that signed it, or pin it with connection.winrm.certThumbprint`,
        );
    }
}
