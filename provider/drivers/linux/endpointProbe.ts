/**
 * Finding a container endpoint another program made (Docker, the CNI bridge plugin) by its address,
 * from the host side. Such an endpoint is a veth whose host side is a port of one of our network
 * bridges and whose peer, in the container's network namespace, holds the address. The namespace
 * may have no name the host can list (Docker's), so the driver asks the network instead:
 *
 * 1. the kernel's route to the address (`ip route get`) must leave directly through one of our
 *    bridges (a network of this package, named in its alias marker);
 * 2. the address is resolved afresh on that bridge (the neighbour entry is dropped and resolution
 *    requested with `ip neigh replace … use`, a broadcast ARP request answered by the container's
 *    kernel within milliseconds; permanent entries are never touched), waiting at most about
 *    1.5 s in all: an address still unresolved then has no endpoint;
 * 3. the bridge's forwarding database names the port the answering MAC sits behind, which must be
 *    a veth (or tap) port: an answer through a VXLAN port comes from another host, one through the
 *    uplink from a machine outside the host.
 *
 * Port mappings and ACLs act on the address (DNAT to it, filtering by it), so nothing else about
 * the endpoint is needed; the endpoint itself is never changed.
 */
import { cidrContains } from "../../validate/cidr";
import { isIpv4 } from "../../validate/ipv4";
import type { EndpointFinding, HostNetworkSummary } from "../foreignEndpoints";
import { parseLinks } from "./ipJson";
import { parseMarker } from "./marker";
import { networkMarker } from "./l2BridgeNetwork";

/**
 * Shell function `find_endpoints "ADDRESSES"` (addresses separated by spaces): prints section
 * `route <address>` per address, then `neigh <bridge>`, `fdb <bridge>` and `ports <bridge>` per
 * bridge it resolved on, then `networks`. Needs `$P_networkMarker`.
 */
export const findEndpointsFunction = `
find_endpoints() {
    set -f
    l2b_devices=""; l2b_probed=""
    for l2b_a in $1; do
        section "route $l2b_a"
        l2b_route=$(ip -o route get "$l2b_a" 2>/dev/null || true)
        printf '%s\\n' "$l2b_route"
        case "$l2b_route" in ""|local*|broadcast*|multicast*|unreachable*|prohibit*|blackhole*|throw*|*" via "*) continue ;; esac
        l2b_d=$(printf '%s\\n' "$l2b_route" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)
        case "$(ip -d link show dev "$l2b_d" 2>/dev/null | sed -n 's/^ *alias //p')" in
            "$P_networkMarker "*) ;;
            *) continue ;;
        esac
        case "$(ip neigh show "$l2b_a" dev "$l2b_d" 2>/dev/null)" in
            *PERMANENT*|*NOARP*) ;;
            *)
                ip neigh del "$l2b_a" dev "$l2b_d" 2>/dev/null || true
                ip neigh replace "$l2b_a" dev "$l2b_d" use 2>/dev/null || true
                l2b_probed="$l2b_probed $l2b_a/$l2b_d" ;;
        esac
        case " $l2b_devices " in *" $l2b_d "*) ;; *) l2b_devices="$l2b_devices $l2b_d" ;; esac
    done
    l2b_n=0
    while [ -n "$l2b_probed" ] && [ $l2b_n -lt 30 ]; do
        l2b_pending=""
        for l2b_p in $l2b_probed; do
            case "$(ip neigh show "\${l2b_p%%/*}" dev "\${l2b_p#*/}" 2>/dev/null)" in *INCOMPLETE*) l2b_pending=1 ;; esac
        done
        [ -z "$l2b_pending" ] && break
        sleep 0.05; l2b_n=$((l2b_n + 1))
    done
    for l2b_d in $l2b_devices; do
        section "neigh $l2b_d"; ip -j neigh show dev "$l2b_d" 2>/dev/null || true
        section "fdb $l2b_d"; bridge -j fdb show br "$l2b_d" 2>/dev/null || true
        section "ports $l2b_d"; ip -j -d link show master "$l2b_d" 2>/dev/null || true
    done
    section networks; ip -j -d link show type bridge 2>/dev/null || true
    set +f
}
`;

