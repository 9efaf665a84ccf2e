/**
 * ContainerRoute on Linux: `ip route` entries towards remote container subnets, installed with the
 * package's route protocol number. The destinations of each named set are recorded in the host's
 * state directory, so sets never claim each other's routes and a route deleted out of band shows as
 * missing. A prefix belongs to one set per host: a set asking for a prefix another set lists is
 * refused under the host lock, naming the owner, and removing a set never deletes a route another
 * set lists.
 */
import type { RouteEntry } from "../../model/containerRoute";
import type { ContainerRouteSpec } from "../../model/kinds";
import type { ApplyOp, Observation } from "../hostDriver";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import type { IpRoute } from "./ipJson";
import { parseRoutes } from "./ipJson";
import type { LinuxKind } from "./linuxKind";
import { nftAddress, nftInterface } from "./nftText";
import { withoutUndefined } from "./observedValue";
import { routeProtocol } from "./ownership";

function setName(spec: ContainerRouteSpec): string {
    const name = spec.name ?? "l2bridge";
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name) || name.startsWith(".")) {
        throw new Error(
            `name ${JSON.stringify(name)} is not a route set name; use up to 64 letters, digits, '-', '_' or '.'`,
        );
    }
    return name;
}

/** First line of a set's member file, so an empty set still exists. */
const membersHeader = "# pulumi-l2bridge route set";

/**
 * `owner_of DESTINATION` prints the name of another set of this host whose member file lists
 * DESTINATION (matched as a fixed whole line) and succeeds, or fails when no other set claims it.
 */
const ownerOf = `owner_of() {
    for l2b_f in "$D"/routes-*; do
        [ -f "$l2b_f" ] && [ "$l2b_f" != "$D/routes-$P_name" ] || continue
        if grep -qxF -e "$1" "$l2b_f"; then printf '%s' "\${l2b_f##*/routes-}"; return 0; fi
    done
    return 1
}
`;

const observeScript = `${prelude}
D=$(state_dir)
section routes; ip -j route show proto "$P_protocol"
section members; cat "$D/routes-$P_name" 2>/dev/null || true
section claims
for f in "$D"/routes-*; do
    [ -f "$f" ] && [ "$f" != "$D/routes-$P_name" ] || continue
    grep -v '^#' "$f" | while read -r destination; do printf '%s %s\n' "$destination" "\${f##*/routes-}"; done
done
`;

const convergeScript = `${prelude}lock_host

D=$(state_dir)
${ownerOf}
printf '%s' "$P_install" | while read -r destination via metric device; do
    [ -n "$destination" ] || continue
    if owner=$(owner_of "$destination"); then
        echo "route set \\"$owner\\" on this host already routes $destination; a prefix belongs to one ContainerRoute per host: leave $destination out of routes here or remove it from \\"$owner\\"" >&2
        exit 3
    fi
    foreign=$(ip -o route show exact "$destination" | grep -v " proto $P_protocol" || true)
    if [ -n "$foreign" ]; then
        echo "a route to $destination exists that this package did not create ($foreign); remove it or leave $destination out of routes" >&2
        exit 3
    fi
done
printf '%s' "$P_delete" | while read -r destination; do
    [ -n "$destination" ] || continue
    owner_of "$destination" >/dev/null && continue
    ip route del "$destination" proto "$P_protocol" 2>/dev/null || true
done
printf '%s' "$P_install" | while read -r destination via metric device; do
    [ -n "$destination" ] || continue
    if [ "$device" = - ]; then
        ip route replace "$destination" via "$via" metric "$metric" proto "$P_protocol"
    else
        ip route replace "$destination" via "$via" dev "$device" metric "$metric" proto "$P_protocol"
    fi
done
printf '%s' "$P_members" > "$D/routes-$P_name"
`;

const removeScript = `${prelude}lock_host

D=$(state_dir)
${ownerOf}
{ grep -v '^#' "$D/routes-$P_name" 2>/dev/null || true; } | while read -r destination; do
    [ -n "$destination" ] || continue
    owner_of "$destination" >/dev/null && continue
    ip route del "$destination" proto "$P_protocol" 2>/dev/null || true
done
rm -f "$D/routes-$P_name"
`;

function params(spec: ContainerRouteSpec): Record<string, string> {
    return { name: setName(spec), protocol: String(routeProtocol) };
}

