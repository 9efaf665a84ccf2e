/** The pure plan of an `AzureRouteTable`: one VirtualAppliance route per host, named from the host. */
import { AzureRoutePlanEntry, RoutedHost } from "./azureRouteTableTypes";

/** Deterministic route name: `<host>-<prefix with "." and "/" as "-">`, such as `win1-10-244-1-0-24`. */
export function azureRouteName(host: RoutedHost): string {
    return `${host.name}-${host.containerSubnet.replace(/[./]/g, "-")}`;
}

/** One route per host: its container subnet via its host IP. Hosts must be valid. */
export function planAzureRoutes(hosts: readonly RoutedHost[]): AzureRoutePlanEntry[] {
    return hosts.map((host) => ({
        name: azureRouteName(host),
        addressPrefix: host.containerSubnet,
        nextHopType: "VirtualAppliance",
        nextHopIpAddress: host.hostIp,
    }));
}
