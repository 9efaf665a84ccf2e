/**
 * Outbound NAT exceptions of a cluster: the destinations containers reach with their own address.
 * Derived from the cluster (every container subnet and the hosts' subnet) plus the user's extras,
 * with warnings for extras that also exempt destinations which need SNAT.
 */
import type { Cidr } from "../provider/validate/cidr";
import { canonicalCidr, parseCidr } from "../provider/validate/cidr";
import { formatIpv4, parseIpv4 } from "../provider/validate/ipv4";

/**
 * Azure platform addresses that only answer a VM's own address, so container traffic to them must
 * be NATed to the host.
 */
export const platformAddresses: readonly { address: string; purpose: string }[] = [
    { address: "168.63.129.16", purpose: "Azure DNS, DHCP and health probes" },
    { address: "169.254.169.254", purpose: "the instance metadata service" },
];

/**
 * The exception list handed to every host's network: container subnets in host order, then the
 * hosts' subnet, then the extras; canonical and without repeats. Inputs must be valid CIDRs.
 */
export function deriveNatExceptions(
    containerSubnets: readonly string[],
    hostSubnet: string,
    extras: readonly string[],
): string[] {
    const seen = new Set<string>();
    const result: string[] = [];
    for (const text of [...containerSubnets, hostSubnet, ...extras]) {
        const canonical = canonicalCidr(text) ?? text;
        if (!seen.has(canonical)) {
            seen.add(canonical);
            result.push(canonical);
        }
    }
    return result;
}

function within(outer: Cidr, inner: Cidr): boolean {
    return inner.network >= outer.network && inner.broadcast <= outer.broadcast;
}

function size(prefix: Cidr): number {
    return prefix.broadcast - prefix.network + 1;
}

/** First address of `outer` outside every one of the (disjoint) `covered` prefixes, if any. */
function firstUncoveredAddress(outer: Cidr, covered: readonly Cidr[]): number | undefined {
    const inside = covered
        .filter((prefix) => within(outer, prefix))
        .sort((a, b) => a.network - b.network);
    let candidate = outer.network;
    for (const prefix of inside) {
        if (candidate < prefix.network) {
            return candidate;
        }
        candidate = Math.max(candidate, prefix.broadcast + 1);
    }
    return candidate <= outer.broadcast ? candidate : undefined;
}

function coveredAddressCount(outer: Cidr, covered: readonly Cidr[]): number {
    return covered
        .filter((prefix) => within(outer, prefix))
        .reduce((sum, prefix) => sum + size(prefix), 0);
}

/**
 * Warnings for extra exceptions that swallow destinations needing SNAT: a supernet of a cluster
 * range that also covers other addresses (such as `10.0.0.0/8` around `10.244.0.0/16`), and any
 * exception covering an Azure platform address. Cluster ranges must be valid and disjoint.
 */
export function natExceptionWarnings(
    clusterRanges: readonly string[],
    extras: readonly string[],
): string[] {
    const ranges = clusterRanges
        .map((text) => parseCidr(text))
        .filter((prefix): prefix is Cidr => prefix !== undefined);
    const warnings: string[] = [];
    for (const extra of extras) {
        const prefix = parseCidr(extra);
        if (!prefix) {
            continue;
        }
        const swallowsCluster = ranges.some((range) => within(prefix, range));
        const outside = firstUncoveredAddress(prefix, ranges);
        if (swallowsCluster && outside !== undefined) {
            const extraCount = size(prefix) - coveredAddressCount(prefix, ranges);
            warnings.push(
                `natExceptions: "${extra}" covers the cluster's ranges but also ${extraCount} other addresses (first: ${formatIpv4(outside)}); containers reach those without SNAT and replies may never come back. List only the cluster's ranges or the networks that route back to the containers`,
            );
        }
        for (const platform of platformAddresses) {
            const address = parseIpv4(platform.address);
            if (address !== undefined && address >= prefix.network && address <= prefix.broadcast) {
                warnings.push(
                    `natExceptions: "${extra}" covers ${platform.address} (${platform.purpose}), which only answers the host's own address; leave it out of the exceptions`,
                );
            }
        }
    }
    return warnings;
}
