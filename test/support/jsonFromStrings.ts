/**
 * Finds JSON built from strings in PowerShell text: a literal that looks like a piece of JSON
 * (starts with `{` or `[`, ends with `}` or `]`, or holds a `"key":`) joined with `+`, `-join`
 * with a `,` or `:` separator, and `.Substring(` (cutting JSON text). Comment lines and
 * here-strings are skipped. The host module must build objects and serialise them once.
 */

/** One place where PowerShell text builds JSON from strings. */
export interface JsonFromStringsFinding {
    /** 1-based line number. */
    line: number;
    /** Which pattern matched. */
    pattern: "literal concatenated with +" | "-join building JSON" | "Substring on JSON text";
    /** The line, trimmed. */
    text: string;
}

const quoted = String.raw`'(?:[^']|'')*'|"(?:[^"\x60]|\x60.)*"`;
const literal = new RegExp(quoted, "g");

function looksLikeJson(lit: string): boolean {
    const body = lit.slice(1, -1).replace(/''/g, "'").replace(/\x60"/g, '"');
    return /^\s*[{[]/.test(body) || /[}\]]\s*$/.test(body) || /"[A-Za-z_]\w*"\s*:/.test(body);
}

function concatenatesJsonLiteral(line: string): boolean {
    for (const match of line.matchAll(literal)) {
        if (!looksLikeJson(match[0])) continue;
        const before = line.slice(0, match.index).trimEnd();
        const after = line.slice(match.index + match[0].length).trimStart();
        if (before.endsWith("+") || after.startsWith("+")) return true;
    }
    return false;
}

/** Every place in `source` that builds JSON from strings. */
export function findJsonFromStrings(source: string): JsonFromStringsFinding[] {
    const findings: JsonFromStringsFinding[] = [];
    let inHereString = false;
    source.split(/\r?\n/).forEach((raw, index) => {
        const text = raw.trim();
        if (inHereString) {
            if (/^['"]@/.test(text)) inHereString = false;
            return;
        }
        if (/@['"]$/.test(text)) {
            inHereString = true;
            return;
        }
        if (text.startsWith("#")) return;
        const line = index + 1;
        if (concatenatesJsonLiteral(text)) {
            findings.push({ line, pattern: "literal concatenated with +", text });
        }
        if (
            /-join\s*(['"])\s*[,:]\s*\1/i.test(text) ||
            (/-join\b/i.test(text) && hasJsonLiteral(text))
        ) {
            findings.push({ line, pattern: "-join building JSON", text });
        }
        if (/\.Substring\s*\(/i.test(text)) {
            findings.push({ line, pattern: "Substring on JSON text", text });
        }
    });
    return findings;
}

function hasJsonLiteral(line: string): boolean {
    return [...line.matchAll(literal)].some((m) => looksLikeJson(m[0]));
}

/** The fix every finding names. */
export const jsonFromStringsFix =
    "build an [ordered]@{} or [pscustomobject] and serialise it once with ConvertTo-L2bJson " +
    "(ConvertTo-Json -Depth 10 -Compress); carry HNS's JSON text as a string value for the driver " +
    "to parse; to change a document, set a property on the parsed object (Add-Member -Force)";

/** One line per finding, naming the file, line, pattern and fix. */
export function describeJsonFromStrings(file: string, findings: JsonFromStringsFinding[]): string {
    return findings
        .map(
            (f) =>
                `${file}:${f.line}: ${f.pattern} builds JSON from strings: ${f.text}. Fix: ${jsonFromStringsFix}`,
        )
        .join("\n");
}
