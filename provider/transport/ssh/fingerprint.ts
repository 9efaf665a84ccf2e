/** SSH host key fingerprints in OpenSSH's `SHA256:<unpadded base64>` form. */
import { createHash } from "crypto";

/** The OpenSSH SHA-256 fingerprint of a raw host key blob, as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(hostKeyBlob: Buffer): string {
    return "SHA256:" + createHash("sha256").update(hostKeyBlob).digest("base64").replace(/=+$/, "");
}

/** A pin in canonical form (padding removed). */
export function canonicalFingerprint(pin: string): string {
    return pin.trim().replace(/=+$/, "");
}
