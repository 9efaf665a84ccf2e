/**
 * The ContainerRoute kind on a Windows host: the route plan, its observation from Get-NetRoute
 * rows, and observe and apply.
 */
import type { WindowsKind } from "./windowsKind";
import type { RouteEntry } from "../../../model/containerRoute";
import type { ContainerRouteSpec } from "../../../model/kinds";
import type { Observation } from "../../hostDriver";
import { alignToDesired } from "../alignObserved";
import type { RouteRow, RouteView } from "../hostViews";
import { findRecord, recordData } from "../hostViews";
import { prefixesOfOtherSets, refuseClaimedPrefixes, withoutOthersRoutes } from "../routeOwnership";
import type { WindowsHostContext } from "../hostContext";

/** Default metric of a Windows route. */
export const defaultRouteMetric = 256;

/** The route set name: `name`, or `l2bridge`. */
export function containerRouteName(spec: ContainerRouteSpec): string {
    return spec.name ?? "l2bridge";
}

/** One route as installed: with its interface and metric resolved. */
export interface InstalledRoute {
    destinationPrefix: string;
    nextHop: string;
    interfaceAlias: string;
    metric: number;
}

/** What the host records about a route set. */
export interface ContainerRouteRecordData {
    /** The routes this set made (Windows routes carry no owner). */
    routes: InstalledRoute[];
    /**
     * Written by earlier versions and no longer read: whether the routes are persistent is read
     * from the route stores.
     */
    persistent?: boolean;
}

/** One New-NetRoute or Remove-NetRoute call. */
export interface RouteChange extends InstalledRoute {
    store: "ActiveStore" | "PersistentStore";
}

function sameRoute(a: Omit<InstalledRoute, "metric">, b: Omit<InstalledRoute, "metric">): boolean {
    return (
        a.destinationPrefix === b.destinationPrefix &&
        a.nextHop === b.nextHop &&
        a.interfaceAlias.toLowerCase() === b.interfaceAlias.toLowerCase()
    );
}

function inStore(
    rows: RouteRow[],
    route: Omit<InstalledRoute, "metric">,
    store: RouteRow["store"],
): RouteRow | undefined {
    return rows.find((r) => r.store === store && sameRoute(r, route));
}

/** The observation of a route set, or null when nothing of it exists on the host. */
export function observeContainerRouteIn(
    view: RouteView,
    desired: ContainerRouteSpec,
): Observation<"containerRoute"> | null {
    const name = containerRouteName(desired);
    const record = findRecord(view.records, "containerRoute", name);
    const data = recordData<ContainerRouteRecordData>(record);
    const active = view.routes.filter((r) => r.store === "ActiveStore");
    let candidates: InstalledRoute[];
    if (record) {
        candidates = data.routes ?? [];
    } else {
        const othersPrefixes = prefixesOfOtherSets(view.records, name);
        // A route another set records is that set's: never adopted as this one's.
        candidates = active.filter(
            (r) =>
                !othersPrefixes.has(r.destinationPrefix) &&
                desired.routes.some(
                    (d) => d.destinationPrefix === r.destinationPrefix && d.nextHop === r.nextHop,
                ),
        );
        if (candidates.length === 0) {
            return null;
        }
    }
    const present = candidates
        .map((c) => inStore(view.routes, c, "ActiveStore"))
        .filter((r): r is RouteRow => r !== undefined);
    const persistent =
        present.length > 0
            ? present.every((r) => inStore(view.routes, r, "PersistentStore") !== undefined)
            : (desired.persistent ?? true);
    const aliases = [...new Set(present.map((r) => r.interfaceAlias))];
    const routes: RouteEntry[] = present.map((r) => {
        const want = desired.routes.find(
            (d) => d.destinationPrefix === r.destinationPrefix && d.nextHop === r.nextHop,
        );
        const entry: RouteEntry = {
            destinationPrefix: r.destinationPrefix,
            nextHop: r.nextHop,
            metric: r.metric,
        };
        if (want && want.metric === undefined && r.metric === defaultRouteMetric) {
            delete entry.metric;
        }
        return entry;
    });
    const observed: ContainerRouteSpec = {
        name: desired.name,
        routes: sortLike(desired.routes, routes),
        interface:
            desired.interface === undefined
                ? undefined
                : aliases.length === 1
                  ? aliases[0]
                  : aliases.join(","),
        persistent,
    };
    return {
        id: `containerRoute/${name}`,
        owned: !!record,
        state: alignToDesired(desired, observed, { persistent: true }),
        details: { resolvedInterface: aliases.join(",") },
    };
}

function sortLike(desired: RouteEntry[], observed: RouteEntry[]): RouteEntry[] {
    const position = (r: RouteEntry) => {
        const i = desired.findIndex(
            (d) => d.destinationPrefix === r.destinationPrefix && d.nextHop === r.nextHop,
        );
        return i < 0 ? desired.length : i;
    };
    return [...observed].sort(
        (a, b) =>
            position(a) - position(b) || a.destinationPrefix.localeCompare(b.destinationPrefix),
    );
}

