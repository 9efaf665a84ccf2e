import { expect } from "chai";
import { md4 } from "../../provider/transport/ntlm/md4";
import { Rc4, rc4 } from "../../provider/transport/ntlm/rc4";

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("MD4 against RFC 1320 appendix A.5", () => {
    const vectors: [string, string][] = [
        ["", "31d6cfe0d16ae931b73c59d7e0c089c0"],
        ["a", "bde52cb31de33e46245e05fbdbd6fb24"],
        ["abc", "a448017aaf21d8525fc10ae87aa6729d"],
        ["message digest", "d9130a8164549fe818874806e1c7014b"],
        ["abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"],
        [
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "043f8582f241db351ce627e153e7f0e4",
        ],
        ["1234567890".repeat(8), "e33b4ddc9c38f2199c3e7b164fcc0536"],
    ];
    for (const [input, digest] of vectors) {
        it(`MD4(${JSON.stringify(input.length > 20 ? input.slice(0, 20) + "…" : input)}) = ${digest}`, () => {
            expect(md4(Buffer.from(input, "latin1")).toString("hex")).to.equal(digest);
        });
    }
});

describe("RC4 against RFC 6229 keystreams", () => {
    const vectors: { key: string; offset: number; keystream: string }[] = [
        {
            key: "0102030405",
            offset: 0,
            keystream: "b2 39 63 05 f0 3d c0 27 cc c3 52 4a 0a 11 18 a8",
        },
        {
            key: "0102030405",
            offset: 16,
            keystream: "69 82 94 4f 18 fc 82 d5 89 c4 03 a4 7a 0d 09 19",
        },
        {
            key: "0102030405",
            offset: 240,
            keystream: "28 cb 11 32 c9 6c e2 86 42 1d ca ad b8 b6 9e ae",
        },
        {
            key: "0102030405",
            offset: 256,
            keystream: "1c fc f6 2b 03 ed db 64 1d 77 df cf 7f 8d 8c 93",
        },
        {
            key: "0102030405060708090a0b0c0d0e0f10",
            offset: 0,
            keystream: "9a c7 cc 9a 60 9d 1e f7 b2 93 28 99 cd e4 1b 97",
        },
        {
            key: "0102030405060708090a0b0c0d0e0f10",
            offset: 16,
            keystream: "52 48 c4 95 90 14 12 6a 6e 8a 84 f1 1d 1a 9e 1c",
        },
        {
            key: "0102030405060708090a0b0c0d0e0f10",
            offset: 240,
            keystream: "06 59 02 e4 b6 20 f6 cc 36 c8 58 9f 66 43 2f 2b",
        },
    ];
    for (const { key, offset, keystream } of vectors) {
        it(`key ${key} at offset ${offset} gives ${keystream}`, () => {
            const stream = rc4(hex(key), Buffer.alloc(offset + 16));
            expect(stream.subarray(offset).toString("hex")).to.equal(
                hex(keystream).toString("hex"),
            );
        });
    }

    it("keeps its keystream position across calls, so chunked and one-shot output agree", () => {
        const data = Buffer.from("a message sealed in three uneven pieces");
        const chunked = new Rc4(hex("0102030405"));
        const pieces = [data.subarray(0, 5), data.subarray(5, 6), data.subarray(6)];
        const joined = Buffer.concat(pieces.map((piece) => chunked.update(piece)));
        expect(joined.toString("hex")).to.equal(rc4(hex("0102030405"), data).toString("hex"));
    });

    it("refuses an empty key, naming the valid lengths", () => {
        expect(() => new Rc4(Buffer.alloc(0))).to.throw(
            /RC4 key length 0 is invalid: use 1 to 256/,
        );
    });
});
