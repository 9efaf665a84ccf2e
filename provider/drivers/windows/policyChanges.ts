/**
 * Which endpoint policies a change removes and adds, decided from what HNS returned: the host only
 * applies the lists (HcnModifyEndpoint, ResourceType Policy, a Remove then an Add). HNS removes a
 * policy by its content, so each removal is the observed policy object itself.
 *
 * An ownership rule says which of the endpoint's policies belong to the change (all OutBoundNAT
 * policies of a ContainerEndpoint, the `l2b:` ACL rules, the PortMapping of one host port, the
 * route of one VIP); every other policy stays. A desired policy already on the endpoint among the
 * owned ones is neither removed nor added again.
 */
import type { HcnPolicy } from "./hcnTypes";
import type { RawPolicy } from "./rawHcn";

/** Which observed policies a change owns (and so may remove). */
export type PolicyOwnership = (policy: RawPolicy) => boolean;

/** The exact lists a policy change sends to HNS. */
export interface PolicyChanges {
    /** Observed policies to remove, as HNS returned them. */
    remove: RawPolicy[];
    /** Policies to add, as composed. */
    add: HcnPolicy[];
}

/**
 * A value in a form that compares HNS's spelling with ours: keys sorted, absent, null and empty
 * lists alike, numbers and booleans equal to the same text (HNS returns some numbers as text).
 */
function comparable(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(comparable);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
                .filter(([, v]) => v !== null && v !== undefined)
                .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(([k, v]) => [k, comparable(v)]),
        );
    }
    return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}

/** Whether two policies are the same: type ignoring case, settings as `comparable` reads them. */
export function samePolicy(a: HcnPolicy | RawPolicy, b: HcnPolicy | RawPolicy): boolean {
    return (
        a.Type.toLowerCase() === b.Type.toLowerCase() &&
        JSON.stringify(comparable(a.Settings ?? {})) ===
            JSON.stringify(comparable(b.Settings ?? {}))
    );
}

/**
 * The removals and additions that leave exactly `desired` among the owned policies of `observed`:
 * owned policies not desired are removed (each once, as observed), desired ones not already owned
 * there are added, in the order given.
 */
export function policyChanges(
    observed: RawPolicy[],
    desired: HcnPolicy[],
    owns: PolicyOwnership,
): PolicyChanges {
    const owned = observed.filter(owns);
    const kept = new Set<RawPolicy>();
    const add: HcnPolicy[] = [];
    for (const policy of desired) {
        const present = owned.find(
            (candidate) => !kept.has(candidate) && samePolicy(candidate, policy),
        );
        if (present) {
            kept.add(present);
        } else {
            add.push(policy);
        }
    }
    return { remove: owned.filter((policy) => !kept.has(policy)), add };
}

/** Owns every policy of `type` (OutBoundNAT on a ContainerEndpoint of this package). */
export function ownsType(type: string): PolicyOwnership {
    return (policy) => policy.Type.toLowerCase() === type.toLowerCase();
}

/** Owns the policies of `type` whose settings hold each of `settings` (compared as text). */
export function ownsMatching(type: string, settings: Record<string, unknown>): PolicyOwnership {
    return (policy) =>
        ownsType(type)(policy) &&
        Object.entries(settings).every(
            ([key, value]) => String(policy.Settings[key]) === String(value),
        );
}

/** Owns the ACL policies whose `Id` starts with `prefix` (this package's `l2b:` rules). */
export function ownsAclIdPrefix(prefix: string): PolicyOwnership {
    return (policy) =>
        ownsType("ACL")(policy) && String(policy.Settings["Id"] ?? "").startsWith(prefix);
}