/**
 * The routes of `desired` with interface and metric resolved: `interface` when set, else the
 * interface the host uses to reach the next hop.
 */
export function resolveRoutes(
    desired: ContainerRouteSpec,
    view: RouteView,
    host: string,
): InstalledRoute[] {
    return desired.routes.map((route, index) => {
        const alias =
            desired.interface ??
            view.nextHopInterfaces.find((n) => n.nextHop === route.nextHop)?.interfaceAlias ??
            "";
        if (alias === "") {
            throw new Error(
                `routes[${index}].nextHop: host ${host} has no interface that reaches ${route.nextHop}. ` +
                    `Fix: set interface to the alias the routes leave through, or correct the next hop.`,
            );
        }
        return {
            destinationPrefix: route.destinationPrefix,
            nextHop: route.nextHop,
            interfaceAlias: alias,
            metric: route.metric ?? defaultRouteMetric,
        };
    });
}

/** The changes that turn the host's routes into `wanted` (`recorded` = what this package installed). */
export function planRouteChanges(
    wanted: InstalledRoute[],
    persistent: boolean,
    recorded: InstalledRoute[],
    rows: RouteRow[],
): { add: RouteChange[]; remove: RouteChange[] } {
    const add: RouteChange[] = [];
    const remove: RouteChange[] = [];
    const stores: RouteRow["store"][] = persistent
        ? ["ActiveStore", "PersistentStore"]
        : ["ActiveStore"];
    for (const route of wanted) {
        for (const store of stores) {
            const row = inStore(rows, route, store);
            if (row && row.metric !== route.metric) {
                remove.push({ ...route, metric: row.metric, store });
            }
            if (!row || row.metric !== route.metric) {
                add.push({ ...route, store });
            }
        }
        const persisted = inStore(rows, route, "PersistentStore");
        if (!persistent && persisted && recorded.some((r) => sameRoute(r, route))) {
            remove.push({ ...route, metric: persisted.metric, store: "PersistentStore" });
        }
    }
    for (const old of recorded) {
        if (wanted.some((w) => sameRoute(w, old))) {
            continue;
        }
        for (const store of ["ActiveStore", "PersistentStore"] as const) {
            const row = inStore(rows, old, store);
            if (row) {
                remove.push({ ...old, metric: row.metric, store });
            }
        }
    }
    return { add, remove };
}

function params(spec: ContainerRouteSpec): Record<string, unknown> {
    return {
        name: containerRouteName(spec),
        prefixes: spec.routes.map((r) => r.destinationPrefix),
        nextHops: spec.interface === undefined ? spec.routes.map((r) => r.nextHop) : [],
    };
}

/** The route set's observation. */
export async function observeContainerRoute(
    context: WindowsHostContext,
    spec: ContainerRouteSpec,
): Promise<Observation<"containerRoute"> | null> {
    const view = await context.invoke<RouteView>("observeRoutes", params(spec));
    context.views.keep(`containerRoute/${containerRouteName(spec)}`, view);
    return observeContainerRouteIn(view, spec);
}

/** Make the host's routes match `spec` (or remove them all with `remove`). */
export async function applyContainerRoute(
    context: WindowsHostContext,
    spec: ContainerRouteSpec,
    remove: boolean,
): Promise<Observation<"containerRoute"> | null> {
    const before =
        context.views.take<RouteView>(`containerRoute/${containerRouteName(spec)}`) ??
        (await context.invoke<RouteView>("observeRoutes", params(spec)));
    const recorded =
        recordData<ContainerRouteRecordData>(
            findRecord(before.records, "containerRoute", containerRouteName(spec)),
        ).routes ?? [];
    const name = containerRouteName(spec);
    const wanted: InstalledRoute[] = remove ? [] : resolveRoutes(spec, before, context.host);
    refuseClaimedPrefixes(before.records, name, wanted, context.host);
    const persistent = spec.persistent !== false;
    const plan = planRouteChanges(wanted, persistent, recorded, before.routes);
    const record: ContainerRouteRecordData = { routes: wanted };
    const view = await context.invoke<RouteView>("applyRoutes", {
        ...params(spec),
        add: plan.add,
        remove: withoutOthersRoutes(before.records, name, plan.remove),
        recordData: JSON.stringify(record),
        deleteRecord: remove,
    });
    return remove ? null : observeContainerRouteIn(view, spec);
}

/** The ContainerRoute kind's entry in the driver's table. */
export const containerRouteKind: WindowsKind<"containerRoute"> = {
    observe: observeContainerRoute,
    apply: (context, op) => applyContainerRoute(context, op.desired, op.action === "delete"),
};
