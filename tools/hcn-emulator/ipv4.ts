/** IPv4 arithmetic the emulator needs: parsing, prefixes, subnet membership. */

/** The address as an unsigned 32-bit number, or undefined when it is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256))
        return undefined;
    return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** A parsed CIDR prefix. */
export interface Ipv4Prefix {
    network: number;
    length: number;
}

/** Parses `a.b.c.d/n`; undefined when malformed (host bits set are tolerated, as HNS does). */
export function parseIpv4Prefix(text: string): Ipv4Prefix | undefined {
    const [address, length, extra] = text.split("/");
    const ip = parseIpv4(address ?? "");
    if (ip === undefined || extra !== undefined || !/^(\d|[12]\d|3[0-2])$/.test(length ?? ""))
        return undefined;
    const bits = Number(length);
    return { network: mask(ip, bits), length: bits };
}

function mask(ip: number, bits: number): number {
    return bits === 0 ? 0 : Number((BigInt(ip) >> BigInt(32 - bits)) << BigInt(32 - bits));
}

/** Whether `ip` lies inside `prefix`. */
export function prefixContains(prefix: Ipv4Prefix, ip: number): boolean {
    return mask(ip, prefix.length) === prefix.network;
}
