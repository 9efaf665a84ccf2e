/**
 * nft rule text. Every value that reaches nft text is checked here against the narrow shape nft
 * expects, so a bad value fails with its name instead of becoming part of a ruleset. Tables are
 * replaced atomically: one `nft -f` transaction creates, flushes by deletion and refills a table.
 */
import { isCidr, isIpv4 } from "../../validate";

/** An IPv4 address or prefix, checked. */
export function nftAddress(field: string, value: string): string {
    if (!isIpv4(value) && !isCidr(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not an IPv4 address or CIDR prefix; use a form like 10.0.0.5 or 10.0.0.0/24`,
        );
    }
    return value;
}

/** An interface name as a quoted nft string, checked (at most 15 bytes of `A-Za-z0-9_.-`). */
export function nftInterface(field: string, value: string): string {
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not a Linux interface name; use at most 15 letters, digits, '-', '_' or '.'`,
        );
    }
    return `"${value}"`;
}

/** A port number or range (`80`, `8000-8080`), checked. */
export function nftPort(field: string, value: string | number): string {
    const text = String(value);
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    const inRange = (port: string | undefined): boolean =>
        port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    if (!match || !inRange(match[1]) || !inRange(match[2])) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not a port (1..65535) or a range like 8000-8080`,
        );
    }
    return text;
}

/** A rule comment as a quoted nft string, checked (printable, no quotes, at most 120 bytes). */
export function nftComment(value: string): string {
    if (!/^[A-Za-z0-9 _.:/=,@-]{1,120}$/.test(value)) {
        throw new Error(
            `rule comment ${JSON.stringify(value)} has characters nft comments cannot hold; use letters, digits, spaces and -_.:/=,@ (at most 120)`,
        );
    }
    return `comment "${value}"`;
}

/** A transport protocol keyword (`tcp` or `udp`), checked. */
export function nftProtocol(field: string, value: unknown): string {
    if (value !== "tcp" && value !== "udp") {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not a protocol nft can match here; use "tcp" or "udp"`,
        );
    }
    return value;
}

/**
 * An ACL protocol for `meta l4proto`: `tcp`, `udp`, `icmp` or an IANA number 0..255, checked
 * (`any` matches every protocol and so is never written).
 */
export function nftL4Protocol(field: string, value: unknown): string {
    if (value === "tcp" || value === "udp" || value === "icmp") {
        return value;
    }
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255) {
        return String(value);
    }
    throw new Error(
        `${field} ${JSON.stringify(value)} is not an ACL protocol; use "tcp", "udp", "icmp", "any" or a protocol number 0..255`,
    );
}

/** An integer such as a rule priority, checked (0..2^31-1). */
export function nftInteger(field: string, value: unknown): string {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 2147483647) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not a whole number 0..2147483647; use one such as 100`,
        );
    }
    return String(value);
}

/** A bare nft identifier such as a table or chain name, checked (letters, digits, `_`). */
export function nftIdentifier(field: string, value: string): string {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,255}$/.test(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not an nft identifier; use a letter then letters, digits or '_' (at most 256)`,
        );
    }
    return value;
}

/** One value or an anonymous set of several (`80` or `{ 80, 443 }`). */
export function nftSet(values: string[]): string {
    return values.length === 1 ? values[0] : `{ ${values.join(", ")} }`;
}

/** One chain: its header line (base chains) and its rules, one per line. */
export interface ChainText {
    name: string;
    /** `type nat hook prerouting priority dstnat; policy accept;`, or undefined for a regular chain. */
    base?: string;
    rules: string[];
}

function nftFamily(family: string): string {
    if (family !== "ip" && family !== "inet") {
        throw new Error(
            `table family ${JSON.stringify(family)} is not one this package uses; use "ip" or "inet"`,
        );
    }
    return family;
}

/** The header of a base chain, as the kinds write it. */
const baseChainHeader =
    /^type (nat|filter) hook (prerouting|postrouting|input|output|forward) priority (?:[a-z]+(?: [+-] \d+)?|-?\d+);(?: policy accept;)?$/;

/**
 * One rule checked to be one nft statement: no line break, NUL, `;` or `#` and balanced `{ }` outside
 * the quoted strings the builders above write. Values are checked by field first; this is the
 * last guard of the table's structure.
 */
function oneStatement(chain: string, rule: string): string {
    const outsideQuotes = rule.replace(/"[^"\\\r\n]*"/g, '""');
    let depth = 0;
    for (const char of outsideQuotes) {
        depth += char === "{" ? 1 : char === "}" ? -1 : 0;
        if (depth < 0) {
            break;
        }
    }
    if (depth !== 0 || /[\r\n\0;#"]/.test(outsideQuotes.replace(/""/g, ""))) {
        throw new Error(
            `a rule of chain ${chain} is not one nft statement: ${JSON.stringify(rule)}; every value in a rule must pass its field check`,
        );
    }
    return rule;
}

/** A transaction that replaces table `family name` with `chains` (creating it when absent). */
export function replaceTable(family: string, name: string, chains: ChainText[]): string {
    nftIdentifier("table", name);
    const body = chains
        .map((chain) => {
            nftIdentifier("chain", chain.name);
            if (chain.base !== undefined && !baseChainHeader.test(chain.base)) {
                throw new Error(
                    `chain ${chain.name} has header ${JSON.stringify(chain.base)}, not a base chain header; use "type <nat|filter> hook <hook> priority <priority>; policy accept;"`,
                );
            }
            const lines = [
                ...(chain.base ? [chain.base] : []),
                ...chain.rules.map((rule) => oneStatement(chain.name, rule)),
            ];
            return `    chain ${chain.name} {\n${lines.map((line) => `        ${line}\n`).join("")}    }\n`;
        })
        .join("");
    return `${deleteTable(family, name)}table ${family} ${name} {\n${body}}\n`;
}

/** A transaction that deletes table `family name`, succeeding when it is already absent. */
export function deleteTable(family: string, name: string): string {
    nftFamily(family);
    nftIdentifier("table", name);
    return `table ${family} ${name} {}\ndelete table ${family} ${name}\n`;
}
