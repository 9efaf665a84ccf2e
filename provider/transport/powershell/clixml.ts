/**
 * Decoding of the CLIXML that PowerShell writes to a redirected stderr (`#< CLIXML` followed by
 * one or more `<Objs>` documents). For diagnostics only: success is decided by the framed result.
 */

/** One decoded stream record. */
export interface ClixmlRecord {
    /** Stream name as PowerShell labels it: `Error`, `warning`, `verbose`, `debug`, `information`. */
    stream: string;
    /** Decoded text of the record. */
    text: string;
}

const XML_ENTITIES: Record<string, string> = {
    lt: "<",
    gt: ">",
    amp: "&",
    quot: '"',
    apos: "'",
};

function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
        if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
        return XML_ENTITIES[name] ?? whole;
    });
}

/**
 * Decodes `_xHHHH_` escapes as UTF-16 code units: consecutive escapes of a surrogate pair join
 * into one character, and `_x005F_` is a literal underscore (so `_x005F_x000A_` stays text).
 */
export function decodeClixmlEscapes(text: string): string {
    return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, unit: string) =>
        String.fromCharCode(parseInt(unit, 16)),
    );
}

/** True when `stderr` is CLIXML. */
export function isClixml(stderr: string): boolean {
    return stderr.trimStart().startsWith("#< CLIXML");
}

/** The string records of every `<Objs>` document in `stderr`, in order. */
export function decodeClixmlRecords(stderr: string): ClixmlRecord[] {
    const records: ClixmlRecord[] = [];
    const documents = stderr.match(/<Objs\b[\s\S]*?<\/Objs>/g) ?? [];
    for (const document of documents) {
        for (const match of document.matchAll(/<S\s+S="([^"]*)"\s*>([\s\S]*?)<\/S>/g)) {
            records.push({
                stream: match[1],
                text: decodeClixmlEscapes(decodeEntities(match[2])),
            });
        }
    }
    return records;
}

/**
 * Human-readable text of `stderr`: the error records of CLIXML joined (other streams prefixed
 * with their name), or `stderr` unchanged when it is not CLIXML.
 */
export function clixmlToText(stderr: string): string {
    if (!isClixml(stderr)) return stderr;
    return decodeClixmlRecords(stderr)
        .map((record) =>
            record.stream.toLowerCase() === "error"
                ? record.text
                : `${record.stream.toUpperCase()}: ${record.text}`,
        )
        .join("")
        .trim();
}
