import { expect } from "chai";
import { gzipSync } from "zlib";
import { RESPONSE_MARKER } from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import type { ShellResponse } from "../../provider/transport/types";
import { gzipResponseLine, plainResponseLine } from "../support/powershellResponseLines";

describe("PowerShell codec: requests", () => {
    const cases: { name: string; script: string; params: Record<string, unknown> }[] = [
        { name: "plain ASCII", script: "return 1", params: {} },
        {
            name: "quotes and subexpressions stay data",
            script: "$Params.name",
            params: { name: "'; Remove-Item C:\\ -Recurse; '$(x)" },
        },
        { name: "non-ASCII text", script: "# größe ✓", params: { name: "Größe ✓ 𝄞" } },
        {
            name: "nested values",
            script: "$Params.list",
            params: { list: [1, { a: null }], flag: true },
        },
    ];
    for (const { name, script, params } of cases) {
        it(`${name}: one base64 line that decodes to {id, script (base64 UTF-8), params}`, () => {
            const line = powerShellCodec.encodeRequest("req-7", script, params);
            expect(line.endsWith("\n")).to.equal(true);
            expect(line.slice(0, -1)).to.match(/^[A-Za-z0-9+/]+=*$/);
            const request = JSON.parse(Buffer.from(line, "base64").toString("utf8"));
            expect(request.id).to.equal("req-7");
            expect(Buffer.from(request.script, "base64").toString("utf8")).to.equal(script);
            expect(request.params).to.deep.equal(params);
        });
    }
});

/** JSON text of an HCN object, as the host module's operations return it inside their result. */
const hcnDocument = JSON.stringify({
    ID: "5E8D7C3A-0000-4A5B-9C1D-2E3F4A5B6C7D",
    Name: 'l2bridge "lab" <net>',
    Policies: [{ Type: "OutBoundNAT", Settings: { Exceptions: ["10.244.0.0/16"] } }],
});
const largeText = JSON.stringify({ networks: Array.from({ length: 40 }, () => hcnDocument) });
const corruptStream = (what: string): ShellResponse => ({
    ok: false,
    output: "",
    error: `the PowerShell response line ${what}: the stream is corrupt`,
    exitCode: 1,
});
const gzipOf = (text: string): string => gzipSync(Buffer.from(text, "utf8")).toString("base64");

