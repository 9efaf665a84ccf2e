/**
 * Values written into host files that other programs read line by line (resolv.conf, the hosts
 * file dnsmasq serves). Each value is checked where the text is written, so none can end its line,
 * start a comment or split into several words.
 */
import { isIpv4 } from "../../validate";

/** `value` as one word of a line in `file`, checked: printable, no blank, `#` or `;`. */
export function fileWord(file: string, field: string, value: string): string {
    if (!/^[\x21-\x7e]{1,253}$/.test(value) || /[#;]/.test(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} cannot be written as one word of ${file}; use 1 to 253 printable characters without spaces, line breaks, '#' or ';'`,
        );
    }
    return value;
}

/** An IPv4 address as a word of `file`, checked. */
export function fileAddress(file: string, field: string, value: string): string {
    if (!isIpv4(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not an IPv4 address, so it cannot be written to ${file}; use a form like 10.0.0.10`,
        );
    }
    return value;
}
