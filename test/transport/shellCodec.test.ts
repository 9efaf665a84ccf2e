import { expect } from "chai";
import { execFileSync } from "child_process";
import { randomBytes } from "crypto";
import { linuxShellCodec, singleQuoted } from "../../provider/transport/linuxShellCodec";

const id = "0123456789abcdef";
const ack = `\x1eL2B-ACK ${id}\n`;
const trailer = (code: number, stderr = ""): string =>
    `\x1eL2B ${id} ${code} ${Buffer.from(stderr).toString("base64")} \x1e\n`;

describe("linuxShellCodec.decodeResponse", () => {
    const cases: Array<{
        name: string;
        buffer: string;
        expected: { ok: boolean; output: string; error: string; exitCode: number } | null;
    }> = [
        { name: "nothing yet → incomplete", buffer: "", expected: null },
        {
            name: "acknowledged, output still streaming → incomplete",
            buffer: ack + "partial",
            expected: null,
        },
        {
            name: "trailer without its end → incomplete",
            buffer: ack + "out" + `\x1eL2B ${id} 0 `,
            expected: null,
        },
        {
            name: "success with output",
            buffer: ack + "line\n" + trailer(0),
            expected: { ok: true, output: "line\n", error: "", exitCode: 0 },
        },
        {
            name: "failure with decoded stderr",
            buffer: ack + trailer(3, "bad thing\n"),
            expected: { ok: false, output: "", error: "bad thing\n", exitCode: 3 },
        },
        {
            name: "login-shell noise before the acknowledgement is skipped",
            buffer: "Welcome!\n" + ack + "x" + trailer(0),
            expected: { ok: true, output: "x", error: "", exitCode: 0 },
        },
        {
            name: "a trailer of another request id is not taken as the end",
            buffer: ack + "\x1eL2B ffffffffffffffff 0  \x1e\n",
            expected: null,
        },
        {
            name: "a response of another request id is ignored",
            buffer: `\x1eL2B-ACK ffffffffffffffff\nother\x1eL2B ffffffffffffffff 0  \x1e\n`,
            expected: null,
        },
    ];
    for (const testCase of cases) {
        it(testCase.name, () => {
            const decoded = linuxShellCodec.decodeResponse(testCase.buffer, id);
            expect(decoded?.response ?? null).to.deep.equal(testCase.expected);
            if (decoded) {
                expect(decoded.consumed).to.equal(testCase.buffer.length);
            }
        });
    }
});

describe("linuxShellCodec.encodeRequest", () => {
    const rejected: Array<{
        name: string;
        id: string;
        params: Record<string, unknown>;
        says: string;
    }> = [
        { name: "an id that is not hex", id: "not-hex-id", params: {}, says: "request id" },
        { name: "a parameter name with a dash", id, params: { "a-b": 1 }, says: '"a-b"' },
        { name: "a parameter name starting with a digit", id, params: { "1a": 1 }, says: '"1a"' },
        { name: "a value holding NUL", id, params: { v: "a\0b" }, says: 'parameter "v"' },
    ];
    for (const testCase of rejected) {
        it(`refuses ${testCase.name}, naming it`, () => {
            expect(() =>
                linuxShellCodec.encodeRequest(testCase.id, "true", testCase.params),
            ).to.throw(testCase.says);
        });
    }

    it("puts the request on one line starting with the fixed function name", () => {
        const request = linuxShellCodec.encodeRequest(id, "echo hi", { a: "x" });
        expect(request).to.equal(`l2b_req ${id} 'echo hi' 'a=x'\n`);
    });

    it("leaves parameters undefined out", () => {
        expect(linuxShellCodec.encodeRequest(id, "true", { gone: undefined })).to.equal(
            `l2b_req ${id} 'true'\n`,
        );
    });
});

describe("singleQuoted keeps hostile text literal in a real /bin/sh", () => {
    const samples = [
        "plain",
        "",
        "it's",
        "'''",
        "$(touch /tmp/l2s-never-created) `id` $HOME ${x:-y}",
        "line one\nline two\n",
        "; rm -rf / #",
        "\\ \\\\ \\'",
        "unicode ✓ ‘quotes’ \u00a0",
        ...Array.from({ length: 20 }, () =>
            randomBytes(64)
                .toString("latin1")
                .replace(/\0/g, "")
                .replace(/[\x80-\xff]/g, "é"),
        ),
    ];
    samples.forEach((sample, index) => {
        it(`sample ${index} comes back byte for byte`, () => {
            const output = execFileSync("/bin/sh", [
                "-c",
                `printf %s ${singleQuoted(sample, "sample")}`,
            ]);
            expect(output.toString("utf8")).to.equal(sample);
        });
    });
});