/** One `ip route` line of the install list: destination, next hop, metric, device or `-`. */
export function installLine(route: RouteEntry, device: string | undefined): string {
    const metric = route.metric ?? 0;
    if (!Number.isInteger(metric) || metric < 0) {
        throw new Error(
            `routes metric ${JSON.stringify(route.metric)} of ${route.destinationPrefix} is not a whole number >= 0`,
        );
    }
    return [
        nftAddress("routes.destinationPrefix", route.destinationPrefix),
        nftAddress(`routes nextHop of ${route.destinationPrefix}`, route.nextHop),
        String(metric),
        device === undefined ? "-" : nftInterface("interface", device).slice(1, -1),
    ].join(" ");
}

function sameRoute(
    observed: RouteEntry | undefined,
    desired: RouteEntry,
    observedDevice: string | undefined,
    device: string | undefined,
): boolean {
    return (
        observed !== undefined &&
        observed.nextHop === desired.nextHop &&
        (observed.metric ?? 0) === (desired.metric ?? 0) &&
        (device === undefined || observedDevice === device)
    );
}

/**
 * Destinations that other sets of the host list as members, with the owning set's name, from the
 * `claims` section (`<destination> <set>` per line). A route with our protocol number to such a
 * destination is that set's, never this one's.
 */
export function claimsOfOtherSets(text: string): Map<string, string> {
    const claims = new Map<string, string>();
    for (const line of text.split("\n")) {
        const [destination, owner] = line.trim().split(" ");
        if (destination && owner && !claims.has(destination)) {
            claims.set(destination, owner);
        }
    }
    return claims;
}

/** The route set kind. */
export const containerRouteKind: LinuxKind<"containerRoute"> = {
    observe(spec) {
        return { script: observeScript, params: params(spec) };
    },
    read(spec, sections): Observation<"containerRoute"> | null {
        const ours = parseRoutes(sections.get("routes") ?? "");
        const membersText = sections.get("members") ?? "";
        const members = membersText
            .split("\n")
            .filter((line) => line !== "" && !line.startsWith("#"));
        const others = claimsOfOtherSets(sections.get("claims") ?? "");
        const claimed = [
            ...spec.routes.map((route) => route.destinationPrefix),
            ...members.filter(
                (member) => !spec.routes.some((route) => route.destinationPrefix === member),
            ),
        ].filter((destination) => members.includes(destination) || !others.has(destination));
        const found: IpRoute[] = claimed
            .map((destination) => ours.find((route) => route.destination === destination))
            .filter((route): route is IpRoute => route !== undefined);
        if (found.length === 0 && membersText === "") {
            return null;
        }
        const routes: RouteEntry[] = found.map((route) => {
            const wanted = spec.routes.find(
                (entry) => entry.destinationPrefix === route.destination,
            );
            return withoutUndefined({
                destinationPrefix: route.destination,
                nextHop: route.gateway,
                metric:
                    wanted?.metric === undefined && route.metric === 0 ? undefined : route.metric,
            });
        });
        const devices = [...new Set(found.map((route) => route.device))];
        const state = withoutUndefined({
            name: spec.name,
            routes,
            interface:
                spec.interface === undefined ? undefined : devices.length === 1 ? devices[0] : "",
            persistent: spec.persistent,
        });
        return {
            id: setName(spec),
            owned: true,
            state,
            details: { resolvedInterface: devices.join(",") },
        };
    },
    converge(op: ApplyOp<"containerRoute">): HostCall {
        const spec = op.desired;
        const observedRoutes = op.observed?.state.routes ?? [];
        const observedDevices = String(op.observed?.details.resolvedInterface ?? "");
        const observedDevice = observedDevices.includes(",") ? undefined : observedDevices;
        const install = spec.routes.filter(
            (route) =>
                !sameRoute(
                    observedRoutes.find(
                        (entry) => entry.destinationPrefix === route.destinationPrefix,
                    ),
                    route,
                    observedDevice,
                    spec.interface,
                ),
        );
        const remove = observedRoutes.filter(
            (route) =>
                !spec.routes.some((entry) => entry.destinationPrefix === route.destinationPrefix),
        );
        return {
            script: convergeScript,
            params: {
                ...params(spec),
                delete: remove.map((route) => `${route.destinationPrefix}\n`).join(""),
                install: install.map((route) => `${installLine(route, spec.interface)}\n`).join(""),
                members: `${membersHeader}\n${spec.routes.map((route) => `${route.destinationPrefix}\n`).join("")}`,
            },
        };
    },
    remove(op: ApplyOp<"containerRoute">): HostCall {
        return { script: removeScript, params: params(op.desired) };
    },
};
