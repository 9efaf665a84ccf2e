import { expect } from "chai";
import type { ChildProcessWithoutNullStreams } from "child_process";
import { spawn } from "child_process";
import { join } from "path";
import { gunzipSync } from "zlib";
import {
    BOOTSTRAP_COMMAND_LINE,
    BOOTSTRAP_SCRIPT,
    GZIP_FIELD,
    GZIP_THRESHOLD_BYTES,
    RESPONSE_MARKER,
} from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec, powerShellCodecFor } from "../../provider/transport/powershell/codec";
import type { ShellResponse } from "../../provider/transport/types";
import { findPwshDirectory } from "../../tools/windows-host/pwshLocation";
import { describeSyntaxProblems, powerShellSyntaxProblems } from "../support/powershellGrammar";
import type { RequestLineForm } from "../support/powershellRequestLines";
import { requestLineForm } from "../support/powershellRequestLines";

/** ERROR and MISSING nodes of `source` under the tree-sitter PowerShell grammar, described. */
function syntaxProblems(source: string): string[] {
    return powerShellSyntaxProblems(source).map((problem) => describeSyntaxProblems([problem]));
}

describe("PowerShell bootstrap", () => {
    it("parses with the tree-sitter PowerShell grammar without ERROR or MISSING nodes", () => {
        expect(syntaxProblems(BOOTSTRAP_SCRIPT)).to.deep.equal([]);
    });

    it("the grammar check can fail: an unbalanced parenthesis is reported", () => {
        const broken = BOOTSTRAP_SCRIPT.replace("while($null", "while(($null");
        expect(syntaxProblems(broken).length).to.be.above(0);
    });

    it("stays under 1,300 characters", () => {
        expect(BOOTSTRAP_SCRIPT.length).to.be.below(1300);
    });

    it("its whole command line fits cmd.exe's 8191-character limit", () => {
        expect(BOOTSTRAP_COMMAND_LINE.length).to.be.below(8191);
    });

    it("the command line is fixed switches and base64 only (nothing cmd.exe or PowerShell interprets)", () => {
        expect(BOOTSTRAP_COMMAND_LINE).to.match(
            /^powershell\.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/]+=*$/,
        );
    });

    it("the encoded command decodes (UTF-16LE base64) to the bootstrap text", () => {
        const encoded = BOOTSTRAP_COMMAND_LINE.split(" ").pop()!;
        expect(Buffer.from(encoded, "base64").toString("utf16le")).to.equal(BOOTSTRAP_SCRIPT);
    });

    it("is the codec's start command", () => {
        expect(powerShellCodec.startCommand).to.equal(BOOTSTRAP_COMMAND_LINE);
    });

    it("starts PowerShell 7 with the same switches and bootstrap when the connection asks for pwsh", () => {
        expect(powerShellCodecFor("pwsh").startCommand).to.equal(
            "pwsh" + BOOTSTRAP_COMMAND_LINE.slice("powershell.exe".length),
        );
    });

    const requiredStatements: [string, RegExp][] = [
        ["stops on every error", /\$ErrorActionPreference='Stop'/],
        ["turns progress records off", /\$ProgressPreference='SilentlyContinue'/],
        [
            "sets UTF-8 console encodings without BOM",
            /New-Object Text\.UTF8Encoding \$false[\s\S]*InputEncoding=\$u[\s\S]*OutputEncoding=\$u/,
        ],
        ["loops over stdin lines", /while\(\$null -ne \(\$l=\[Console\]::In\.ReadLine\(\)\)\)/],
        [
            "reads a request line as base64, after a `gzip` field gunzipped with GZipStream",
            new RegExp(
                "\\$p=\\$l\\.Split\\(' '\\);\\$s=\\[IO\\.MemoryStream\\]::new\\(\\[Convert\\]::FromBase64String\\(\\$p\\[-1\\]\\)\\)\\n" +
                    `if\\(\\$p\\[0\\] -eq '${GZIP_FIELD}'\\)\\{\\$s=Z \\$s Decompress\\}`,
            ),
        ],
        [
            "parses the request JSON read as UTF-8, strings kept as strings where -DateKind exists",
            /\$q=ConvertFrom-Json @d \(\[IO\.StreamReader\]::new\(\$s,\$u\)\.ReadToEnd\(\)\)/,
        ],
        [
            "builds the ScriptBlock from the script's JSON string as it is (never Invoke-Expression)",
            /\[ScriptBlock\]::Create\(\$q\.script\)/,
        ],
        [
            "makes GZipStreams of both directions in one function (no Add-Type)",
            /function Z\(\$s,\$m\)\{\[IO\.Compression\.GZipStream\]::new\(\$s,\[IO\.Compression\.CompressionMode\]::\$m\)\}/,
        ],
        ["binds the decoded parameters to $Params", /\$Params=\$q\.params/],
        [
            "carries a string return value as it is, in `text`",
            /if\(\$o -is \[string\]\)\{\$r\.text=\[string\]\$o\}/,
        ],
        [
            "converts any other return value with ConvertTo-Json -Depth 20 -Compress",
            /else\{\$r\.output=ConvertTo-Json -InputObject \$o -Depth 20 -Compress\}/,
        ],
        ["catches script errors and keeps looping", /\}catch\{\$r=@\{ok=\$false;error=/],
        [
            `compresses an envelope over ${GZIP_THRESHOLD_BYTES} bytes with GZipStream`,
            new RegExp(
                `if\\(\\$j\\.Length -gt ${GZIP_THRESHOLD_BYTES}\\)[^\\n]*\\n\\$g=Z \\$m Compress\\n`,
            ),
        ],
        [
            "writes the marker, the id, the gzip field when compressed and base64 on one line",
            new RegExp(`'${RESPONSE_MARKER} '\\+\\$i\\+' '\\+\\$z\\+\\[Convert\\]::ToBase64String`),
        ],
    ];
    for (const [what, pattern] of requiredStatements) {
        it(`${what}`, () => {
            expect(BOOTSTRAP_SCRIPT).to.match(pattern);
        });
    }

    it("decodes base64 once per request: the script is not base64 inside the request", () => {
        expect(BOOTSTRAP_SCRIPT.match(/FromBase64String/g)).to.have.length(1);
    });

    it("never evaluates text as code through Invoke-Expression or iex", () => {
        expect(BOOTSTRAP_SCRIPT).to.not.match(/Invoke-Expression|\biex\b/i);
    });
});

