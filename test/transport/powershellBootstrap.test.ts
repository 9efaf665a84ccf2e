import { expect } from "chai";
import {
    BOOTSTRAP_COMMAND_LINE,
    BOOTSTRAP_SCRIPT,
    RESPONSE_MARKER,
} from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec, powerShellCodecFor } from "../../provider/transport/powershell/codec";
import { describeSyntaxProblems, powerShellSyntaxProblems } from "../support/powershellGrammar";

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

    it("stays well under 1,000 characters", () => {
        expect(BOOTSTRAP_SCRIPT.length).to.be.below(900);
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
        ["builds the script as a ScriptBlock (never Invoke-Expression)", /\[ScriptBlock\]::Create/],
        ["binds the decoded parameters to $Params", /\$Params=\$q\.params/],
        [
            "converts the return value with ConvertTo-Json -Depth 20 -Compress",
            /ConvertTo-Json -InputObject \$o -Depth 20 -Compress/,
        ],
        ["catches script errors and keeps looping", /\}catch\{\$r\.ok=\$false/],
        [
            "writes the marker, the id and base64 JSON on one line",
            new RegExp(`'${RESPONSE_MARKER} '\\+\\$i\\+' '\\+\\[Convert\\]::ToBase64String`),
        ],
    ];
    for (const [what, pattern] of requiredStatements) {
        it(`${what}`, () => {
            expect(BOOTSTRAP_SCRIPT).to.match(pattern);
        });
    }

    it("never evaluates text as code through Invoke-Expression or iex", () => {
        expect(BOOTSTRAP_SCRIPT).to.not.match(/Invoke-Expression|\biex\b/i);
    });
});
