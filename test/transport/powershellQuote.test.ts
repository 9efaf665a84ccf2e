import { expect } from "chai";
import { quotePowerShell } from "../../provider/transport/powershell/quote";
import {
    nodesOfType,
    parsePowerShell,
    powerShellSyntaxProblems,
} from "../support/powershellGrammar";

/** The top-level statements, syntax problems and string literals of `source`. */
function parse(source: string): { statements: number; hasError: boolean; strings: string[] } {
    const root = parsePowerShell(source).rootNode;
    const statements = root
        .descendantsOfType("pipeline")
        .filter((node) => node.parent?.type === "statement_list").length;
    return {
        statements,
        hasError: powerShellSyntaxProblems(source).length > 0,
        strings: nodesOfType(source, "string_literal").map((node) => node.text),
    };
}

describe("PowerShell single-quote function", () => {
    const exact: [string, string, string][] = [
        ["plain text", "abc", "'abc'"],
        ["empty text", "", "''"],
        ["an apostrophe is doubled", "it's", "'it''s'"],
        ["U+2018 is doubled", "a\u2018b", "'a\u2018\u2018b'"],
        ["U+2019 is doubled", "a\u2019b", "'a\u2019\u2019b'"],
        ["U+201A is doubled", "a\u201ab", "'a\u201a\u201ab'"],
        ["U+201B is doubled", "a\u201bb", "'a\u201b\u201bb'"],
        ["double quotes and $ stay as they are", '"$(x)" `n', "'\"$(x)\" `n'"],
        ["U+201C (a double quote) is not doubled", "a\u201cb", "'a\u201cb'"],
    ];
    for (const [what, input, expected] of exact) {
        it(`${what}`, () => {
            expect(quotePowerShell(input)).to.equal(expected);
        });
    }

    const hostile = [
        "'; Remove-Item C:\\ -Recurse; '",
        "x'+$(Stop-Computer)+'",
        "a`'b",
        "$env:PATH",
        "line1\nline2",
        "@'\nhere\n'@",
    ];
    for (const value of hostile) {
        it(`stays one literal under the grammar: ${JSON.stringify(value)}`, () => {
            const parsed = parse(`Write-Output ${quotePowerShell(value)}`);
            expect(parsed).to.deep.equal({
                statements: 1,
                hasError: false,
                strings: [quotePowerShell(value)],
            });
        });
    }

    it("unquoted hostile text would have been two statements (the check can fail)", () => {
        expect(parse("Write-Output 'x'; Remove-Item y; ''").statements).to.equal(3);
    });
});
