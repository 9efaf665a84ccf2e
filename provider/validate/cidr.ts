/**
 * IPv4 CIDR prefixes: parsing (syntax checked with ip-cidr), canonical form, containment, overlap
 * and host arithmetic. Every function is pure.
 */
import { formatIpv4, parseIpv4 } from "./ipv4";

/** A parsed IPv4 prefix. */
export interface Cidr {
    /** The address as written, as a number (may have host bits set). */
    address: number;
    /** Prefix length 0..32. */
    prefixLength: number;
    /** The network address (host bits cleared). */
    network: number;
    /** The last address of the prefix (all host bits set). */
    broadcast: number;
}

type IpCidrClass = typeof import("ip-cidr").default;

function ipCidr(): IpCidrClass {
    return (require("ip-cidr") as { default: IpCidrClass }).default;
}

function maskOf(prefixLength: number): number {
    return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/**
 * Parse `a.b.c.d/n`. Returns undefined for anything else: IPv6, a missing or out-of-range prefix
 * length, leading zeros, spaces.
 */
export function parseCidr(text: string): Cidr | undefined {
    const slash = text.indexOf("/");
    if (slash < 0) {
        return undefined;
    }
    const address = parseIpv4(text.slice(0, slash));
    const lengthText = text.slice(slash + 1);
    if (address === undefined || !/^(0|[1-9]\d?)$/.test(lengthText)) {
        return undefined;
    }
    const prefixLength = Number(lengthText);
    if (prefixLength > 32 || !ipCidr().isValidCIDR(text)) {
        return undefined;
    }
    const network = (address & maskOf(prefixLength)) >>> 0;
    const broadcast = (network | (~maskOf(prefixLength) >>> 0)) >>> 0;
    return { address, prefixLength, network, broadcast };
}

/** True when `text` is an IPv4 CIDR prefix (host bits may be set). */
export function isCidr(text: string): boolean {
    return parseCidr(text) !== undefined;
}

/** The canonical form of a prefix: the network address and the length (`10.0.0.5/24` → `10.0.0.0/24`). */
export function canonicalCidr(text: string): string | undefined {
    const cidr = parseCidr(text);
    return cidr && `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

/** True when `text` is a prefix written in canonical form (no host bits set). */
export function isCanonicalCidr(text: string): boolean {
    return canonicalCidr(text) === text;
}

/** Network address of a prefix, as text. */
export function networkAddress(text: string): string | undefined {
    const cidr = parseCidr(text);
    return cidr && formatIpv4(cidr.network);
}

/** Last (broadcast) address of a prefix, as text. */
export function broadcastAddress(text: string): string | undefined {
    const cidr = parseCidr(text);
    return cidr && formatIpv4(cidr.broadcast);
}

/** Number of addresses in a prefix (2^(32-n)). */
export function addressCount(text: string): number | undefined {
    const cidr = parseCidr(text);
    return cidr && 2 ** (32 - cidr.prefixLength);
}

/**
 * The `n`th address after the network address (`n` = 1 is `.1` of a /24). Returns undefined when the
 * prefix is invalid or the address would fall outside it.
 */
export function nthAddress(text: string, n: number): string | undefined {
    const cidr = parseCidr(text);
    if (!cidr || !Number.isInteger(n) || n < 0 || cidr.network + n > cidr.broadcast) {
        return undefined;
    }
    return formatIpv4(cidr.network + n);
}

/** True when the IPv4 address `address` lies inside prefix `cidrText` (network and broadcast included). */
export function cidrContains(cidrText: string, address: string): boolean {
    const cidr = parseCidr(cidrText);
    const value = parseIpv4(address);
    if (!cidr || value === undefined) {
        return false;
    }
    return value >= cidr.network && value <= cidr.broadcast;
}

/** True when every address of prefix `inner` is inside prefix `outer`. */
export function cidrContainsCidr(outer: string, inner: string): boolean {
    const a = parseCidr(outer);
    const b = parseCidr(inner);
    return !!a && !!b && b.network >= a.network && b.broadcast <= a.broadcast;
}

/** True when prefixes `a` and `b` share at least one address. Symmetric. */
export function cidrsOverlap(a: string, b: string): boolean {
    const x = parseCidr(a);
    const y = parseCidr(b);
    return !!x && !!y && x.network <= y.broadcast && y.network <= x.broadcast;
}

/** True when `address` is a usable host address of the prefix: neither its network nor its broadcast address (a /31 and /32 have no such reservation). */
export function isHostAddress(cidrText: string, address: string): boolean {
    const cidr = parseCidr(cidrText);
    const value = parseIpv4(address);
    if (!cidr || value === undefined || !cidrContains(cidrText, address)) {
        return false;
    }
    if (cidr.prefixLength >= 31) {
        return true;
    }
    return value !== cidr.network && value !== cidr.broadcast;
}
