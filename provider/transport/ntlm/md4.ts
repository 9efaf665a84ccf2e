/**
 * MD4 (RFC 1320), needed for the NT hash of a password. Node's OpenSSL 3 refuses `md4`, so it is
 * computed here. Not for any other use: MD4 is broken as a general-purpose hash.
 */

function rotateLeft(value: number, bits: number): number {
    return (value << bits) | (value >>> (32 - bits));
}

/** Pads `message` as RFC 1320 section 3.1-3.2 requires: 0x80, zeros, 64-bit little-endian length. */
function pad(message: Buffer): Buffer {
    const paddedLength = (((message.length + 8) >> 6) + 1) << 6;
    const padded = Buffer.alloc(paddedLength);
    message.copy(padded);
    padded[message.length] = 0x80;
    const bitLength = message.length * 8;
    padded.writeUInt32LE(bitLength >>> 0, paddedLength - 8);
    padded.writeUInt32LE(Math.floor(bitLength / 0x100000000), paddedLength - 4);
    return padded;
}

const ROUND_2 = 0x5a827999;
const ROUND_3 = 0x6ed9eba1;
const ROUND_1_SHIFTS = [3, 7, 11, 19];
const ROUND_2_SHIFTS = [3, 5, 9, 13];
const ROUND_3_SHIFTS = [3, 9, 11, 15];
const ROUND_2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const ROUND_3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];

/** MD4 digest (16 bytes) of `message`. */
export function md4(message: Buffer): Buffer {
    const padded = pad(message);
    const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    const words = new Array<number>(16);
    for (let offset = 0; offset < padded.length; offset += 64) {
        for (let i = 0; i < 16; i++) words[i] = padded.readUInt32LE(offset + i * 4);
        const [a0, b0, c0, d0] = state;
        const registers = [a0, b0, c0, d0];
        const step = (index: number, mix: number, word: number, shift: number): void => {
            const target = (16 - index) % 4;
            registers[target] = rotateLeft((registers[target] + mix + word) | 0, shift);
        };
        for (let i = 0; i < 16; i++) {
            const [, b, c, d] = rotated(registers, i);
            step(i, (b & c) | (~b & d), words[i], ROUND_1_SHIFTS[i % 4]);
        }
        for (let i = 0; i < 16; i++) {
            const [, b, c, d] = rotated(registers, i);
            const majority = (b & c) | (b & d) | (c & d);
            step(i, (majority + ROUND_2) | 0, words[ROUND_2_ORDER[i]], ROUND_2_SHIFTS[i % 4]);
        }
        for (let i = 0; i < 16; i++) {
            const [, b, c, d] = rotated(registers, i);
            step(i, ((b ^ c ^ d) + ROUND_3) | 0, words[ROUND_3_ORDER[i]], ROUND_3_SHIFTS[i % 4]);
        }
        state[0] = (a0 + registers[0]) | 0;
        state[1] = (b0 + registers[1]) | 0;
        state[2] = (c0 + registers[2]) | 0;
        state[3] = (d0 + registers[3]) | 0;
    }
    const digest = Buffer.alloc(16);
    state.forEach((word, i) => digest.writeInt32LE(word, i * 4));
    return digest;
}

/**
 * The registers seen by step `i`: step 0 updates A using B, C, D; step 1 updates D using A, B, C;
 * step 2 updates C; step 3 updates B (RFC 1320's [ABCD k s], [DABC k s], [CDAB k s], [BCDA k s]).
 */
function rotated(registers: number[], i: number): [number, number, number, number] {
    const target = (16 - i) % 4;
    return [
        registers[target],
        registers[(target + 1) % 4],
        registers[(target + 2) % 4],
        registers[(target + 3) % 4],
    ];
}
