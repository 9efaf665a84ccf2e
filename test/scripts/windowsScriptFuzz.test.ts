import { expect } from "chai";
import { scriptNames, scriptText } from "../../provider/drivers/windows/scriptCatalog";
import { carriesValue, firstRequestsOfEveryKind } from "./windowsScriptRuns";
import { seeded } from "../support/seededRandom";

/** Pieces PowerShell gives meaning to, plus plain and exotic characters. */
const pieces = [
    "'",
    "''",
    '"',
    "\u2018",
    "\u2019",
    "\u201a",
    "\u201b",
    "$(",
    ")",
    "${",
    "}",
    "$",
    "`",
    "`n",
    "`0",
    "\n",
    "\r\n",
    "\u0000",
    "@'",
    "'@",
    '@"',
    '"@',
    ";",
    "|",
    "&",
    "&&",
    "||",
    "#",
    "<#",
    "#>",
    "--%",
    "-",
    "(",
    "[",
    "]",
    "{",
    ",",
    ".",
    "\\",
    "/",
    " ",
    "\t",
    "é",
    "网",
    "🚀",
    "\ud800",
    "\u00a0",
    "\u2028",
];

function fuzzString(random: () => number): string {
    const length = 4 + Math.floor(random() * 24);
    let text = "";
    for (let i = 0; i < length; i++) {
        if (random() < 0.55) {
            text += pieces[Math.floor(random() * pieces.length)];
        } else {
            text += String.fromCharCode(32 + Math.floor(random() * 95));
        }
    }
    return text;
}

describe("fuzz: 1,000 seeded random strings stay data in every Windows script", function () {
    this.timeout(120_000);
    const random = seeded(0x5eed_2026);
    const values = Array.from({ length: 1000 }, () => fuzzString(random));
    const catalog = new Set(scriptNames.map(scriptText));
    const prelude = scriptText("observeVersion");

    it("generates 1,000 distinct strings covering every special piece", () => {
        expect(new Set(values).size).to.be.greaterThan(990);
        for (const piece of [
            "\u2018",
            "\u2019",
            "\u201a",
            "\u201b",
            "$(",
            "`",
            "\n",
            "\u0000",
            "@'",
            "'@",
        ]) {
            expect(
                values.some((v) => v.includes(piece)),
                JSON.stringify(piece),
            ).to.equal(true);
        }
    });

    it("for every string, every kind's first requests are constant catalog texts and the string travels only as data", async () => {
        const failures: string[] = [];
        for (const value of values) {
            const calls = await firstRequestsOfEveryKind(value);
            for (const call of calls) {
                if (!catalog.has(call.script)) {
                    failures.push(
                        `${JSON.stringify(value)}: ${call.name} text differs from the catalog`,
                    );
                }
                if (value.length >= 6 && !prelude.includes(value) && call.script.includes(value)) {
                    failures.push(`${JSON.stringify(value)}: appears in ${call.name}`);
                }
            }
            if (!calls.some((c) => carriesValue(c.params, value))) {
                failures.push(`${JSON.stringify(value)}: not found unchanged in any parameters`);
            }
        }
        expect(failures.slice(0, 10)).to.deep.equal([]);
    });
});
