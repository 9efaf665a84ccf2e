/**
 * Validation shared by `L2BridgeCluster` and `AzureRouteTable`: host names, host addresses and
 * container subnets, each checked alone and against every other host. Returns every problem.
 */
import type { Cidr } from "../provider/validate/cidr";
import { canonicalCidr, parseCidr } from "../provider/validate/cidr";
import { parseIpv4 } from "../provider/validate/ipv4";
import type { RoutedHost } from "./azureRouteTableTypes";
import { validateLoadBalancerVips } from "./loadBalancerVips";

/** Longest container subnet prefix: room for `.1`, `.2`, containers and the broadcast address. */
export const maxContainerPrefixLength = 29;

/** Whether two parsed prefixes share an address (parsed once: the pair check is quadratic). */
function overlaps(a: Cidr, b: Cidr): boolean {
    return a.network <= b.broadcast && b.network <= a.broadcast;
}

const hostNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** How a host is named in messages: `hosts[1] (win2)`. */
export function hostLabel(host: { name?: unknown }, index: number): string {
    return typeof host.name === "string" && host.name !== ""
        ? `hosts[${index}] (${host.name})`
        : `hosts[${index}]`;
}

/**
 * Parses a CIDR field, adding a problem when it is not a canonical IPv4 prefix.
 * @returns the prefix, or `undefined` when it is unusable
 */
export function checkPrefixField(
    field: string,
    value: unknown,
    problems: string[],
): Cidr | undefined {
    if (typeof value !== "string") {
        problems.push(
            `${field}: ${JSON.stringify(value)} is not a CIDR string; use e.g. "10.244.1.0/24"`,
        );
        return undefined;
    }
    const prefix = parseCidr(value);
    if (!prefix) {
        problems.push(`${field}: "${value}" is not an IPv4 CIDR; use e.g. "10.244.1.0/24"`);
        return undefined;
    }
    if (prefix.address !== prefix.network) {
        problems.push(`${field}: "${value}" has host bits set; use "${canonicalCidr(value)}"`);
        return undefined;
    }
    return prefix;
}

interface CheckedHost {
    readonly label: string;
    readonly host: RoutedHost;
    readonly address?: number;
    readonly subnet?: Cidr;
}

function checkHostAlone(
    host: RoutedHost,
    index: number,
    hostSubnet: Cidr | undefined,
    hostSubnetText: string,
    problems: string[],
): CheckedHost {
    const label = hostLabel(host, index);
    if (typeof host.name !== "string" || !hostNamePattern.test(host.name)) {
        problems.push(
            `${label}: name ${JSON.stringify(host.name)} is not valid; use 1..40 letters, digits, "-" and "_", starting with a letter or digit`,
        );
    }
    const address = typeof host.hostIp === "string" ? parseIpv4(host.hostIp) : undefined;
    if (address === undefined) {
        problems.push(
            `${label}: hostIp ${JSON.stringify(host.hostIp)} is not an IPv4 address; use the host's address on hostSubnet, e.g. "10.0.0.4"`,
        );
    } else if (hostSubnet && (address < hostSubnet.network || address > hostSubnet.broadcast)) {
        problems.push(
            `${label}: hostIp "${host.hostIp}" is outside hostSubnet "${hostSubnetText}"; use the host's address on that subnet or fix hostSubnet`,
        );
    } else if (
        hostSubnet &&
        hostSubnet.prefixLength < 31 &&
        (address === hostSubnet.network || address === hostSubnet.broadcast)
    ) {
        problems.push(
            `${label}: hostIp "${host.hostIp}" is the network or broadcast address of hostSubnet "${hostSubnetText}"; use a host address of that subnet`,
        );
    }
    const subnet = checkPrefixField(`${label}: containerSubnet`, host.containerSubnet, problems);
    if (subnet && subnet.prefixLength > maxContainerPrefixLength) {
        problems.push(
            `${label}: containerSubnet "${host.containerSubnet}" is too small; use a prefix length of at most /${maxContainerPrefixLength}`,
        );
    }
    if (subnet && hostSubnet && overlaps(subnet, hostSubnet)) {
        problems.push(
            `${label}: containerSubnet "${host.containerSubnet}" overlaps hostSubnet "${hostSubnetText}"; pick a container subnet outside the hosts' network`,
        );
    }
    return { label, host, address, subnet };
}

function checkHostPair(a: CheckedHost, b: CheckedHost, problems: string[]): void {
    if (
        typeof a.host.name === "string" &&
        typeof b.host.name === "string" &&
        a.host.name.toLowerCase() === b.host.name.toLowerCase()
    ) {
        problems.push(
            `${b.label}: name "${b.host.name}" duplicates ${a.label}; give every host its own name`,
        );
    }
    if (a.address !== undefined && a.address === b.address) {
        problems.push(
            `${b.label}: hostIp "${b.host.hostIp}" duplicates ${a.label} hostIp "${a.host.hostIp}"; every host needs its own address`,
        );
    }
    if (a.subnet && b.subnet && overlaps(a.subnet, b.subnet)) {
        problems.push(
            `${b.label}: containerSubnet "${b.host.containerSubnet}" overlaps ${a.label} containerSubnet "${a.host.containerSubnet}"; give each host a disjoint subnet`,
        );
    }
}

/**
 * Checks a host list and the hosts' subnet.
 * @returns every problem found, in host order; empty when the hosts are valid
 */
export function validateRoutedHosts(hosts: readonly RoutedHost[], hostSubnet: string): string[] {
    const problems: string[] = [];
    const subnet = checkPrefixField("hostSubnet", hostSubnet, problems);
    if (!Array.isArray(hosts) || hosts.length === 0) {
        problems.push("hosts: no hosts given; list at least one host");
        return problems;
    }
    const checked = hosts.map((host, index) =>
        checkHostAlone(host, index, subnet, hostSubnet, problems),
    );
    for (let later = 1; later < checked.length; later++) {
        for (let earlier = 0; earlier < later; earlier++) {
            checkHostPair(checked[earlier], checked[later], problems);
        }
    }
    problems.push(...validateLoadBalancerVips(hosts));
    return problems;
}
