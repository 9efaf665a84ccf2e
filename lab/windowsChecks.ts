/**
 * What stays a state check on an emulated Windows host, where HNS has no datapath behind it: each
 * Windows container's HCN endpoint exists with its address and sits in that container's HCN
 * namespace (read from the emulator's state on disk), and every route of the host's route set is
 * listed by `Get-NetRoute` (asked over SSH through the host's long-lived pwsh; those routes are the
 * namespace's real kernel routes).
 */
import { sessionFor } from "../provider/transport/pool";
import { readHcnState } from "../tools/hcn-emulator/state";
import { namespaceOfEndpoint } from "../tools/hcn-emulator/views";
import { Lab } from "./lab";
import { HostTopology, Topology, WindowsContainer } from "./topology";

/** One state check and whether it held. */
export interface StateCheck {
    label: string;
    ok: boolean;
    /** The Windows container the check is about, for the matrix's state cells. */
    container?: string;
}

type Resource = { Type?: string; Data?: { ID?: string; Id?: string } };

function endpointCheck(stateDir: string, container: WindowsContainer): StateCheck {
    const state = readHcnState(stateDir);
    const endpoint = state.endpoints.find((e) => e["Name"] === container.endpoint);
    const ips = (
        (endpoint?.["IpConfigurations"] as { IpAddress?: string }[] | undefined) ?? []
    ).map((config) => config.IpAddress);
    const namespace = endpoint ? namespaceOfEndpoint(state, endpoint.ID) : undefined;
    const holds = ((namespace?.["Resources"] as Resource[] | undefined) ?? []).some(
        (r) => r.Type === "Container" && (r.Data?.ID ?? r.Data?.Id) === container.container,
    );
    return {
        label: `host${container.host} HCN endpoint ${container.endpoint} has ${container.address} in the namespace of container ${container.container}`,
        ok: ips.includes(container.address) && holds,
        container: container.container,
    };
}

const getNetRoute = `@(Get-NetRoute -InterfaceAlias ([string]$Params.alias) -AddressFamily IPv4 -ErrorAction SilentlyContinue |
    ForEach-Object { [string]$_.DestinationPrefix + ' ' + [string]$_.NextHop })`;

async function routeChecks(lab: Lab, host: HostTopology): Promise<StateCheck[]> {
    const routeSet = host.objects.find((object) => object.kind === "routeSet");
    if (!routeSet || routeSet.kind !== "routeSet") return [];
    const spec = routeSet.spec as {
        routes: { destinationPrefix: string; nextHop: string }[];
        interface?: string;
    };
    const session = sessionFor(lab.connectionOf(host.host.index));
    const listed = JSON.parse(
        await session.invoke(getNetRoute, { alias: spec.interface ?? "Ethernet" }),
    ) as string[] | string | null;
    const lines = new Set(listed === null ? [] : Array.isArray(listed) ? listed : [listed]);
    return spec.routes.map((route) => ({
        label: `host${host.host.index} Get-NetRoute lists ${route.destinationPrefix} via ${route.nextHop}`,
        ok: lines.has(`${route.destinationPrefix} ${route.nextHop}`),
    }));
}

/** Every state check of the emulated Windows hosts of `topology`. */
export async function windowsStateChecks(lab: Lab, topology: Topology): Promise<StateCheck[]> {
    const checks: StateCheck[] = [];
    for (const host of topology.hosts.filter((h) => h.host.os === "windows")) {
        const labHost = lab.windows.get(host.host.index);
        if (!labHost) continue;
        checks.push(...host.windowsContainers.map((c) => endpointCheck(labHost.stateDir, c)));
        checks.push(...(await routeChecks(lab, host)));
    }
    return checks;
}
