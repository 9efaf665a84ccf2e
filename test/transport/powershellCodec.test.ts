import { expect } from "chai";
import { RESPONSE_MARKER } from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec } from "../../provider/transport/powershell/codec";

/** A response line as the bootstrap writes it. */
function responseLine(id: string, payload: object, newline = "\r\n"): string {
    const encoded = Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
    return `${RESPONSE_MARKER} ${id} ${encoded}${newline}`;
}

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

describe("PowerShell codec: responses", () => {
    const okLine = responseLine("a1", { ok: true, output: '{"n":1}', error: "" });

    it("decodes a success response and consumes exactly its line", () => {
        const decoded = powerShellCodec.decodeResponse(okLine + "next", "a1");
        expect(decoded).to.deep.equal({
            response: { ok: true, output: '{"n":1}', exitCode: 0 },
            consumed: okLine.length,
        });
    });

    it("decodes a failure response with its error text and exit code 1", () => {
        const line = responseLine("a1", {
            ok: false,
            output: "",
            error: "Cannot find path 'X'.\r\n",
        });
        expect(powerShellCodec.decodeResponse(line, "a1")?.response).to.deep.equal({
            ok: false,
            output: "",
            error: "Cannot find path 'X'.",
            exitCode: 1,
        });
    });

    it("returns null while the line has no newline yet", () => {
        expect(powerShellCodec.decodeResponse(okLine.slice(0, -2), "a1")).to.equal(null);
    });

    it("assembles a response split across chunks", () => {
        let buffer = "";
        const results = [];
        for (const chunk of [okLine.slice(0, 7), okLine.slice(7, 30), okLine.slice(30)]) {
            buffer += chunk;
            results.push(powerShellCodec.decodeResponse(buffer, "a1"));
        }
        expect(results.slice(0, 2)).to.deep.equal([null, null]);
        expect(results[2]?.response.output).to.equal('{"n":1}');
    });

    it("skips garbage and progress lines before the marker and consumes them too", () => {
        const noise = "Preparing modules for first use.\r\nWARNING: something\n";
        const decoded = powerShellCodec.decodeResponse(noise + okLine, "a1");
        expect(decoded?.response.ok).to.equal(true);
        expect(decoded?.consumed).to.equal(noise.length + okLine.length);
    });

    it("skips a stale response of another request id", () => {
        const stale = responseLine("old", { ok: true, output: '"stale"', error: "" });
        const decoded = powerShellCodec.decodeResponse(stale + okLine, "a1");
        expect(decoded?.response.output).to.equal('{"n":1}');
    });

    it("does not mistake a marker in the middle of a line for a response", () => {
        const embedded = `echo ${okLine}`;
        expect(powerShellCodec.decodeResponse(embedded, "a1")).to.equal(null);
    });

    it("reports a corrupt payload as a failed response naming the corruption", () => {
        const decoded = powerShellCodec.decodeResponse(
            `${RESPONSE_MARKER} a1 !!!notbase64\n`,
            "a1",
        );
        expect(decoded?.response.ok).to.equal(false);
        expect(decoded?.response.error).to.match(/not base64 JSON/);
    });

    it("accepts LF-only line endings", () => {
        const line = responseLine("a1", { ok: true, output: "1", error: "" }, "\n");
        expect(powerShellCodec.decodeResponse(line, "a1")?.consumed).to.equal(line.length);
    });
});
