/** AV_PAIR lists of MS-NLMP 2.2.2.1 (the TargetInfo of CHALLENGE and of the NTLMv2 response). */

/** AV pair ids used by this package. */
export const AvId = {
    EOL: 0x0000,
    NB_COMPUTER_NAME: 0x0001,
    NB_DOMAIN_NAME: 0x0002,
    DNS_COMPUTER_NAME: 0x0003,
    DNS_DOMAIN_NAME: 0x0004,
    FLAGS: 0x0006,
    TIMESTAMP: 0x0007,
    TARGET_NAME: 0x0009,
    CHANNEL_BINDINGS: 0x000a,
} as const;

/** `MsvAvFlags` bit: the AUTHENTICATE message carries a MIC. */
export const AV_FLAG_MIC_PRESENT = 0x00000002;

/** One attribute-value pair. */
export interface AvPair {
    /** `AvId` of the pair. */
    id: number;
    /** Raw value bytes. */
    value: Buffer;
}

/** Parses an AV pair list up to (excluding) `MsvAvEOL`. */
export function parseAvPairs(data: Buffer): AvPair[] {
    const pairs: AvPair[] = [];
    let offset = 0;
    while (offset + 4 <= data.length) {
        const id = data.readUInt16LE(offset);
        const length = data.readUInt16LE(offset + 2);
        if (id === AvId.EOL) return pairs;
        if (offset + 4 + length > data.length) {
            throw new Error(`NTLM target info is truncated: AV pair ${id} claims ${length} bytes`);
        }
        pairs.push({ id, value: Buffer.from(data.subarray(offset + 4, offset + 4 + length)) });
        offset += 4 + length;
    }
    return pairs;
}

/** Serialises `pairs` followed by `MsvAvEOL`. */
export function serializeAvPairs(pairs: AvPair[]): Buffer {
    const parts: Buffer[] = [];
    for (const pair of pairs) {
        const header = Buffer.alloc(4);
        header.writeUInt16LE(pair.id, 0);
        header.writeUInt16LE(pair.value.length, 2);
        parts.push(header, pair.value);
    }
    parts.push(Buffer.alloc(4));
    return Buffer.concat(parts);
}

/** The value of the first pair with `id`, if any. */
export function findAvPair(pairs: AvPair[], id: number): Buffer | undefined {
    return pairs.find((pair) => pair.id === id)?.value;
}
