/**
 * NTLMv2 computations of MS-NLMP 3.3.2: the response key, the challenge responses and the session
 * base key. Pure functions of their inputs (the random client challenge is passed in).
 */
import { createHmac } from "crypto";
import { md4 } from "./md4";
import { rc4 } from "./rc4";

/** HMAC-MD5 of the concatenated `parts` under `key`. */
export function hmacMd5(key: Buffer, ...parts: Buffer[]): Buffer {
    const hmac = createHmac("md5", key);
    for (const part of parts) hmac.update(part);
    return hmac.digest();
}

/** NTOWFv1: MD4 of the UTF-16LE password (the "NT hash"). */
export function ntHash(password: string): Buffer {
    return md4(Buffer.from(password, "utf16le"));
}

/** NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(upper-case user ‖ domain)). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
    return hmacMd5(ntHash(password), Buffer.from(user.toUpperCase() + domain, "utf16le"));
}

/** Inputs of the NTLMv2 responses. */
export interface ResponseInputs {
    /** NTOWFv2 of the credentials. */
    responseKey: Buffer;
    /** 8-byte server challenge of the CHALLENGE message. */
    serverChallenge: Buffer;
    /** 8 random bytes chosen by the client. */
    clientChallenge: Buffer;
    /** 8-byte FILETIME (little-endian 100 ns since 1601). */
    timestamp: Buffer;
    /** AV pairs to echo (the server's TargetInfo, possibly extended by the client). */
    targetInfo: Buffer;
}

/** The NTLMv2 responses and the key they yield. */
export interface Ntlmv2Responses {
    /** HMAC-MD5(key, serverChallenge ‖ temp): the first 16 bytes of the NT response. */
    ntProofStr: Buffer;
    /** NTProofStr ‖ temp (the NTLMv2_RESPONSE structure). */
    ntChallengeResponse: Buffer;
    /** LMv2: HMAC-MD5(key, serverChallenge ‖ clientChallenge) ‖ clientChallenge. */
    lmChallengeResponse: Buffer;
    /** HMAC-MD5(key, NTProofStr); also the key-exchange key under NTLMv2. */
    sessionBaseKey: Buffer;
}

/** The NTLMv2_CLIENT_CHALLENGE structure ("temp" in MS-NLMP 3.3.2). */
export function clientChallengeBlob(inputs: ResponseInputs): Buffer {
    return Buffer.concat([
        Buffer.from([0x01, 0x01, 0, 0, 0, 0, 0, 0]),
        inputs.timestamp,
        inputs.clientChallenge,
        Buffer.alloc(4),
        inputs.targetInfo,
        Buffer.alloc(4),
    ]);
}

/** Computes the NTLMv2 responses and session base key. */
export function ntlmv2Responses(inputs: ResponseInputs): Ntlmv2Responses {
    const temp = clientChallengeBlob(inputs);
    const ntProofStr = hmacMd5(inputs.responseKey, inputs.serverChallenge, temp);
    const lmProof = hmacMd5(inputs.responseKey, inputs.serverChallenge, inputs.clientChallenge);
    return {
        ntProofStr,
        ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
        lmChallengeResponse: Buffer.concat([lmProof, inputs.clientChallenge]),
        sessionBaseKey: hmacMd5(inputs.responseKey, ntProofStr),
    };
}

/** The exported session key encrypted with the key-exchange key (KEY_EXCH). */
export function encryptSessionKey(keyExchangeKey: Buffer, exportedSessionKey: Buffer): Buffer {
    return rc4(keyExchangeKey, exportedSessionKey);
}
