import { expect } from "chai";
import { gunzipSync, gzipSync } from "zlib";
import {
    GZIP_FIELD,
    GZIP_THRESHOLD_BYTES,
    RESPONSE_MARKER,
} from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import type { ShellResponse } from "../../provider/transport/types";
import { decodeRequestLine, requestLineForm } from "../support/powershellRequestLines";
import { gzipResponseLine, plainResponseLine } from "../support/powershellResponseLines";

/** Text that JSON escapes or that a decoder could mistake: quotes, backslashes, breaks, non-ASCII. */
const trickyText =
    'it\'s "quoted" ‘typographic’ C:\\dir\\ \\u0041 \\n `n $(x)\r\nline\ttab größe ✓ 𝄞 \u2028\u2029 end';

/** A load-balancer batch as the Windows driver sends it: HCN documents and record data as JSON. */
const loadBalancerBatch = {
    name: "l2bridge",
    network: "l2bridge",
    networkQuery: JSON.stringify({ SchemaVersion: { Major: 2, Minor: 0 }, Flags: 1 }),
    plainQuery: JSON.stringify({ SchemaVersion: { Major: 2, Minor: 0 }, Flags: 0 }),
    recordData: JSON.stringify({ vipRoutes: true }),
    view: "loadBalancer",
    preconditions: [
        { kind: "networkId", name: "l2bridge", id: "dd60f437-927f-4ad6-8cc6-be80afed8036" },
        { kind: "endpointExists", id: "86125a44-cffc-4107-a4fd-d0c6b6e2c9ed" },
        { kind: "endpointExists", id: "51f308b0-5174-467d-9fc6-9c558725cabc" },
    ],
    steps: [
        {
            op: "createLoadBalancer",
            ref: "hnsLoadBalancer",
            document: {
                FrontendVIPs: ["10.127.130.4"],
                PortMappings: [{ Protocol: 6, InternalPort: 80, ExternalPort: 8090, Flags: 2 }],
                Flags: 0,
                SchemaVersion: { Major: 2, Minor: 0 },
                SourceVIP: "10.244.1.2",
            },
            endpoints: [
                { id: "86125a44-cffc-4107-a4fd-d0c6b6e2c9ed" },
                { id: "51f308b0-5174-467d-9fc6-9c558725cabc" },
            ],
        },
        {
            op: "setRecord",
            kind: "hnsLoadBalancer",
            name: "l2bridge",
            ref: "hnsLoadBalancer",
            network: "l2bridge",
            data: JSON.stringify({ vipRoutes: true }),
        },
        ...["86125A44-CFFC-4107-A4FD-D0C6B6E2C9ED", "51F308B0-5174-467D-9FC6-9C558725CABC"].map(
            (id) => ({
                op: "modifyEndpointPolicies",
                id,
                remove: [],
                add: [
                    {
                        Type: "SDNRoute",
                        Settings: { DestinationPrefix: "10.127.130.4/32", NeedEncap: true },
                    },
                ],
                ifMissing: "skip",
            }),
        ),
    ],
};
/** The operation script the driver sends with every batch (module check, then the operation). */
const batchScript =
    "if ($global:L2bModuleHash -ne '2c68ecc41a8f56f5fa9d02fe7192865c8f4e3114b0654e6c1cae62b796518e4a') " +
    "{ throw 'pulumi-l2bridge: host module not loaded in this shell " +
    "(2c68ecc41a8f56f5fa9d02fe7192865c8f4e3114b0654e6c1cae62b796518e4a)' }\n" +
    "return (Invoke-L2bOperation 'applyBatch' $Params)\n";
const requestId = "0123456789abcdef0123456789abcdef";
/** UTF-8 bytes of the request JSON around a script of no characters and no parameters. */
const emptyRequestBytes = Buffer.byteLength(
    JSON.stringify({ id: requestId, script: "", params: {} }),
);

