/**
 * IPv4 addresses as unsigned 32-bit numbers. Only the dotted-quad form is accepted: four decimal
 * octets 0..255 without leading zeros, so every address has exactly one spelling.
 */

const dottedQuad = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** The address as a number, or undefined when `text` is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | undefined {
    const match = dottedQuad.exec(text);
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    if (octets.some((octet) => octet > 255)) {
        return undefined;
    }
    return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
    return parseIpv4(text) !== undefined;
}

/** Dotted-quad text of an address number. */
export function formatIpv4(address: number): string {
    const value = address >>> 0;
    return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}
