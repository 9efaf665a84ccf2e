/**
 * Channel binding (MS-NLMP `MsvAvChannelBindings`, RFC 5929 `tls-server-end-point`): the MD5 of a
 * `gss_channel_bindings_struct` whose application data names the server certificate, so an
 * NTLM exchange over HTTPS cannot be relayed to another TLS endpoint.
 */
import { createHash } from "crypto";

/** The 16-byte channel binding hash for a server certificate (DER). */
export function tlsServerEndPointBinding(certificateDer: Buffer): Buffer {
    const certificateHash = createHash("sha256").update(certificateDer).digest();
    const applicationData = Buffer.concat([
        Buffer.from("tls-server-end-point:", "latin1"),
        certificateHash,
    ]);
    const header = Buffer.alloc(20);
    header.writeUInt32LE(applicationData.length, 16);
    return createHash("md5").update(header).update(applicationData).digest();
}
