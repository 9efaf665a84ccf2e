/**
 * No test measures wall-clock time or sleeps to let something happen: deadlines and delays run
 * on a fake clock (test/support/fakeClock.ts) and tests wait for the event itself (a named pipe
 * the remote script writes, a process's exit, a file appearing, a listener being called). This
 * scans every TypeScript file under test/ and names each use it finds with the fix. Timers that
 * only keep a hung child process or request from blocking a run for ever do not match: they end
 * something, they neither resolve a bare promise nor read the time.
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import { join, relative } from "path";

/** A pattern of wall-clock use and what to do instead. */
interface Rule {
    name: string;
    pattern: RegExp;
    fix: string;
}

const rules: Rule[] = [
    {
        name: "wall-clock difference or comparison",
        pattern:
            /\b(?:Date|performance)\.now\(\)\s*(?:-|<|>)|(?:-|<=?|(?<!=)>=?)\s*(?:Date|performance)\.now\(\)/g,
        fix: "give the code under test a FakeClock and assert on it, or wait for the event",
    },
    {
        name: "high-resolution timer",
        pattern: /\bhrtime\b/g,
        fix: "give the code under test a FakeClock and assert on it",
    },
    {
        name: "sleep (a timer that only settles a promise)",
        pattern:
            /setTimeout\(\s*(?:resolve|res|r|done|next|wake)\s*,|setTimeout\(\s*\(\)\s*=>\s*(?:resolve|res|r|done)\(\)\s*,|["']timers\/promises["']/g,
        fix:
            "wait for the event (a named pipe, an exit, fs.watch, a listener) or advance a FakeClock; " +
            "a condition with no event goes through test/support/pollUntil.ts",
    },
];

/** Uses that stay, each with why it is not a wall-clock assertion or a sleep to synchronise. */
const allowed: { file: string; rule: string; reason: string }[] = [
    {
        file: "test/support/pollUntil.ts",
        rule: "sleep (a timer that only settles a promise)",
        reason:
            "the single bounded poll, for conditions that raise no event (a process that is not " +
            "our child ending, a monitor that gives no sign it listens); it asserts no time",
    },
    {
        file: "test/cli/support/pulumiCli.ts",
        rule: "wall-clock difference or comparison",
        reason: "judges whether a crashed run's scratch directory is old enough to remove",
    },
    {
        file: "test/support/wsmanDoubleCertificates.ts",
        rule: "wall-clock difference or comparison",
        reason: "backdates the start of the test certificates' validity by an hour",
    },
    {
        file: "test/unit/noWallClockInTests.test.ts",
        rule: "sleep (a timer that only settles a promise)",
        reason: "this file: its samples show what the scan flags",
    },
    {
        file: "test/unit/noWallClockInTests.test.ts",
        rule: "wall-clock difference or comparison",
        reason: "this file: its samples show what the scan flags",
    },
    {
        file: "test/unit/noWallClockInTests.test.ts",
        rule: "high-resolution timer",
        reason: "this file: its samples show what the scan flags",
    },
];

/** One use found: where, and which rule. */
interface Finding {
    file: string;
    line: number;
    rule: Rule;
}

/** The uses of wall-clock time and sleeps in `text`. */
function findingsIn(file: string, text: string): Finding[] {
    return rules.flatMap((rule) =>
        [...text.matchAll(rule.pattern)].map((match) => ({
            file,
            line: text.slice(0, match.index).split("\n").length,
            rule,
        })),
    );
}

const repositoryRoot = join(__dirname, "..", "..");

/** Every .ts file under `directory`, as paths from the repository root. */
function typeScriptFiles(directory: string): string[] {
    return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) {
            return entry.name === "node_modules" ? [] : typeScriptFiles(path);
        }
        return entry.name.endsWith(".ts") ? [relative(repositoryRoot, path)] : [];
    });
}

const samples: { code: string; flagged: string | undefined }[] = [
    {
        code: "expect(Date.now() - started).to.be.lessThan(2000);",
        flagged: "wall-clock difference or comparison",
    },
    {
        code: "while (Date.now() < giveUpAt) {",
        flagged: "wall-clock difference or comparison",
    },
    {
        code: "if (deadline <= performance.now()) break;",
        flagged: "wall-clock difference or comparison",
    },
    { code: "const [s] = process.hrtime(start);", flagged: "high-resolution timer" },
    {
        code: "await new Promise((resolve) => setTimeout(resolve, 300));",
        flagged: "sleep (a timer that only settles a promise)",
    },
    {
        code: "const pause = (ms: number) =>\n    new Promise((resolve) =>\n        setTimeout(\n            resolve,\n            ms,\n        ),\n    );",
        flagged: "sleep (a timer that only settles a promise)",
    },
    {
        code: "await new Promise<void>((done) => setTimeout(() => done(), 50));",
        flagged: "sleep (a timer that only settles a promise)",
    },
    {
        code: 'import { setTimeout as wait } from "timers/promises";',
        flagged: "sleep (a timer that only settles a promise)",
    },
    {
        code: 'const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);',
        flagged: undefined,
    },
    {
        code: "const farDeadline = (): number => Date.now() + 10 * 60_000;",
        flagged: undefined,
    },
    {
        code: "if (Date.now() - 3600_000 > then) {",
        flagged: "wall-clock difference or comparison",
    },
    {
        code: "const left = deadline - Date.now();",
        flagged: "wall-clock difference or comparison",
    },
    { code: "await new Promise((resolve) => setImmediate(resolve));", flagged: undefined },
    { code: "clock.advance(300);", flagged: undefined },
];

describe("no test measures wall-clock time or sleeps to synchronise", () => {
    for (const sample of samples) {
        it(`${sample.flagged ? `flags as ${sample.flagged}` : "lets pass"}: ${sample.code.split("\n").join(" ")}`, () => {
            expect(
                findingsIn("sample.ts", sample.code).map((finding) => finding.rule.name),
            ).to.deep.equal(sample.flagged ? [sample.flagged] : []);
        });
    }

    it("no file under test/ does, besides the allowed uses below", () => {
        const found = typeScriptFiles(join(repositoryRoot, "test"))
            .flatMap((file) => findingsIn(file, readFileSync(join(repositoryRoot, file), "utf8")))
            .filter(
                (finding) =>
                    !allowed.some(
                        (use) => use.file === finding.file && use.rule === finding.rule.name,
                    ),
            )
            .map(
                (finding) =>
                    `${finding.file}:${finding.line}: ${finding.rule.name}; ${finding.rule.fix}`,
            );
        expect(found).to.deep.equal([]);
    });

    for (const use of allowed) {
        it(`allows ${use.file} a ${use.rule}: ${use.reason} (still used there)`, () => {
            const text = readFileSync(join(repositoryRoot, use.file), "utf8");
            expect(findingsIn(use.file, text).map((finding) => finding.rule.name)).to.include(
                use.rule,
            );
        });
    }
});
