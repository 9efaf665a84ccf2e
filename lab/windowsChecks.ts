/**
 * What stays a state check on an emulated Windows host, where HNS has no datapath behind it: each
 * Windows container's HCN endpoint exists with its address and sits in that container's HCN
 * namespace (read from the emulator's state on disk), every route of the host's route set is
 * listed by `Get-NetRoute` (asked over SSH through the host's long-lived pwsh; those routes are the
 * namespace's real kernel routes), and the host's load balancer is in place for containers
 * everywhere: the HCN load balancer serves the VIP, each of the host's container endpoints carries
 * the VIP route (SDNRoute `<VIP>/32` NeedEncap), and every Linux host has the real kernel route of
 * the VIP's /32 via the Windows host (the other Windows hosts' routes are in their route sets).
 */
import { sessionFor } from "../provider/transport/pool";
import { inNamespace } from "./system";
import { readHcnState } from "../tools/hcn-emulator/state";
import { namespaceOfEndpoint } from "../tools/hcn-emulator/views";
import type { Lab } from "./lab";
import type { HostTopology, Topology, WindowsContainer, WindowsVip } from "./topology";
import { vipStateKey } from "./topology";

/** One state check and whether it held. */
export interface StateCheck {
    label: string;
    ok: boolean;
    /**
     * The matrix's state cell the check stands for (a Windows container's ID, or `vip<host>`): the
     * cell reads as reached when every check of its key holds.
     */
    stateKey?: string;
}

/** True when `stateKey` has checks and every one of them holds. */
export function stateHolds(checks: StateCheck[], stateKey: string | undefined): boolean {
    const mine = checks.filter((check) => stateKey !== undefined && check.stateKey === stateKey);
    return mine.length > 0 && mine.every((check) => check.ok);
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
        stateKey: container.container,
    };
}

const getNetRoute = `@(Get-NetRoute -InterfaceAlias ([string]$Params.alias) -AddressFamily IPv4 -ErrorAction SilentlyContinue |
    ForEach-Object { [string]$_.DestinationPrefix + ' ' + [string]$_.NextHop })`;

async function routeChecks(lab: Lab, host: HostTopology): Promise<StateCheck[]> {
    const containerRoute = host.objects.find((object) => object.kind === "containerRoute");
    if (!containerRoute || containerRoute.kind !== "containerRoute") return [];
    const spec = containerRoute.spec as {
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

type Policy = { Type?: string; Settings?: { DestinationPrefix?: string; NeedEncap?: boolean } };

function vipChecks(stateDir: string, vip: WindowsVip): StateCheck[] {
    const state = readHcnState(stateDir);
    const stateKey = vipStateKey(vip.host);
    const served = state.loadBalancers.some((lb) =>
        ((lb["FrontendVIPs"] as string[] | undefined) ?? []).includes(vip.vip),
    );
    return [
        {
            label: `host${vip.host} HCN load balancer serves ${vip.vip}:${vip.port}`,
            ok: served,
            stateKey,
        },
        ...vip.endpoints.map((name) => {
            const endpoint = state.endpoints.find((e) => e["Name"] === name);
            const policies = (endpoint?.["Policies"] as Policy[] | undefined) ?? [];
            return {
                label: `host${vip.host} HCN endpoint ${name} has the VIP route ${vip.vip}/32 (SDNRoute, NeedEncap)`,
                ok: policies.some(
                    (p) =>
                        p.Type === "SDNRoute" &&
                        p.Settings?.DestinationPrefix === `${vip.vip}/32` &&
                        p.Settings.NeedEncap === true,
                ),
                stateKey,
            };
        }),
    ];
}

async function linuxVipRouteCheck(host: HostTopology, vip: WindowsVip): Promise<StateCheck> {
    const listed = JSON.parse(
        (await inNamespace(host.host.namespace, ["ip", "-j", "route", "show", `${vip.vip}/32`])) ||
            "[]",
    ) as { dst?: string; gateway?: string }[];
    return {
        label: `host${host.host.index} kernel route ${vip.vip}/32 via ${vip.hostAddress} (real route)`,
        ok: listed.some((route) => route.dst === vip.vip && route.gateway === vip.hostAddress),
        stateKey: vipStateKey(vip.host),
    };
}

/** Every state check of the emulated Windows hosts of `topology`. */
export async function windowsStateChecks(lab: Lab, topology: Topology): Promise<StateCheck[]> {
    const checks: StateCheck[] = [];
    for (const host of topology.hosts.filter((h) => h.host.os === "windows")) {
        const labHost = lab.windows.get(host.host.index);
        if (!labHost) continue;
        checks.push(...host.windowsContainers.map((c) => endpointCheck(labHost.stateDir, c)));
        checks.push(...(await routeChecks(lab, host)));
        const vip = topology.windowsVips.find((v) => v.host === host.host.index);
        if (vip) {
            checks.push(...vipChecks(labHost.stateDir, vip));
            for (const linux of topology.hosts.filter((h) => h.host.os === "linux")) {
                checks.push(await linuxVipRouteCheck(linux, vip));
            }
        }
    }
    return checks;
}
