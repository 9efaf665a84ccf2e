import { expect } from "chai";
import { quotePowerShell } from "../../provider/transport/powershell/quote";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SyntaxNode = any;

/** The statements of `source` and whether the grammar found errors. */
function parse(source: string): { statements: number; hasError: boolean; strings: string[] } {
    const Parser = require("tree-sitter");
    const PowerShell = require("tree-sitter-powershell");
    const parser = new Parser();
    parser.setLanguage(PowerShell);
    const root = parser.parse(source).rootNode;
    const strings: string[] = [];
    let statements = 0;
    const visit = (node: SyntaxNode): void => {
        if (node.type === "string_literal") strings.push(node.text);
        if (node.type === "pipeline" && node.parent?.type === "statement_list") statements++;
        for (const child of node.children) visit(child);
    };
    visit(root);
    return { statements, hasError: root.hasError, strings };
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
