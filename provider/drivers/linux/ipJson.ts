/**
 * Parsers of iproute2's JSON output (`ip -j -d link`, `ip -j addr`, `ip -j route`, `ip -j neigh`).
 * Each takes the raw text and returns only the fields the driver decides on. An empty section (the
 * command failed because the object is absent) parses as an empty list.
 */

/** One network interface, from `ip -j -d link show` (or `ip -j addr show`). */
export interface IpLink {
    name: string;
    /** `bridge`, `veth`, `vxlan`, … ("" when not reported). */
    kind: string;
    /** The bridge this interface is a port of ("" when none). */
    master: string;
    /** The `ip link set … alias` text ("" when none). */
    alias: string;
    mtu: number;
    /** MAC address as printed (`aa:bb:cc:dd:ee:ff`). */
    mac: string;
    up: boolean;
    /** Bridge port hairpin mode (false when not a bridge port). */
    hairpin: boolean;
    /** IPv4 addresses as `address/prefixLength`. */
    ipv4: string[];
}

/** One IPv4 route, from `ip -j route show`. */
export interface IpRoute {
    /** Destination prefix (`default` for the default route; host routes get `/32`). */
    destination: string;
    /** Next hop ("" for a directly connected route). */
    gateway: string;
    device: string;
    /** Metric (0 when iproute2 omits it). */
    metric: number;
    /** Protocol name or number as printed ("" when not printed). */
    protocol: string;
}

/** One neighbor entry, from `ip -j neigh show`. */
export interface IpNeighbor {
    address: string;
    mac: string;
    permanent: boolean;
}

type Json = Record<string, unknown>;

function parseList(text: string): Json[] {
    const trimmed = text.trim();
    if (trimmed === "") {
        return [];
    }
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) {
        throw new Error(`expected a JSON list from iproute2, got: ${trimmed.slice(0, 200)}`);
    }
    return parsed as Json[];
}

function text(value: unknown): string {
    return typeof value === "string" ? value : "";
}

/** Interfaces from `ip -j -d link show` or `ip -j -d addr show`. */
export function parseLinks(output: string): IpLink[] {
    return parseList(output).map((entry) => {
        const info = (entry.linkinfo ?? {}) as Json;
        const slave = (info.info_slave_data ?? {}) as Json;
        const addresses = Array.isArray(entry.addr_info) ? (entry.addr_info as Json[]) : [];
        const flags = Array.isArray(entry.flags) ? (entry.flags as string[]) : [];
        return {
            name: text(entry.ifname),
            kind: text(info.info_kind),
            master: text(entry.master),
            alias: text(entry.ifalias),
            mtu: typeof entry.mtu === "number" ? entry.mtu : 0,
            mac: text(entry.address),
            up: flags.includes("UP"),
            hairpin: slave.hairpin === true,
            ipv4: addresses
                .filter((address) => address.family === "inet")
                .map((address) => `${text(address.local)}/${String(address.prefixlen)}`),
        };
    });
}

/** Routes from `ip -j route show`. */
export function parseRoutes(output: string): IpRoute[] {
    return parseList(output).map((entry) => {
        const destination = text(entry.dst);
        return {
            destination:
                destination === "default" || destination.includes("/")
                    ? destination
                    : `${destination}/32`,
            gateway: text(entry.gateway),
            device: text(entry.dev),
            metric: typeof entry.metric === "number" ? entry.metric : 0,
            protocol: entry.protocol === undefined ? "" : String(entry.protocol),
        };
    });
}

/** Neighbor entries from `ip -j neigh show`. */
export function parseNeighbors(output: string): IpNeighbor[] {
    return parseList(output).map((entry) => ({
        address: text(entry.dst),
        mac: text(entry.lladdr),
        permanent: Array.isArray(entry.state) && (entry.state as string[]).includes("PERMANENT"),
    }));
}

/** `aa-bb-cc-dd-ee-ff` or `AA:BB:…` as lower-case, colon-separated (`aa:bb:cc:dd:ee:ff`). */
export function colonMac(mac: string): string {
    return mac.toLowerCase().replace(/-/g, ":");
}

/** `aa:bb:…` as lower-case, dash-separated (`aa-bb-cc-dd-ee-ff`), the form outputs use. */
export function dashMac(mac: string): string {
    return mac.toLowerCase().replace(/:/g, "-");
}
