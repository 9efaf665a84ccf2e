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

/** A transaction that replaces table `family name` with `chains` (creating it when absent). */
export function replaceTable(family: string, name: string, chains: ChainText[]): string {
    const body = chains
        .map((chain) => {
            const lines = [...(chain.base ? [chain.base] : []), ...chain.rules];
            return `    chain ${chain.name} {\n${lines.map((line) => `        ${line}\n`).join("")}    }\n`;
        })
        .join("");
    return `${deleteTable(family, name)}table ${family} ${name} {\n${body}}\n`;
}

/** A transaction that deletes table `family name`, succeeding when it is already absent. */
export function deleteTable(family: string, name: string): string {
    return `table ${family} ${name} {}\ndelete table ${family} ${name}\n`;
}
