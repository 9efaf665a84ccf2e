/**
 * What the docs tests read from a markdown file: its headings (with the anchors a git host gives
 * them), its tables by section, and its links. Fenced code blocks are skipped.
 */
import * as fs from "fs";

/** One table: its header cells and its rows, each a record by header. */
export interface MarkdownTable {
    header: string[];
    rows: Record<string, string>[];
}

/** A heading and what lies under it up to the next heading. */
export interface MarkdownSection {
    level: number;
    title: string;
    anchor: string;
    tables: MarkdownTable[];
}

/** A link as written: its target and the line it is on. */
export interface MarkdownLink {
    target: string;
    line: number;
}

/** The anchor a git host (GitHub's rule) gives a heading: lower case, punctuation dropped, spaces as `-`. */
export function headingAnchor(title: string): string {
    return title
        .replace(/`/g, "")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/ /g, "-");
}

/** Cells of a table line: split on every `|` not escaped by `\\` (as GFM does, even in code). */
function cellsOf(line: string): string[] {
    const body = line
        .trim()
        .replace(/^\|/, "")
        .replace(/(?<!\\)\|$/, "");
    return body.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, "|").trim());
}

/** A parsed markdown file. */
export class MarkdownDoc {
    readonly sections: MarkdownSection[] = [];
    readonly links: MarkdownLink[] = [];
    readonly lineCount: number;

    constructor(readonly file: string) {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        this.lineCount = lines.length - (lines[lines.length - 1] === "" ? 1 : 0);
        let section: MarkdownSection = { level: 0, title: "", anchor: "", tables: [] };
        this.sections.push(section);
        const seen = new Map<string, number>();
        let fence: string | undefined;
        let table: MarkdownTable | undefined;
        lines.forEach((line, index) => {
            const fenceMatch = /^\s*(```+|~~~+)/.exec(line);
            if (fenceMatch) {
                fence = fence === undefined ? fenceMatch[1][0] : undefined;
                table = undefined;
                return;
            }
            if (fence !== undefined) {
                return;
            }
            const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
            if (heading) {
                const base = headingAnchor(heading[2]);
                const count = seen.get(base) ?? 0;
                seen.set(base, count + 1);
                section = {
                    level: heading[1].length,
                    title: heading[2],
                    anchor: count === 0 ? base : `${base}-${count}`,
                    tables: [],
                };
                this.sections.push(section);
                table = undefined;
                return;
            }
            if (/^\s*\|/.test(line)) {
                const cells = cellsOf(line);
                if (!table) {
                    table = { header: cells, rows: [] };
                    section.tables.push(table);
                } else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) {
                    const header = table.header;
                    table.rows.push(
                        Object.fromEntries(header.map((name, at) => [name, cells[at] ?? ""])),
                    );
                }
            } else {
                table = undefined;
            }
            const withoutCode = line.replace(/`[^`]*`/g, "");
            for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
                this.links.push({ target: match[1], line: index + 1 });
            }
        });
    }

    /** The section with this anchor. */
    section(anchor: string): MarkdownSection | undefined {
        return this.sections.find((candidate) => candidate.anchor === anchor);
    }

    /** The first table in the section `anchor` whose first header cell is `firstHeader`. */
    table(anchor: string, firstHeader: string): MarkdownTable | undefined {
        return this.section(anchor)?.tables.find(
            (candidate) => candidate.header[0] === firstHeader,
        );
    }
}

/** A cell's text as compared with the code: code marks and escapes dropped, spaces collapsed. */
export function plainCell(text: string): string {
    return text
        .replace(/\\\|/g, "|")
        .replace(/`/g, "")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/\s+/g, " ")
        .trim();
}

/** The option path a table's first cell names: its first code span. */
export function optionPathOf(cell: string): string | undefined {
    return /`([^`]+)`/.exec(cell)?.[1];
}

/** The link targets in a cell. */
export function linksOf(cell: string): string[] {
    return [...cell.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}