/** The parameters `find_endpoints` reads, for `addresses` (each checked to be an address). */
export function findEndpointsParams(addresses: string[]): Record<string, string> {
    for (const address of addresses) {
        if (!isIpv4(address)) {
            throw new Error(
                `${JSON.stringify(address)} is not an IPv4 address, so it cannot be looked up as an endpoint`,
            );
        }
    }
    return { addresses: addresses.join(" "), networkMarker };
}

/** A network of this package on the host: its bridge, subnet and nominal gateway. */
interface OurNetwork extends HostNetworkSummary {
    gateway: string;
}

/** The host's networks (bridges with our marker), from the `networks` section. */
export function networksOf(sections: Map<string, string>): OurNetwork[] {
    return parseLinks(sections.get("networks") ?? "")
        .map((link) => ({ link, marker: parseMarker(link.alias, networkMarker) }))
        .filter((entry) => entry.marker !== undefined)
        .map(({ link, marker }) => ({
            name: link.name,
            subnet: marker?.get("subnet") ?? "",
            gateway: marker?.get("gateway") ?? "",
        }));
}

type Json = Record<string, unknown>;

function jsonList(text: string | undefined): Json[] {
    const trimmed = (text ?? "").trim();
    if (trimmed === "") {
        return [];
    }
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? (parsed as Json[]) : [];
}

/** The answering neighbour of `address` on `bridge`: its MAC when resolved, else undefined. */
function resolvedMac(sections: Map<string, string>, bridge: string, address: string) {
    const entry = jsonList(sections.get(`neigh ${bridge}`)).find((item) => item.dst === address);
    const states = Array.isArray(entry?.state) ? (entry.state as string[]) : [];
    const answered = ["REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP"];
    if (!entry || typeof entry.lladdr !== "string" || !states.some((s) => answered.includes(s))) {
        return undefined;
    }
    return entry.lladdr.toLowerCase();
}

/** The bridge port behind which `mac` was learned, from the bridge's forwarding database. */
function portOf(sections: Map<string, string>, bridge: string, mac: string): string | undefined {
    const entry = jsonList(sections.get(`fdb ${bridge}`)).find(
        (item) =>
            typeof item.mac === "string" &&
            item.mac.toLowerCase() === mac &&
            item.ifname !== bridge &&
            !(Array.isArray(item.flags) && (item.flags as string[]).includes("self")),
    );
    return typeof entry?.ifname === "string" ? entry.ifname : undefined;
}

/** What the sections of `find_endpoints` say about `address`. */
export function findingFor(sections: Map<string, string>, address: string): EndpointFinding {
    const networks = networksOf(sections);
    const inside = networks.find(
        (network) => network.subnet !== "" && cidrContains(network.subnet, address),
    );
    const route = (sections.get(`route ${address}`) ?? "").trim();
    if (!inside) {
        return { status: "outside" };
    }
    const summary = { name: inside.name, subnet: inside.subnet };
    if (address === inside.gateway) {
        return {
            status: "notEndpoint",
            why: `is the nominal gateway of network ${inside.name}`,
        };
    }
    if (/^(local|broadcast)\s/.test(route)) {
        return { status: "notEndpoint", why: "is an address of the host itself" };
    }
    const device = / dev (\S+)/.exec(route)?.[1];
    if (device !== inside.name || / via /.test(route)) {
        return {
            status: "notEndpoint",
            why: `is in network ${inside.name} (${inside.subnet}), but the host routes it ${device ? `through ${device}` : "nowhere"} (the network has no GatewayEndpoint on this host?)`,
        };
    }
    const mac = resolvedMac(sections, inside.name, address);
    const port = mac && portOf(sections, inside.name, mac);
    if (!mac || !port) {
        return { status: "missing", network: summary };
    }
    const kind = parseLinks(sections.get(`ports ${inside.name}`) ?? "").find(
        (link) => link.name === port,
    )?.kind;
    if (kind === "vxlan") {
        return {
            status: "notEndpoint",
            why: `answers through the overlay port ${port} of ${inside.name}, so it is a container of another host`,
        };
    }
    if (kind !== "veth" && kind !== "tun") {
        return {
            status: "notEndpoint",
            why: `answers through port ${port} of ${inside.name}, which is not a container's veth, so it is a machine outside this host`,
        };
    }
    return { status: "found", address, network: inside.name, subnet: inside.subnet, id: port };
}