describe("PowerShell codec: requests", () => {
    const cases: {
        name: string;
        script: string;
        params: Record<string, unknown>;
        /** The line's form: base64 of the request JSON, or `gzip` and base64 of its gzip. */
        form: "plain" | "gzip";
        /** Most bytes the line (with its newline) may take on the wire. */
        maxLineBytes?: number;
    }[] = [
        { name: "plain ASCII", script: "return 1", params: {}, form: "plain" },
        {
            name: "quotes and subexpressions in a parameter stay data",
            script: "$Params.name",
            params: { name: "'; Remove-Item C:\\ -Recurse; '$(x)" },
            form: "plain",
        },
        {
            name: "non-ASCII text",
            script: "# größe ✓",
            params: { name: "Größe ✓ 𝄞" },
            form: "plain",
        },
        {
            name: "nested values",
            script: "$Params.list",
            params: { list: [1, { a: null }], flag: true },
            form: "plain",
        },
        {
            name: "a script of quotes, backslashes, JSON-escape look-alikes, CRLF, tab, non-ASCII and U+2028/U+2029 is carried exactly",
            script: trickyText,
            params: { text: trickyText },
            form: "plain",
        },
        {
            name: "a lone surrogate in the script survives (JSON escapes it; UTF-8 would replace it)",
            script: "# \ud800 alone",
            params: {},
            form: "plain",
        },
        {
            name: `a request JSON of exactly GZIP_THRESHOLD_BYTES (${GZIP_THRESHOLD_BYTES}) travels uncompressed`,
            script: "x".repeat(GZIP_THRESHOLD_BYTES - emptyRequestBytes),
            params: {},
            form: "plain",
        },
        {
            name: "a request JSON one byte over the threshold travels compressed",
            script: "x".repeat(GZIP_THRESHOLD_BYTES - emptyRequestBytes + 1),
            params: {},
            form: "gzip",
        },
        {
            name: "the threshold counts UTF-8 bytes, not characters (300 × ö is 600 bytes)",
            script: "return 1",
            params: { text: "ö".repeat(300) },
            form: "gzip",
        },
        {
            name: "a load-balancer batch with HCN documents (1.7 KB of JSON; 2.4 KB as base64) travels compressed in at most 2 KB",
            script: batchScript,
            params: loadBalancerBatch,
            form: "gzip",
            maxLineBytes: 2048,
        },
        {
            name: "a large script with quotes, backslashes, line breaks and non-ASCII is compressed and carried exactly",
            script: trickyText.repeat(20),
            params: { text: trickyText.repeat(20) },
            form: "gzip",
        },
    ];
    for (const { name, script, params, form, maxLineBytes } of cases) {
        it(`${name}: one ${form} line of the JSON {id, script (a plain string), params}`, () => {
            const line = powerShellCodec.encodeRequest(requestId, script, params);
            expect(line.endsWith("\n")).to.equal(true);
            const base64 = "[A-Za-z0-9+/]+=*";
            const pattern = form === "gzip" ? `^${GZIP_FIELD} ${base64}\n$` : `^${base64}\n$`;
            expect(line).to.match(new RegExp(pattern));
            const payload = Buffer.from(line.trim().split(" ").pop()!, "base64");
            const json = (form === "gzip" ? gunzipSync(payload) : payload).toString("utf8");
            expect(json).to.equal(JSON.stringify({ id: requestId, script, params }));
            expect(JSON.parse(json)).to.deep.equal({ id: requestId, script, params });
            if (maxLineBytes) expect(Buffer.byteLength(line)).to.be.at.most(maxLineBytes);
        });
    }

    it("the test decoder of doubles reads both forms as the bootstrap does", () => {
        const lines = [
            powerShellCodec.encodeRequest("small", "return 1", { n: 1 }),
            powerShellCodec.encodeRequest("large", batchScript, loadBalancerBatch),
        ];
        expect(lines.map(requestLineForm)).to.deep.equal(["plain", "gzip"]);
        expect(lines.map(decodeRequestLine)).to.deep.equal([
            { id: "small", script: "return 1", params: { n: 1 } },
            { id: "large", script: batchScript, params: loadBalancerBatch },
        ]);
    });
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
