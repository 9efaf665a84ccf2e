import { expect } from "chai";
import { execFileSync } from "child_process";
import { shellQuote } from "../../../provider/drivers/linux/shellQuote";

function echoedBySh(quoted: string): string {
    return execFileSync("/bin/sh", ["-c", `printf '%s' ${quoted}`]).toString();
}

describe("POSIX shell quoting", () => {
    const values: [string, string][] = [
        ["a plain word", "eth0"],
        ["an empty string", ""],
        ["spaces", "two words  here"],
        ["a single quote", "it's"],
        ["only quotes", "''''"],
        ["command substitution", "$(touch /tmp/lbt-quote-pwned)"],
        ["backticks", "`id`"],
        ["variables and globs", "$HOME/* ~ ?"],
        ["a newline", "line one\nline two"],
        ["a semicolon and pipe", "a; b | c && d"],
        ["backslashes", "C:\\path\\n"],
        ["unicode quotes", "‘smart’ “quotes”"],
    ];
    for (const [label, value] of values) {
        it(`keeps ${label} literal through /bin/sh`, () => {
            expect(echoedBySh(shellQuote(value))).to.equal(value);
        });
    }

    it("writes a quote as close, escaped quote, reopen", () => {
        expect(shellQuote("it's")).to.equal(`'it'\\''s'`);
    });

    it("rejects a NUL byte, which no shell word can hold, naming the fix", () => {
        expect(() => shellQuote("a\0b")).to.throw(/NUL byte.*remove it/);
    });
});
