/**
 * NTLM session security with extended session security (MS-NLMP 3.4.4.2, 3.4.5): per-direction
 * signing and sealing keys, one RC4 state and one sequence number per direction.
 */
import { createHash } from "crypto";
import { hasFlag, NegotiateFlags } from "./flags";
import { hmacMd5 } from "./ntlmv2";
import { Rc4 } from "./rc4";

function magic(text: string): Buffer {
    return Buffer.from(`session key to ${text} key magic constant\0`, "latin1");
}

function md5(...parts: Buffer[]): Buffer {
    const hash = createHash("md5");
    for (const part of parts) hash.update(part);
    return hash.digest();
}

/** Which end of the conversation this side is. */
export type NtlmRole = "client" | "server";

/** SIGNKEY for the messages sent in the direction `from`. */
export function signingKey(exportedSessionKey: Buffer, from: NtlmRole): Buffer {
    const direction = from === "client" ? "client-to-server" : "server-to-client";
    return md5(exportedSessionKey, magic(`${direction} signing`));
}

/** SEALKEY for the messages sent in the direction `from`, weakened as the flags require. */
export function sealingKey(exportedSessionKey: Buffer, flags: number, from: NtlmRole): Buffer {
    const direction = from === "client" ? "client-to-server" : "server-to-client";
    let key = exportedSessionKey;
    if (!hasFlag(flags, NegotiateFlags.KEY_128)) {
        key = exportedSessionKey.subarray(0, hasFlag(flags, NegotiateFlags.KEY_56) ? 7 : 5);
    }
    return md5(key, magic(`${direction} sealing`));
}

/** A sealed message: the 16-byte NTLMSSP_MESSAGE_SIGNATURE and the encrypted bytes. */
export interface SealedMessage {
    /** Version 1 ‖ 8-byte checksum ‖ sequence number. */
    signature: Buffer;
    /** RC4-encrypted message bytes. */
    sealed: Buffer;
}

interface Direction {
    signKey: Buffer;
    cipher: Rc4;
    sequence: number;
}

/** Seals outgoing and unseals incoming messages of one authenticated NTLM context. */
export class NtlmSessionSecurity {
    private readonly outgoing: Direction;
    private readonly incoming: Direction;

    constructor(
        exportedSessionKey: Buffer,
        private readonly flags: number,
        role: NtlmRole,
    ) {
        const peer: NtlmRole = role === "client" ? "server" : "client";
        this.outgoing = {
            signKey: signingKey(exportedSessionKey, role),
            cipher: new Rc4(sealingKey(exportedSessionKey, flags, role)),
            sequence: 0,
        };
        this.incoming = {
            signKey: signingKey(exportedSessionKey, peer),
            cipher: new Rc4(sealingKey(exportedSessionKey, flags, peer)),
            sequence: 0,
        };
    }

    /** Encrypts `plaintext` and signs it with the next outgoing sequence number. */
    seal(plaintext: Buffer): SealedMessage {
        const sealed = this.outgoing.cipher.update(plaintext);
        const signature = this.sign(this.outgoing, plaintext);
        this.outgoing.sequence++;
        return { signature, sealed };
    }

    /** Decrypts `sealed` and verifies its signature; throws when the signature is wrong. */
    unseal(message: SealedMessage): Buffer {
        const plaintext = this.incoming.cipher.update(message.sealed);
        const expected = this.sign(this.incoming, plaintext);
        this.incoming.sequence++;
        if (!expected.equals(message.signature)) {
            throw new Error(
                "NTLM message signature is invalid: the message was altered or keys differ",
            );
        }
        return plaintext;
    }

    private sign(direction: Direction, plaintext: Buffer): Buffer {
        const sequence = Buffer.alloc(4);
        sequence.writeUInt32LE(direction.sequence, 0);
        let checksum = hmacMd5(direction.signKey, sequence, plaintext).subarray(0, 8);
        if (hasFlag(this.flags, NegotiateFlags.KEY_EXCH)) {
            checksum = direction.cipher.update(checksum);
        }
        const version = Buffer.from([1, 0, 0, 0]);
        return Buffer.concat([version, checksum, sequence]);
    }
}
