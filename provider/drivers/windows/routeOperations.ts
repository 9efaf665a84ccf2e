/**
 * Route sets on a Windows host: New-NetRoute/Remove-NetRoute per store, planned in TypeScript. A
 * prefix another set records is refused, and its routes are never removed by this set.
 */
import { RouteSetSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { WindowsHostContext } from "./hostContext";
import { findRecord, recordData, RouteView } from "./hostViews";
import { refuseClaimedPrefixes, withoutOthersRoutes } from "./routeOwnership";
import {
    InstalledRoute,
    observeRouteSetIn,
    planRouteChanges,
    resolveRoutes,
    RouteSetRecordData,
    routeSetName,
} from "./routeSetObservation";

function params(spec: RouteSetSpec): Record<string, unknown> {
    return {
        name: routeSetName(spec),
        prefixes: spec.routes.map((r) => r.destinationPrefix),
        nextHops: spec.interface === undefined ? spec.routes.map((r) => r.nextHop) : [],
    };
}

/** The route set's observation. */
export async function observeRouteSet(
    context: WindowsHostContext,
    spec: RouteSetSpec,
): Promise<Observation<"routeSet"> | null> {
    return observeRouteSetIn(await context.invoke<RouteView>("observeRoutes", params(spec)), spec);
}

/** Make the host's routes match `spec` (or remove them all with `remove`). */
export async function applyRouteSet(
    context: WindowsHostContext,
    spec: RouteSetSpec,
    remove: boolean,
): Promise<Observation<"routeSet"> | null> {
    const before = await context.invoke<RouteView>("observeRoutes", params(spec));
    const recorded =
        recordData<RouteSetRecordData>(findRecord(before.records, "routeSet", routeSetName(spec)))
            .routes ?? [];
    const name = routeSetName(spec);
    const wanted: InstalledRoute[] = remove ? [] : resolveRoutes(spec, before, context.host);
    refuseClaimedPrefixes(before.records, name, wanted, context.host);
    const persistent = spec.persistent !== false;
    const plan = planRouteChanges(wanted, persistent, recorded, before.routes);
    const record: RouteSetRecordData = { routes: wanted, persistent };
    const view = await context.invoke<RouteView>("applyRoutes", {
        ...params(spec),
        add: plan.add,
        remove: withoutOthersRoutes(before.records, name, plan.remove),
        recordData: JSON.stringify(record),
        deleteRecord: remove,
    });
    return remove ? null : observeRouteSetIn(view, spec);
}
