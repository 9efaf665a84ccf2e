/**
 * RC4 stream cipher, used by NTLM to encrypt the exported session key and to seal messages.
 * Node's OpenSSL 3 refuses `rc4`, so it is computed here. One instance keeps its keystream
 * position across calls, as NTLM sealing needs (one state per direction for the whole session).
 */
export class Rc4 {
    private readonly state = new Uint8Array(256);
    private i = 0;
    private j = 0;

    /** Schedules `key` (1 to 256 bytes). */
    constructor(key: Buffer) {
        if (key.length === 0 || key.length > 256) {
            throw new Error(`RC4 key length ${key.length} is invalid: use 1 to 256 bytes`);
        }
        for (let n = 0; n < 256; n++) this.state[n] = n;
        let j = 0;
        for (let n = 0; n < 256; n++) {
            j = (j + this.state[n] + key[n % key.length]) & 0xff;
            this.swap(n, j);
        }
    }

    /** XORs `data` with the next bytes of the keystream (encrypts and decrypts alike). */
    update(data: Buffer): Buffer {
        const output = Buffer.alloc(data.length);
        for (let n = 0; n < data.length; n++) {
            this.i = (this.i + 1) & 0xff;
            this.j = (this.j + this.state[this.i]) & 0xff;
            this.swap(this.i, this.j);
            output[n] = data[n] ^ this.state[(this.state[this.i] + this.state[this.j]) & 0xff];
        }
        return output;
    }

    private swap(a: number, b: number): void {
        const held = this.state[a];
        this.state[a] = this.state[b];
        this.state[b] = held;
    }
}

/** One-shot RC4 of `data` under `key` (a fresh keystream). */
export function rc4(key: Buffer, data: Buffer): Buffer {
    return new Rc4(key).update(data);
}
