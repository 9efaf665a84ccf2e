/**
 * WinRM message encryption over HTTP (MS-WSMV 2.2.9.1): the SOAP body sealed with the NTLM
 * session and framed as `multipart/encrypted` with `application/HTTP-SPNEGO-session-encrypted`.
 */
import type { NtlmSessionSecurity } from "../ntlm/sessionSecurity";

const BOUNDARY = "Encrypted Boundary";
const PROTOCOL = "application/HTTP-SPNEGO-session-encrypted";

/** Content-Type of an encrypted request or response. */
export const ENCRYPTED_CONTENT_TYPE = `multipart/encrypted;protocol="${PROTOCOL}";boundary="${BOUNDARY}"`;

/** Content-Type of a plain SOAP message. */
export const SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

/** Seals `plaintext` and frames it. */
export function encryptMessage(security: NtlmSessionSecurity, plaintext: Buffer): Buffer {
    const { signature, sealed } = security.seal(plaintext);
    const signatureLength = Buffer.alloc(4);
    signatureLength.writeUInt32LE(signature.length, 0);
    return Buffer.concat([
        Buffer.from(
            `--${BOUNDARY}\r\n` +
                `\tContent-Type: ${PROTOCOL}\r\n` +
                `\tOriginalContent: type=${SOAP_CONTENT_TYPE};Length=${plaintext.length}\r\n` +
                `--${BOUNDARY}\r\n` +
                `\tContent-Type: application/octet-stream\r\n`,
            "latin1",
        ),
        signatureLength,
        signature,
        sealed,
        Buffer.from(`--${BOUNDARY}--\r\n`, "latin1"),
    ]);
}

/** True when `contentType` announces an encrypted body. */
export function isEncrypted(contentType: string | undefined): boolean {
    return !!contentType && contentType.toLowerCase().startsWith("multipart/encrypted");
}

/** Unframes, unseals and length-checks an encrypted body. */
export function decryptMessage(security: NtlmSessionSecurity, body: Buffer): Buffer {
    const lengthMatch = /OriginalContent: type=[^\r\n]*;Length=(\d+)/.exec(body.toString("latin1"));
    if (!lengthMatch) throw new Error("encrypted WinRM body has no OriginalContent length");
    const length = Number(lengthMatch[1]);
    const marker = Buffer.from("\tContent-Type: application/octet-stream\r\n", "latin1");
    const start = body.indexOf(marker);
    if (start < 0) throw new Error("encrypted WinRM body has no octet-stream part");
    const payload = body.subarray(start + marker.length);
    const signatureLength = payload.readUInt32LE(0);
    const signature = payload.subarray(4, 4 + signatureLength);
    const sealed = payload.subarray(4 + signatureLength, 4 + signatureLength + length);
    if (sealed.length !== length) {
        throw new Error(`encrypted WinRM body is truncated: ${sealed.length} of ${length} bytes`);
    }
    return security.unseal({ signature: Buffer.from(signature), sealed: Buffer.from(sealed) });
}
