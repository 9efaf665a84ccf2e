/**
 * Parses PowerShell text with the tree-sitter PowerShell grammar and reports every syntax problem
 * (ERROR and MISSING nodes) with its position, so tests can assert that generated scripts parse.
 *
 * The grammar does not know that PowerShell also ends single-quoted strings at the typographic
 * quotes U+2018..U+201B; code that quotes text must be checked against that rule separately.
 */
import Parser = require("tree-sitter");

/** One syntax problem found in a script. */
export interface SyntaxProblem {
    /** `ERROR` for text the grammar could not place, `MISSING` for a token it had to invent. */
    kind: "ERROR" | "MISSING";
    /** Node type (for MISSING: the token that was expected). */
    nodeType: string;
    /** Zero-based line of the problem. */
    row: number;
    /** Zero-based column of the problem. */
    column: number;
    /** Up to 80 characters of the text at the problem. */
    excerpt: string;
}

let sharedParser: Parser | undefined;

function parser(): Parser {
    if (!sharedParser) {
        const language = require("tree-sitter-powershell") as Parser.Language;
        sharedParser = new Parser();
        sharedParser.setLanguage(language);
    }
    return sharedParser;
}

/** Parse `script` and return its syntax tree. */
export function parsePowerShell(script: string): Parser.Tree {
    const bufferSize = Math.max(32 * 1024, script.length * 4 + 1024);
    return parser().parse(script, null, { bufferSize });
}

/** Every ERROR and MISSING node of `script`, in document order; empty when the script parses. */
export function powerShellSyntaxProblems(script: string): SyntaxProblem[] {
    const problems: SyntaxProblem[] = [];
    const visit = (node: Parser.SyntaxNode): void => {
        if (node.type === "ERROR" || node.isMissing) {
            problems.push({
                kind: node.isMissing ? "MISSING" : "ERROR",
                nodeType: node.type,
                row: node.startPosition.row,
                column: node.startPosition.column,
                excerpt: script.slice(node.startIndex, node.startIndex + 80),
            });
        }
        for (const child of node.children) {
            visit(child);
        }
    };
    visit(parsePowerShell(script).rootNode);
    return problems;
}

/** Human-readable list of problems for assertion messages. */
export function describeSyntaxProblems(problems: SyntaxProblem[]): string {
    return problems
        .map(
            (p) =>
                `${p.kind} ${p.nodeType} at ${p.row + 1}:${p.column + 1}: ${JSON.stringify(p.excerpt)}`,
        )
        .join("\n");
}

/** Every node of `script` whose type is `type` (such as `string_literal` or `variable`), with its text. */
export function nodesOfType(script: string, type: string): { text: string; row: number }[] {
    const found: { text: string; row: number }[] = [];
    const visit = (node: Parser.SyntaxNode): void => {
        if (node.type === type) {
            found.push({ text: node.text, row: node.startPosition.row });
        }
        for (const child of node.children) {
            visit(child);
        }
    };
    visit(parsePowerShell(script).rootNode);
    return found;
}
