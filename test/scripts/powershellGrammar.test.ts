import { expect } from "chai";
import { powerShellSyntaxProblems } from "../support/powershellGrammar";

describe("PowerShell grammar check", () => {
    const cases: { script: string; parses: boolean; proves: string }[] = [
        { script: "$x = 'a'\n", parses: true, proves: "a plain assignment has no problems" },
        {
            script: "function F {\n    param([string]$A)\n    if ($A) { return @{ a = 1 } }\n}\n",
            parses: true,
            proves: "functions, param blocks and hashtables parse",
        },
        { script: "$x = 'unterminated\n", parses: false, proves: "an open string is reported" },
        {
            script: "if ($x) { $y = 1\n",
            parses: false,
            proves: "a missing closing brace is reported",
        },
        {
            script: "$x = @(1, 2\n",
            parses: false,
            proves: "a missing closing parenthesis is reported",
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            const problems = powerShellSyntaxProblems(c.script);
            expect(problems.length === 0, JSON.stringify(problems)).to.equal(c.parses);
        });
    }

    it("reports the position of a problem", () => {
        const problems = powerShellSyntaxProblems("$a = 1\n$b = (2\n");
        expect(problems.length).to.be.greaterThan(0);
        expect(problems[0].row).to.be.at.least(1);
    });
});
