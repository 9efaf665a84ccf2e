/** NTLM message encoding (MS-NLMP 2.2.1): NEGOTIATE, CHALLENGE and AUTHENTICATE. */

const SIGNATURE = Buffer.from("NTLMSSP\0", "latin1");

/** VERSION structure sent by this package: 10.0, NTLM revision 15. */
const CLIENT_VERSION = Buffer.from([10, 0, 0, 0, 0, 0, 0, 0x0f]);

/** Length of the fixed part of AUTHENTICATE, including VERSION and MIC. */
export const AUTHENTICATE_HEADER_LENGTH = 88;
/** Offset of the MIC in AUTHENTICATE. */
export const MIC_OFFSET = 72;

/** The NTLM message type of `message` (1, 2 or 3), after checking its signature. */
export function messageType(message: Buffer): number {
    if (message.length < 12 || !message.subarray(0, 8).equals(SIGNATURE)) {
        throw new Error("NTLM token is malformed: it does not start with the NTLMSSP signature");
    }
    return message.readUInt32LE(8);
}

/** NEGOTIATE message with `flags` and no domain or workstation. */
export function encodeNegotiate(flags: number): Buffer {
    const message = Buffer.alloc(40);
    SIGNATURE.copy(message, 0);
    message.writeUInt32LE(1, 8);
    message.writeUInt32LE(flags >>> 0, 12);
    message.writeUInt32LE(40, 20);
    message.writeUInt32LE(40, 28);
    CLIENT_VERSION.copy(message, 32);
    return message;
}

/** Decoded CHALLENGE message. */
export interface ChallengeMessage {
    /** Negotiate flags the server accepts. */
    flags: number;
    /** 8 random bytes of the server. */
    serverChallenge: Buffer;
    /** Target name, UTF-16LE (may be empty). */
    targetName: Buffer;
    /** AV pair list (`MsvAvEOL` terminated). */
    targetInfo: Buffer;
}

function readField(message: Buffer, at: number, what: string): Buffer {
    const length = message.readUInt16LE(at);
    const offset = message.readUInt32LE(at + 4);
    if (offset + length > message.length) {
        throw new Error(`NTLM message is truncated: ${what} points past its end`);
    }
    return Buffer.from(message.subarray(offset, offset + length));
}

/** Decodes a CHALLENGE message. */
export function decodeChallenge(message: Buffer): ChallengeMessage {
    if (messageType(message) !== 2 || message.length < 48) {
        throw new Error("NTLM token is not a CHALLENGE message (type 2)");
    }
    return {
        targetName: readField(message, 12, "TargetName"),
        flags: message.readUInt32LE(20),
        serverChallenge: Buffer.from(message.subarray(24, 32)),
        targetInfo: readField(message, 40, "TargetInfo"),
    };
}

/** Encodes a CHALLENGE message (used by servers and test doubles). */
export function encodeChallenge(challenge: ChallengeMessage): Buffer {
    const header = Buffer.alloc(56);
    SIGNATURE.copy(header, 0);
    header.writeUInt32LE(2, 8);
    header.writeUInt16LE(challenge.targetName.length, 12);
    header.writeUInt16LE(challenge.targetName.length, 14);
    header.writeUInt32LE(56, 16);
    header.writeUInt32LE(challenge.flags >>> 0, 20);
    challenge.serverChallenge.copy(header, 24);
    header.writeUInt16LE(challenge.targetInfo.length, 40);
    header.writeUInt16LE(challenge.targetInfo.length, 42);
    header.writeUInt32LE(56 + challenge.targetName.length, 44);
    CLIENT_VERSION.copy(header, 48);
    return Buffer.concat([header, challenge.targetName, challenge.targetInfo]);
}

/** Fields of an AUTHENTICATE message. */
export interface AuthenticateMessage {
    /** Negotiated flags. */
    flags: number;
    /** LMv2 response, or 24 zero bytes when the server sent a timestamp. */
    lmChallengeResponse: Buffer;
    /** NTLMv2 response: NTProofStr ‖ client challenge structure. */
    ntChallengeResponse: Buffer;
    /** Domain of the account ("" for local accounts and UPNs). */
    domain: string;
    /** Account name. */
    user: string;
    /** Client workstation name ("" from this package). */
    workstation: string;
    /** Exported session key RC4-encrypted with the session base key (empty without KEY_EXCH). */
    encryptedRandomSessionKey: Buffer;
    /** 16-byte MIC, zeros when absent. */
    mic: Buffer;
}

/** Encodes an AUTHENTICATE message (strings in UTF-16LE, MIC at its fixed offset). */
export function encodeAuthenticate(fields: AuthenticateMessage): Buffer {
    const payloads = [
        fields.lmChallengeResponse,
        fields.ntChallengeResponse,
        Buffer.from(fields.domain, "utf16le"),
        Buffer.from(fields.user, "utf16le"),
        Buffer.from(fields.workstation, "utf16le"),
        fields.encryptedRandomSessionKey,
    ];
    const header = Buffer.alloc(AUTHENTICATE_HEADER_LENGTH);
    SIGNATURE.copy(header, 0);
    header.writeUInt32LE(3, 8);
    let offset = AUTHENTICATE_HEADER_LENGTH;
    payloads.forEach((payload, index) => {
        const at = 12 + index * 8;
        header.writeUInt16LE(payload.length, at);
        header.writeUInt16LE(payload.length, at + 2);
        header.writeUInt32LE(offset, at + 4);
        offset += payload.length;
    });
    header.writeUInt32LE(fields.flags >>> 0, 60);
    CLIENT_VERSION.copy(header, 64);
    fields.mic.copy(header, MIC_OFFSET);
    return Buffer.concat([header, ...payloads]);
}

/** Decodes an AUTHENTICATE message (used by servers and test doubles). */
export function decodeAuthenticate(message: Buffer): AuthenticateMessage {
    if (messageType(message) !== 3 || message.length < AUTHENTICATE_HEADER_LENGTH) {
        throw new Error("NTLM token is not an AUTHENTICATE message (type 3)");
    }
    return {
        lmChallengeResponse: readField(message, 12, "LmChallengeResponse"),
        ntChallengeResponse: readField(message, 20, "NtChallengeResponse"),
        domain: readField(message, 28, "DomainName").toString("utf16le"),
        user: readField(message, 36, "UserName").toString("utf16le"),
        workstation: readField(message, 44, "Workstation").toString("utf16le"),
        encryptedRandomSessionKey: readField(message, 52, "EncryptedRandomSessionKey"),
        flags: message.readUInt32LE(60),
        mic: Buffer.from(message.subarray(MIC_OFFSET, MIC_OFFSET + 16)),
    };
}