describe("PowerShell codec: responses", () => {
    const cases: { name: string; lines: string; expected: ShellResponse }[] = [
        {
            name: "a string result carried once as `text` decodes to its JSON string, as ConvertTo-Json of it gave",
            lines: plainResponseLine("a1", { ok: true, text: hcnDocument }),
            expected: { ok: true, output: JSON.stringify(hcnDocument), exitCode: 0 },
        },
        {
            name: "an empty string result decodes to the JSON empty string",
            lines: plainResponseLine("a1", { ok: true, text: "" }),
            expected: { ok: true, output: '""', exitCode: 0 },
        },
        {
            name: "a non-string result decodes to the JSON in `output` unchanged",
            lines: plainResponseLine("a1", { ok: true, output: '{"n":1}' }),
            expected: { ok: true, output: '{"n":1}', exitCode: 0 },
        },
        {
            name: "a result of $null decodes to JSON null",
            lines: plainResponseLine("a1", { ok: true, output: "null" }),
            expected: { ok: true, output: "null", exitCode: 0 },
        },
        {
            name: "a failure decodes to its trimmed error text and exit code 1",
            lines: plainResponseLine("a1", { ok: false, error: "Cannot find path 'X'.\r\n" }),
            expected: { ok: false, output: "", error: "Cannot find path 'X'.", exitCode: 1 },
        },
        {
            name: "a failure without error text says so",
            lines: plainResponseLine("a1", { ok: false }),
            expected: {
                ok: false,
                output: "",
                error: "the script failed without a message",
                exitCode: 1,
            },
        },
        {
            name: "a large string result compressed (gzip field) decodes to its JSON string",
            lines: gzipResponseLine("a1", { ok: true, text: largeText }),
            expected: { ok: true, output: JSON.stringify(largeText), exitCode: 0 },
        },
        {
            name: "a large non-string result compressed decodes to its JSON unchanged",
            lines: gzipResponseLine("a1", { ok: true, output: largeText }),
            expected: { ok: true, output: largeText, exitCode: 0 },
        },
        {
            name: "a compressed failure decodes to its error text",
            lines: gzipResponseLine("a1", { ok: false, error: "x".repeat(2000) }),
            expected: { ok: false, output: "", error: "x".repeat(2000), exitCode: 1 },
        },
        {
            name: "stray output lines before the response (host output, warnings, a stale plain and a stale compressed response of other ids) are skipped",
            lines:
                "Preparing modules for first use.\r\nWARNING: something\n" +
                plainResponseLine("old", { ok: true, text: "stale" }) +
                gzipResponseLine("older", { ok: true, text: largeText }) +
                `echo ${RESPONSE_MARKER} a1 not-at-line-start\n` +
                plainResponseLine("a1", { ok: true, text: "fresh" }),
            expected: { ok: true, output: '"fresh"', exitCode: 0 },
        },
        {
            name: "LF-only line endings",
            lines: plainResponseLine("a1", { ok: true, output: "1" }, "\n"),
            expected: { ok: true, output: "1", exitCode: 0 },
        },
        {
            name: "a plain payload that is not base64 JSON is a corrupt stream",
            lines: `${RESPONSE_MARKER} a1 !!!notbase64\n`,
            expected: corruptStream("is not base64 JSON"),
        },
        {
            name: "a compressed payload that is not gzip is a corrupt stream naming gzip",
            lines: `${RESPONSE_MARKER} a1 gzip ${Buffer.from('{"ok":true}').toString("base64")}\n`,
            expected: corruptStream("is not base64 gzip of JSON"),
        },
        {
            name: "a truncated compressed payload is a corrupt stream naming gzip",
            lines: `${RESPONSE_MARKER} a1 gzip ${gzipResponseLine("a1", { ok: true, text: largeText }).split(" ")[3].slice(0, 40)}\n`,
            expected: corruptStream("is not base64 gzip of JSON"),
        },
        {
            name: "a compressed payload whose content is not JSON is a corrupt stream naming gzip",
            lines: `${RESPONSE_MARKER} a1 gzip ${gzipOf("not json")}\n`,
            expected: corruptStream("is not base64 gzip of JSON"),
        },
        {
            name: "a response line of the request in an unknown form is a corrupt stream",
            lines: `${RESPONSE_MARKER} a1 zstd ${gzipOf('{"ok":true}')}\n`,
            expected: corruptStream('is neither "<id> <base64>" nor "<id> gzip <base64>"'),
        },
    ];
    for (const { name, lines, expected } of cases) {
        it(`${name}; exactly its lines are consumed`, () => {
            expect(powerShellCodec.decodeResponse(lines + "next", "a1")).to.deep.equal({
                response: expected,
                consumed: lines.length,
            });
        });
    }

    const splitCases: { name: string; line: string; output: string }[] = [
        {
            name: "a plain response",
            line: plainResponseLine("a1", { ok: true, output: '{"n":1}' }),
            output: '{"n":1}',
        },
        {
            name: "a compressed response",
            line: gzipResponseLine("a1", { ok: true, text: largeText }),
            output: JSON.stringify(largeText),
        },
    ];
    for (const { name, line, output } of splitCases) {
        it(`${name} split across chunks is decoded only once its line is complete`, () => {
            let buffer = "";
            const results = [];
            for (const chunk of [line.slice(0, 7), line.slice(7, 30), line.slice(30, -2)]) {
                buffer += chunk;
                results.push(powerShellCodec.decodeResponse(buffer, "a1"));
            }
            buffer += line.slice(-2);
            expect(results).to.deep.equal([null, null, null]);
            expect(powerShellCodec.decodeResponse(buffer, "a1")?.response.output).to.equal(output);
        });
    }

    it("does not mistake a marker in the middle of a line for a response", () => {
        const embedded = `echo ${plainResponseLine("a1", { ok: true, output: "1" })}`;
        expect(powerShellCodec.decodeResponse(embedded, "a1")).to.equal(null);
    });
});
