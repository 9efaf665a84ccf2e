/**
 * Channel binding (MS-NLMP `MsvAvChannelBindings`, RFC 5929 `tls-server-end-point`): the MD5 of a
 * `gss_channel_bindings_struct` whose application data is a hash of the server certificate, so an
 * NTLM exchange over HTTPS cannot be relayed to another TLS endpoint.
 */
import { createHash } from "crypto";

/** Signature algorithm OIDs (DER content bytes, hex) whose hash replaces SHA-256 (RFC 5929 4.1). */
const HASH_OF_SIGNATURE_OID: Record<string, string> = {
    "2a864886f70d01010c": "sha384", // sha384WithRSAEncryption
    "2a864886f70d01010d": "sha512", // sha512WithRSAEncryption
    "2a8648ce3d040303": "sha384", // ecdsa-with-SHA384
    "2a8648ce3d040304": "sha512", // ecdsa-with-SHA512
};

/** Reads a DER tag-length header at `offset`; returns where the content starts and its length. */
function derHeader(der: Buffer, offset: number): { start: number; length: number } {
    const first = der[offset + 1];
    if (first < 0x80) return { start: offset + 2, length: first };
    const bytes = first & 0x7f;
    let length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[offset + 2 + i];
    return { start: offset + 2 + bytes, length };
}

/**
 * The hash RFC 5929 prescribes for `certificateDer`: the hash of its signature algorithm, and
 * SHA-256 for MD5, SHA-1, SHA-256 and anything not recognised.
 */
export function endPointHashAlgorithm(certificateDer: Buffer): string {
    try {
        const certificate = derHeader(certificateDer, 0);
        const tbs = derHeader(certificateDer, certificate.start);
        const algorithm = derHeader(certificateDer, tbs.start + tbs.length);
        const oid = derHeader(certificateDer, algorithm.start);
        const oidHex = certificateDer.subarray(oid.start, oid.start + oid.length).toString("hex");
        return HASH_OF_SIGNATURE_OID[oidHex] ?? "sha256";
    } catch {
        return "sha256";
    }
}

/** The 16-byte channel binding hash for a server certificate (DER). */
export function tlsServerEndPointBinding(certificateDer: Buffer): Buffer {
    const certificateHash = createHash(endPointHashAlgorithm(certificateDer))
        .update(certificateDer)
        .digest();
    const applicationData = Buffer.concat([
        Buffer.from("tls-server-end-point:", "latin1"),
        certificateHash,
    ]);
    const header = Buffer.alloc(20);
    header.writeUInt32LE(applicationData.length, 16);
    return createHash("md5").update(header).update(applicationData).digest();
}
