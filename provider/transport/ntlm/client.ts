/**
 * Client side of an NTLMv2 exchange: NEGOTIATE, then AUTHENTICATE in answer to the server's
 * CHALLENGE, yielding the session security used to seal WinRM messages.
 */
import { randomBytes } from "crypto";
import type { AvPair } from "./avPairs";
import { AV_FLAG_MIC_PRESENT, AvId, findAvPair, parseAvPairs, serializeAvPairs } from "./avPairs";
import { CLIENT_FLAGS, hasFlag, NegotiateFlags } from "./flags";
import { decodeChallenge, encodeAuthenticate, encodeNegotiate, MIC_OFFSET } from "./messages";
import { encryptSessionKey, hmacMd5, ntlmv2Responses, ntowfv2 } from "./ntlmv2";
import { NtlmSessionSecurity } from "./sessionSecurity";

/** Credentials of an NTLM logon. */
export interface NtlmCredentials {
    /** `user`, `DOMAIN\\user` or `user@domain`. */
    user: string;
    /** Password (secret). */
    password: string;
}

/** Sources of randomness and time, replaceable to reproduce the specification's examples. */
export interface NtlmEntropy {
    /** 8 random bytes. */
    clientChallenge(): Buffer;
    /** 16 random bytes (the key that seals the session). */
    exportedSessionKey(): Buffer;
    /** Current time as an 8-byte FILETIME. */
    now(): Buffer;
}

const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

/** Current time as a little-endian FILETIME (100 ns units since 1601-01-01). */
export function fileTimeNow(): Buffer {
    const ticks = (BigInt(Date.now()) + FILETIME_EPOCH_OFFSET_MS) * 10000n;
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(ticks, 0);
    return buffer;
}

const systemEntropy: NtlmEntropy = {
    clientChallenge: () => randomBytes(8),
    exportedSessionKey: () => randomBytes(16),
    now: fileTimeNow,
};

/** Splits `DOMAIN\\user` into domain and user; `user@domain` stays whole with an empty domain. */
export function splitUser(user: string): { domain: string; user: string } {
    const separator = user.indexOf("\\");
    if (separator < 0) return { domain: "", user };
    return { domain: user.slice(0, separator), user: user.slice(separator + 1) };
}

/** Result of the AUTHENTICATE step. */
export interface NtlmAuthentication {
    /** The AUTHENTICATE message to send. */
    token: Buffer;
    /** Sealing and signing of the authenticated context (client role). */
    security: NtlmSessionSecurity;
    /** The negotiated flags. */
    flags: number;
}

/** One NTLMv2 client exchange. Use a fresh instance per connection. */
export class NtlmClient {
    private negotiateMessage?: Buffer;

    constructor(
        private readonly credentials: NtlmCredentials,
        private readonly entropy: NtlmEntropy = systemEntropy,
    ) {}

    /** The NEGOTIATE message (type 1). */
    negotiate(): Buffer {
        this.negotiateMessage = encodeNegotiate(CLIENT_FLAGS);
        return this.negotiateMessage;
    }

    /**
     * The AUTHENTICATE message (type 3) answering `challengeToken`. `channelBinding` is the
     * 16-byte `tls-server-end-point` hash over HTTPS; zeros are sent without TLS.
     */
    authenticate(challengeToken: Buffer, channelBinding?: Buffer): NtlmAuthentication {
        if (!this.negotiateMessage) this.negotiate();
        const challenge = decodeChallenge(challengeToken);
        if (!hasFlag(challenge.flags, NegotiateFlags.EXTENDED_SESSIONSECURITY)) {
            throw new Error(
                "NTLM server refused extended session security: only NTLMv2 is supported",
            );
        }
        const flags = (CLIENT_FLAGS & challenge.flags) >>> 0;
        const serverPairs = parseAvPairs(challenge.targetInfo);
        const serverTimestamp = findAvPair(serverPairs, AvId.TIMESTAMP);
        const clientPairs: AvPair[] = serverPairs.filter(
            (pair) => pair.id !== AvId.FLAGS && pair.id !== AvId.CHANNEL_BINDINGS,
        );
        const micFlags = Buffer.alloc(4);
        micFlags.writeUInt32LE(serverTimestamp ? AV_FLAG_MIC_PRESENT : 0, 0);
        clientPairs.push({ id: AvId.FLAGS, value: micFlags });
        clientPairs.push({ id: AvId.CHANNEL_BINDINGS, value: channelBinding ?? Buffer.alloc(16) });

        const { domain, user } = splitUser(this.credentials.user);
        const clientChallenge = this.entropy.clientChallenge();
        const responses = ntlmv2Responses({
            responseKey: ntowfv2(this.credentials.password, user, domain),
            serverChallenge: challenge.serverChallenge,
            clientChallenge,
            timestamp: serverTimestamp ?? this.entropy.now(),
            targetInfo: serializeAvPairs(clientPairs),
        });
        let exportedSessionKey = responses.sessionBaseKey;
        let encryptedRandomSessionKey: Buffer = Buffer.alloc(0);
        if (hasFlag(flags, NegotiateFlags.KEY_EXCH)) {
            exportedSessionKey = this.entropy.exportedSessionKey();
            encryptedRandomSessionKey = encryptSessionKey(
                responses.sessionBaseKey,
                exportedSessionKey,
            );
        }
        const token = encodeAuthenticate({
            flags,
            lmChallengeResponse: serverTimestamp ? Buffer.alloc(24) : responses.lmChallengeResponse,
            ntChallengeResponse: responses.ntChallengeResponse,
            domain,
            user,
            workstation: "",
            encryptedRandomSessionKey,
            mic: Buffer.alloc(16),
        });
        if (serverTimestamp) {
            const mic = hmacMd5(exportedSessionKey, this.negotiateMessage!, challengeToken, token);
            mic.copy(token, MIC_OFFSET);
        }
        return {
            token,
            flags,
            security: new NtlmSessionSecurity(exportedSessionKey, flags, "client"),
        };
    }
}
