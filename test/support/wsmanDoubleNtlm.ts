/** The server side of NTLMv2 for the WS-Man double: CHALLENGE, and verification of AUTHENTICATE. */
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
} from "../../provider/transport/ntlm/messages";
import { hmacMd5, ntowfv2 } from "../../provider/transport/ntlm/ntlmv2";
import { rc4 } from "../../provider/transport/ntlm/rc4";
import { NtlmSessionSecurity } from "../../provider/transport/ntlm/sessionSecurity";

/** A CHALLENGE with a timestamp (so clients must send a MIC) for `serverChallenge`. */
export function serverChallengeMessage(serverChallenge: Buffer): Buffer {
    const timestamp = Buffer.alloc(8);
    timestamp.writeBigUInt64LE((BigInt(Date.now()) + 11644473600000n) * 10000n);
    return encodeChallenge({
        flags:
            (CLIENT_FLAGS | NegotiateFlags.TARGET_INFO | NegotiateFlags.TARGET_TYPE_SERVER) >>> 0,
        serverChallenge,
        targetName: Buffer.from("DOUBLE", "utf16le"),
        targetInfo: serializeAvPairs([
            { id: AvId.NB_DOMAIN_NAME, value: Buffer.from("DOUBLE", "utf16le") },
            { id: AvId.NB_COMPUTER_NAME, value: Buffer.from("WSMAN", "utf16le") },
            { id: AvId.TIMESTAMP, value: timestamp },
        ]),
    });
}

/** What the server knows when an AUTHENTICATE arrives. */
export interface ServerContext {
    /** The only account accepted (`user` or `DOMAIN\\user`). */
    user: string;
    /** Its password. */
    password: string;
    /** The NEGOTIATE, CHALLENGE and server challenge of this connection. */
    negotiate: Buffer;
    challenge: Buffer;
    serverChallenge: Buffer;
    /** DER of the server certificate on HTTPS: the channel binding is then required. */
    serverCertificate?: Buffer;
}

/**
 * Verifies an AUTHENTICATE message as a Windows server would (user, NTProofStr, MIC, channel
 * binding); the server-role session security on success, undefined on any mismatch.
 */
export function verifyAuthenticate(
    token: Buffer,
    server: ServerContext,
): NtlmSessionSecurity | undefined {
    const message = decodeAuthenticate(token);
    const expectedUser = server.user.includes("\\") ? server.user.split("\\")[1] : server.user;
    if (message.user.toLowerCase() !== expectedUser.toLowerCase()) return undefined;
    const key = ntowfv2(server.password, message.user, message.domain);
    const proof = message.ntChallengeResponse.subarray(0, 16);
    const temp = message.ntChallengeResponse.subarray(16);
    if (!hmacMd5(key, server.serverChallenge, temp).equals(proof)) return undefined;
    const sessionBaseKey = hmacMd5(key, proof);
    const exportedSessionKey = hasFlag(message.flags, NegotiateFlags.KEY_EXCH)
        ? rc4(sessionBaseKey, message.encryptedRandomSessionKey)
        : sessionBaseKey;
    const clientPairs = parseAvPairs(temp.subarray(28));
    const avFlags = findAvPair(clientPairs, AvId.FLAGS);
    if (avFlags && (avFlags.readUInt32LE(0) & AV_FLAG_MIC_PRESENT) !== 0) {
        const zeroed = Buffer.from(token);
        Buffer.alloc(16).copy(zeroed, MIC_OFFSET);
        const mic = hmacMd5(exportedSessionKey, server.negotiate, server.challenge, zeroed);
        if (!mic.equals(message.mic)) return undefined;
    }
    if (server.serverCertificate) {
        const binding = findAvPair(clientPairs, AvId.CHANNEL_BINDINGS);
        if (!binding || !binding.equals(tlsServerEndPointBinding(server.serverCertificate))) {
            return undefined;
        }
    }
    return new NtlmSessionSecurity(exportedSessionKey, message.flags, "server");
}
