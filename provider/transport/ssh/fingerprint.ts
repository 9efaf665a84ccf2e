/** SSH host key fingerprints in OpenSSH's `SHA256:<unpadded base64>` form. */
import { createHash } from "crypto";

const fingerprintPattern = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** The OpenSSH SHA-256 fingerprint of a raw host key blob, as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(hostKeyBlob: Buffer): string {
    return "SHA256:" + createHash("sha256").update(hostKeyBlob).digest("base64").replace(/=+$/, "");
}

/**
 * Checks a pinned fingerprint; returns an error message naming the field, the value and the fix,
 * or undefined when it is valid. Trailing base64 padding is tolerated.
 */
export function validateFingerprint(pin: string): string | undefined {
    if (fingerprintPattern.test(pin.replace(/=+$/, ""))) {
        return undefined;
    }
    return (
        `connection.hostKey "${pin}" is not an SSH SHA-256 fingerprint; expected "SHA256:" and 43 ` +
        `base64 characters, as printed by "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"`
    );
}

/** A pin in canonical form (padding removed). */
export function canonicalFingerprint(pin: string): string {
    return pin.trim().replace(/=+$/, "");
}
