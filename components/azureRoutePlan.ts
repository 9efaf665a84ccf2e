/** The pure plan of an `AzureRouteTable`: one VirtualAppliance route per host, named from the host. */
import type { AzureRoutePlanEntry, RoutedHost } from "./azureRouteTableTypes";
import { vipPrefix } from "./loadBalancerVips";

/** Deterministic route name: `<host>-<prefix with "." and "/" as "-">`, such as `win1-10-244-1-0-24`. */
export function azureRouteName(host: RoutedHost): string {
    return `${host.name}-${host.containerSubnet.replace(/[./]/g, "-")}`;
}

/**
 * Per host: its container subnet via its host IP, then a /32 route per load balancer VIP it serves
 * (named `<host>-vip-<address with "." as "-">`). Hosts must be valid.
 */
export function planAzureRoutes(hosts: readonly RoutedHost[]): AzureRoutePlanEntry[] {
    return hosts.flatMap((host) => [
        {
            name: azureRouteName(host),
            addressPrefix: host.containerSubnet,
            nextHopType: "VirtualAppliance" as const,
            nextHopIpAddress: host.hostIp,
        },
        ...(host.loadBalancerVips ?? []).map((vip) => ({
            name: `${host.name}-vip-${vip.replace(/\./g, "-")}`,
            addressPrefix: vipPrefix(vip),
            nextHopType: "VirtualAppliance" as const,
            nextHopIpAddress: host.hostIp,
        })),
    ]);
}