/** JSON text of an HCN object, as the host module's operations return it inside their result. */
const hcnDocument = JSON.stringify({
    ID: "5E8D7C3A-0000-4A5B-9C1D-2E3F4A5B6C7D",
    Name: 'l2bridge "lab" <net>',
    Policies: [{ Type: "OutBoundNAT", Settings: { Exceptions: ["10.244.0.0/16"] } }],
});
const operationResult = JSON.stringify({ networks: Array.from({ length: 20 }, () => hcnDocument) });
/** Characters of `{"text":"","ok":true}`, the envelope of an empty string result. */
const emptyTextEnvelope = JSON.stringify({ text: "", ok: true }).length;

/** A long parameter string of quotes and backslashes, well over the request threshold. */
const longText = 'say "hi" to C:\\dir\\ and back; '.repeat(40);
/** Non-ASCII parameter text: accents, CJK, an astral emoji, typographic quotes, U+2028. */
const nonAsciiText = "réseau-网络-🚀 ‘quoted’ \u2028 größe ✓ ".repeat(30);
/** Nested parameters of a batch: objects, arrays and numbers. */
const manySteps = Array.from({ length: 30 }, (_, i) => ({
    op: "modifyEndpointPolicies",
    id: i,
    document: { Settings: { DestinationPrefix: `10.0.${i}.0/24`, NeedEncap: true } },
}));
/** Text of quotes, backslashes, JSON-escape look-alikes, CRLF, tab, non-ASCII and U+2028/U+2029. */
const trickyText =
    'it\'s "quoted" ‘typographic’ C:\\dir\\ \\u0041 \\n `n $(x)\r\nline\ttab größe ✓ 𝄞 \u2028\u2029 end';

/**
 * A script that returns `text` from a single-quoted here-string (taken as written, no escapes),
 * joined with a single-quoted and a double-quoted string whose escapes PowerShell resolves: the
 * result is exact only if every character of the script arrived as sent.
 */
function scriptReturning(text: string): string {
    return [
        "$single = 'it''s C:\\dir\\ größe'",
        '$double = "say `"hi`" `$x ✓"',
        "return (@'",
        text,
        "'@ + '|' + $single + '|' + $double)",
    ].join("\r\n");
}

/** What `scriptReturning(text)` returns. */
function trickyResult(text: string): string {
    return `${text}|it's C:\\dir\\ größe|say "hi" $x ✓`;
}

interface Row {
    name: string;
    script: string;
    params?: Record<string, unknown>;
    /** The request line's form: base64 of the request JSON, or `gzip` and base64 of its gzip. */
    request: RequestLineForm;
    /** The response line's form: base64 of the envelope, or `gzip` and base64 of its gzip. */
    form: "plain" | "gzip";
    /** The envelope the line carries. */
    envelope: Record<string, unknown>;
    /** What the codec decodes the line to. */
    response: ShellResponse;
    /** Lines the shell wrote before the response line. */
    before?: string[];
}

