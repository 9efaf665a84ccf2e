/**
 * Load balancer VIPs a host serves (an `HnsLoadBalancer` frontend that is not a host address): every
 * other host, and Azure, route the VIP's /32 to that host so containers anywhere reach it, as the
 * l2bridge article's load balancer needs. Pure checks and naming.
 */
import { cidrContains } from "../provider/validate/cidr";
import { ipv4Problem } from "../provider/validate/cidrRules";
import type { RoutedHost } from "./azureRouteTableTypes";
import { hostLabel } from "./routedHostValidation";

/** The /32 prefix of a VIP. */
export function vipPrefix(vip: string): string {
    return `${vip}/32`;
}

/**
 * Checks every host's `loadBalancerVips`: addresses, outside every container subnet, not a host
 * address, each served by one host only.
 * @returns every problem found
 */
export function validateLoadBalancerVips(hosts: readonly RoutedHost[]): string[] {
    const problems: string[] = [];
    const owners = new Map<string, string>();
    (Array.isArray(hosts) ? hosts : []).forEach((host, index) => {
        const label = hostLabel(host, index);
        const vips = host.loadBalancerVips ?? [];
        if (!Array.isArray(vips)) {
            problems.push(
                `${label}.loadBalancerVips: is not a list; give a list of addresses, such as ["10.0.0.100"]`,
            );
            return;
        }
        vips.forEach((vip, vipIndex) => {
            const path = `${label}.loadBalancerVips[${vipIndex}]`;
            const bad =
                typeof vip === "string"
                    ? ipv4Problem(path, vip)
                    : `${path}: is not a string; give an IPv4 address, such as 10.0.0.100`;
            if (bad) {
                problems.push(bad);
                return;
            }
            const subnetHost = hosts.find(
                (other) =>
                    typeof other.containerSubnet === "string" &&
                    cidrContains(other.containerSubnet, vip),
            );
            if (subnetHost) {
                problems.push(
                    `${path}: ${vip} lies in the container subnet ${subnetHost.containerSubnet} of host "${subnetHost.name}", which is routed already; pick a VIP outside every container subnet`,
                );
                return;
            }
            const addressHost = hosts.find((other) => other.hostIp === vip);
            if (addressHost) {
                problems.push(
                    `${path}: ${vip} is the address of host "${addressHost.name}", which every host reaches already; leave it out of loadBalancerVips`,
                );
                return;
            }
            const owner = owners.get(vip);
            if (owner !== undefined) {
                problems.push(
                    `${path}: ${vip} is also served by host "${owner}"; one host serves each VIP`,
                );
                return;
            }
            owners.set(vip, String(host.name));
        });
    });
    return problems;
}
