/**
 * Who owns a destination prefix among the route sets of one Windows host, decided from the
 * ownership records the route observation carries (every set's record, not only the asked one). A
 * prefix belongs to one set per host: another set asking for it is refused naming the owner, and a
 * set never removes a route whose prefix another set records.
 */
import type { HostRecord } from "./hostViews";
import { recordData } from "./hostViews";
import type { InstalledRoute, RouteChange, ContainerRouteRecordData } from "./kinds/containerRoute";

/** A prefix that another route set of the host already records. */
export interface PrefixClaim {
    destinationPrefix: string;
    /** Name of the route set that records it. */
    owner: string;
}

/** The prefixes recorded by route sets other than `setName`, each with its first owner. */
export function prefixesOfOtherSets(records: HostRecord[], setName: string): Map<string, string> {
    const owners = new Map<string, string>();
    for (const record of records) {
        if (record.kind !== "containerRoute" || record.name === setName) {
            continue;
        }
        for (const route of recordData<ContainerRouteRecordData>(record).routes ?? []) {
            if (!owners.has(route.destinationPrefix)) {
                owners.set(route.destinationPrefix, record.name);
            }
        }
    }
    return owners;
}

/** The prefixes of `prefixes` that another set than `setName` records, in the order given. */
export function claimedPrefixes(
    records: HostRecord[],
    setName: string,
    prefixes: string[],
): PrefixClaim[] {
    const owners = prefixesOfOtherSets(records, setName);
    return prefixes
        .filter((prefix, index) => owners.has(prefix) && prefixes.indexOf(prefix) === index)
        .map((destinationPrefix) => ({
            destinationPrefix,
            owner: owners.get(destinationPrefix)!,
        }));
}

/** Throws when set `setName` wants a prefix another set of `host` records, naming the owner. */
export function refuseClaimedPrefixes(
    records: HostRecord[],
    setName: string,
    wanted: Pick<InstalledRoute, "destinationPrefix">[],
    host: string,
): void {
    const claims = claimedPrefixes(
        records,
        setName,
        wanted.map((route) => route.destinationPrefix),
    );
    if (claims.length === 0) {
        return;
    }
    const listed = claims
        .map((claim) => `${claim.destinationPrefix} (route set ${JSON.stringify(claim.owner)})`)
        .join(", ");
    throw new Error(
        `routes: route set ${JSON.stringify(setName)} asks for ${listed}, already routed on host ` +
            `${host} by another ContainerRoute; a prefix belongs to one ContainerRoute per host. ` +
            `Fix: leave it out of this set's routes, or remove it from the owning set first.`,
    );
}

/** `changes` without the removals of routes whose prefix another set than `setName` records. */
export function withoutOthersRoutes(
    records: HostRecord[],
    setName: string,
    changes: RouteChange[],
): RouteChange[] {
    const owners = prefixesOfOtherSets(records, setName);
    return changes.filter((change) => !owners.has(change.destinationPrefix));
}