const rows: Row[] = [
    {
        name: "a string result (JSON text) travels once, as `text`, and decodes to its JSON string",
        script: "return [string]$Params.document",
        params: { document: hcnDocument },
        request: "plain",
        form: "plain",
        envelope: { ok: true, text: hcnDocument },
        response: { ok: true, output: JSON.stringify(hcnDocument), exitCode: 0 },
    },
    {
        name: "a non-string result travels as its ConvertTo-Json in `output`, decoded unchanged",
        script: "return [ordered]@{ n = [int]$Params.n + 1; s = 'x' }",
        params: { n: 41 },
        request: "plain",
        form: "plain",
        envelope: { ok: true, output: '{"n":42,"s":"x"}' },
        response: { ok: true, output: '{"n":42,"s":"x"}', exitCode: 0 },
    },
    {
        name: "no return value travels as JSON null",
        script: "$null = 1",
        request: "plain",
        form: "plain",
        envelope: { ok: true, output: "null" },
        response: { ok: true, output: "null", exitCode: 0 },
    },
    {
        name: `an envelope of exactly GZIP_THRESHOLD_BYTES (${GZIP_THRESHOLD_BYTES}) travels uncompressed`,
        script: "return ('x' * [int]$Params.n)",
        params: { n: GZIP_THRESHOLD_BYTES - emptyTextEnvelope },
        request: "plain",
        form: "plain",
        envelope: { ok: true, text: "x".repeat(GZIP_THRESHOLD_BYTES - emptyTextEnvelope) },
        response: {
            ok: true,
            output: JSON.stringify("x".repeat(GZIP_THRESHOLD_BYTES - emptyTextEnvelope)),
            exitCode: 0,
        },
    },
    {
        name: "an envelope one byte over the threshold travels compressed",
        script: "return ('x' * [int]$Params.n)",
        params: { n: GZIP_THRESHOLD_BYTES - emptyTextEnvelope + 1 },
        request: "plain",
        form: "gzip",
        envelope: { ok: true, text: "x".repeat(GZIP_THRESHOLD_BYTES - emptyTextEnvelope + 1) },
        response: {
            ok: true,
            output: JSON.stringify("x".repeat(GZIP_THRESHOLD_BYTES - emptyTextEnvelope + 1)),
            exitCode: 0,
        },
    },
    {
        name: "a large string result (an operation's JSON text) is compressed and decodes to its JSON string",
        script: "return [string]$Params.result",
        params: { result: operationResult },
        request: "gzip",
        form: "gzip",
        envelope: { ok: true, text: operationResult },
        response: { ok: true, output: JSON.stringify(operationResult), exitCode: 0 },
    },
    {
        name: "a large non-string result is compressed and decodes to its ConvertTo-Json",
        script: "return @(1..300)",
        request: "plain",
        form: "gzip",
        envelope: {
            ok: true,
            output: JSON.stringify(Array.from({ length: 300 }, (_, i) => i + 1)),
        },
        response: {
            ok: true,
            output: JSON.stringify(Array.from({ length: 300 }, (_, i) => i + 1)),
            exitCode: 0,
        },
    },
    {
        name: "a failure travels as `error` only, and the shell keeps serving",
        script: "throw 'bad'",
        request: "plain",
        form: "plain",
        envelope: { ok: false, error: "Exception: bad\n" },
        response: { ok: false, output: "", error: "Exception: bad", exitCode: 1 },
    },
    {
        name: "stray output before the response line is skipped",
        script: "[Console]::Out.WriteLine('stray line'); [Console]::Out.WriteLine('WARNING: more'); return 'z'",
        request: "plain",
        form: "plain",
        envelope: { ok: true, text: "z" },
        response: { ok: true, output: '"z"', exitCode: 0 },
        before: ["stray line", "WARNING: more"],
    },
    {
        name: "a large request (a script returning a long parameter string) travels compressed and round-trips exactly",
        script: "return [string]$Params.text",
        params: { text: longText },
        request: "gzip",
        form: "gzip",
        envelope: { ok: true, text: longText },
        response: { ok: true, output: JSON.stringify(longText), exitCode: 0 },
    },
    {
        name: "a large request with non-ASCII parameters (UTF-8 through gzip) round-trips exactly",
        script: "return [string]$Params.name",
        params: { name: nonAsciiText },
        request: "gzip",
        form: "gzip",
        envelope: { ok: true, text: nonAsciiText },
        response: { ok: true, output: JSON.stringify(nonAsciiText), exitCode: 0 },
    },
    {
        name: "a large request's nested parameters arrive as objects, arrays and numbers",
        script: "return ('{0}|{1}|{2}' -f $Params.steps.Count, $Params.steps[29].document.Settings.DestinationPrefix, ($Params.steps[7].id + 1))",
        params: { steps: manySteps },
        request: "gzip",
        form: "plain",
        envelope: { ok: true, text: "30|10.0.29.0/24|8" },
        response: { ok: true, output: JSON.stringify("30|10.0.29.0/24|8"), exitCode: 0 },
    },
    {
        name: "parameter strings that read as ISO-8601 dates arrive as those strings, not as DateTime",
        script: "return (@($Params.day, $Params.stamp, $Params.nested.at) | ForEach-Object { $_.GetType().Name + '=' + $_ }) -join '|'",
        params: {
            day: "2026-01-01",
            stamp: "2026-01-01T10:00:00Z",
            nested: { at: "2026-12-02T13:43:11.5+01:00" },
        },
        request: "plain",
        form: "plain",
        envelope: {
            ok: true,
            text: "String=2026-01-01|String=2026-01-01T10:00:00Z|String=2026-12-02T13:43:11.5+01:00",
        },
        response: {
            ok: true,
            output: JSON.stringify(
                "String=2026-01-01|String=2026-01-01T10:00:00Z|String=2026-12-02T13:43:11.5+01:00",
            ),
            exitCode: 0,
        },
    },
    {
        name: "a script whose text has quotes, backslashes, line breaks and non-ASCII runs exactly as written",
        script: scriptReturning(trickyText),
        request: "plain",
        form: "plain",
        envelope: { ok: true, text: trickyResult(trickyText) },
        response: { ok: true, output: JSON.stringify(trickyResult(trickyText)), exitCode: 0 },
    },
    {
        name: "a large script with the same text travels compressed and runs exactly as written",
        script: scriptReturning(trickyText.repeat(20)),
        request: "gzip",
        form: "gzip",
        envelope: { ok: true, text: trickyResult(trickyText.repeat(20)) },
        response: {
            ok: true,
            output: JSON.stringify(trickyResult(trickyText.repeat(20))),
            exitCode: 0,
        },
    },
];

