/**
 * Parsers of `nft -j list table …` output: the rules of a table with their chain, comment and
 * statements, and decoders for the values the driver writes (addresses, prefixes, port sets, maps).
 */

/** One nft statement from the JSON schema (`{"match": …}`, `{"dnat": …}`, `{"accept": null}`). */
export type NftStatement = Record<string, unknown>;

/** One rule of a table. */
export interface NftRule {
    chain: string;
    /** The rule's comment ("" when none). */
    comment: string;
    statements: NftStatement[];
}

/** One chain of a table. */
export interface NftChain {
    name: string;
    /** Hook name for base chains, "" for regular chains. */
    hook: string;
    /** Device of a netdev base chain ("" otherwise). */
    device: string;
}

/** A table as listed: its chains and its rules in order. */
export interface NftTable {
    chains: NftChain[];
    rules: NftRule[];
}

type Json = Record<string, unknown>;

/** Parse `nft -j list table`; an empty text (the table is absent) gives undefined. */
export function parseNftTable(output: string): NftTable | undefined {
    const trimmed = output.trim();
    if (trimmed === "") {
        return undefined;
    }
    const parsed = JSON.parse(trimmed) as { nftables?: Json[] };
    const items = parsed.nftables ?? [];
    if (!items.some((item) => item.table !== undefined)) {
        return undefined;
    }
    const chains: NftChain[] = [];
    const rules: NftRule[] = [];
    for (const item of items) {
        const chain = item.chain as Json | undefined;
        if (chain) {
            chains.push({
                name: String(chain.name),
                hook: typeof chain.hook === "string" ? chain.hook : "",
                device: typeof chain.dev === "string" ? chain.dev : "",
            });
        }
        const rule = item.rule as Json | undefined;
        if (rule) {
            rules.push({
                chain: String(rule.chain),
                comment: typeof rule.comment === "string" ? rule.comment : "",
                statements: Array.isArray(rule.expr) ? (rule.expr as NftStatement[]) : [],
            });
        }
    }
    return { chains, rules };
}

/** The rules of one chain, optionally only those with a given comment. */
export function rulesOf(table: NftTable, chain: string, comment?: string): NftRule[] {
    return table.rules.filter(
        (rule) => rule.chain === chain && (comment === undefined || rule.comment === comment),
    );
}

/** The first statement of a rule named `name` (`dnat`, `masquerade`, `accept`, …). */
export function statementOf(rule: NftRule, name: string): unknown {
    const found = rule.statements.find((statement) => name in statement);
    return found === undefined ? undefined : found[name];
}

/** True when the rule has a statement named `name`. */
export function hasStatement(rule: NftRule, name: string): boolean {
    return rule.statements.some((statement) => name in statement);
}

interface Match {
    op: string;
    left: Json;
    right: unknown;
}

function matches(rule: NftRule): Match[] {
    return rule.statements
        .filter((statement) => "match" in statement)
        .map((statement) => statement.match as Match);
}

/** The match on a header field (`ip saddr`, `tcp dport`), or undefined. */
export function payloadMatch(
    rule: NftRule,
    protocol: string | undefined,
    field: string,
): { op: string; right: unknown; protocol: string } | undefined {
    for (const match of matches(rule)) {
        const payload = match.left.payload as Json | undefined;
        if (
            payload &&
            payload.field === field &&
            (protocol === undefined || payload.protocol === protocol)
        ) {
            return { op: match.op, right: match.right, protocol: String(payload.protocol) };
        }
    }
    return undefined;
}

/** The match on a meta key (`iifname`, `oifname`, `l4proto`), or undefined. */
export function metaMatch(rule: NftRule, key: string): { op: string; right: unknown } | undefined {
    for (const match of matches(rule)) {
        const meta = match.left.meta as Json | undefined;
        if (meta && meta.key === key) {
            return { op: match.op, right: match.right };
        }
    }
    return undefined;
}

/**
 * Addresses, prefixes and ranges of a match value as the driver writes them: `10.0.0.1`,
 * `10.0.0.0/24`, `10.0.0.1-10.0.0.9`; sets give several.
 */
export function decodeAddresses(value: unknown): string[] {
    if (typeof value === "string") {
        return [value];
    }
    const object = (value ?? {}) as Json;
    if (Array.isArray(object.set)) {
        return object.set.flatMap((element) => decodeAddresses(element));
    }
    const prefix = object.prefix as { addr: string; len: number } | undefined;
    if (prefix) {
        return [`${prefix.addr}/${prefix.len}`];
    }
    const range = object.range as [string, string] | undefined;
    if (range) {
        return [`${range[0]}-${range[1]}`];
    }
    return [];
}

/** Ports and port ranges of a match value: `80`, `8000-8080`; sets give several. */
export function decodePorts(value: unknown): string[] {
    if (typeof value === "number") {
        return [String(value)];
    }
    const object = (value ?? {}) as Json;
    if (Array.isArray(object.set)) {
        return object.set.flatMap((element) => decodePorts(element));
    }
    const range = object.range as [number, number] | undefined;
    if (range) {
        return [`${range[0]}-${range[1]}`];
    }
    return [];
}

/** The values of an nft map literal (`map { 0 : a, 1 : b }`) in key order. */
export function decodeMapValues(value: unknown): string[] {
    const map = ((value ?? {}) as Json).map as Json | undefined;
    const data = ((map?.data ?? {}) as Json).set;
    if (!Array.isArray(data)) {
        return [];
    }
    return (data as [number, unknown][])
        .slice()
        .sort((a, b) => a[0] - b[0])
        .map((entry) => String(entry[1]));
}