describe("PowerShell bootstrap in real pwsh: request and response lines", function () {
    this.timeout(60_000);
    let shell: ChildProcessWithoutNullStreams | undefined;
    let stdout = "";
    const arrivals: (() => void)[] = [];

    before(function () {
        const directory = findPwshDirectory();
        if (!directory) {
            console.log(
                "    skipped: PowerShell 7 (pwsh) is not on PATH or in ~/.dotnet/tools; " +
                    "install it with `dotnet tool install --global PowerShell --version 7.6.9`",
            );
            this.skip();
        }
        const [, ...args] = powerShellCodecFor("pwsh").startCommand.split(" ");
        shell = spawn(join(directory, "pwsh"), args, { stdio: "pipe" });
        const wake = (): void => arrivals.splice(0).forEach((arrived) => arrived());
        shell.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString("utf8");
            wake();
        });
        shell.stderr.on("data", () => undefined);
        shell.on("exit", wake);
    });

    after(async () => {
        if (!shell || shell.exitCode !== null) return;
        const exited = new Promise((resolve) => shell!.once("exit", resolve));
        shell.stdin.end();
        await exited;
    });

    /** Sends one request; resolves with its decoded response and the stdout lines it consumed. */
    async function exchange(
        id: string,
        script: string,
        params: Record<string, unknown>,
    ): Promise<{ request: string; response: ShellResponse; lines: string[] }> {
        const request = powerShellCodec.encodeRequest(id, script, params);
        shell!.stdin.write(request);
        for (;;) {
            const decoded = powerShellCodec.decodeResponse(stdout, id);
            if (decoded) {
                const lines = stdout.slice(0, decoded.consumed).split(/\r?\n/).slice(0, -1);
                stdout = stdout.slice(decoded.consumed);
                return { request, response: decoded.response, lines };
            }
            if (shell!.exitCode !== null) throw new Error(`pwsh exited (${shell!.exitCode})`);
            await new Promise<void>((resolve) => arrivals.push(resolve));
        }
    }

    rows.forEach((row, index) => {
        it(row.name, async () => {
            const id = `r${index}`;
            const { request, response, lines } = await exchange(id, row.script, row.params ?? {});
            expect(requestLineForm(request), "the request line's form").to.equal(row.request);
            const line = lines[lines.length - 1];
            const base64 = "[A-Za-z0-9+/]+=*";
            const form =
                row.form === "gzip"
                    ? new RegExp(`^${RESPONSE_MARKER} ${id} ${GZIP_FIELD} ${base64}$`)
                    : new RegExp(`^${RESPONSE_MARKER} ${id} ${base64}$`);
            expect(line).to.match(form);
            const payload = Buffer.from(line.split(" ").pop()!, "base64");
            const envelope = row.form === "gzip" ? gunzipSync(payload) : payload;
            expect(JSON.parse(envelope.toString("utf8"))).to.deep.equal(row.envelope);
            expect(response).to.deep.equal(row.response);
            expect(lines.slice(0, -1)).to.deep.equal(row.before ?? []);
        });
    });
});
