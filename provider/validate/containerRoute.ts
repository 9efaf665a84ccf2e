/**
 * Check of `ContainerRoute` inputs.
 */
import type { RouteEntry } from "../model/containerRoute";
import { cidrContains } from "./cidr";
import { canonicalCidrProblem, ipv4Problem } from "./cidrRules";
import { withoutUndefined } from "./fields";
import { problem } from "./messages";
import { interfaceAliasProblem, objectNameProblem } from "./names";
import { routeMetricRange } from "./ports";
import type { CheckOutcome } from "./shared";
import { known, readHostBound, startReading } from "./shared";
import { containerRouteDefaults } from "../model/defaults";

/** Validate and normalise `ContainerRoute` inputs. */
export function checkContainerRoute(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const name =
        reader.string("name", raw.name, "l2bridge", (path, value) =>
            objectNameProblem(path, value, undefined, "l2bridge"),
        ) ?? (raw.name === undefined ? containerRouteDefaults.name : undefined);
    if (raw.routes === undefined || raw.routes === null) {
        reader.missing(
            "routes",
            'set it to a list such as [{ destinationPrefix: "10.244.4.0/24", nextHop: "10.0.0.5" }] (may be empty)',
        );
    }
    const seen = new Map<string, string>();
    const routes = reader.list(
        "routes",
        raw.routes,
        "a list of { destinationPrefix, nextHop }",
        (path, value) => {
            const entry = reader.object(path, value, "an object { destinationPrefix, nextHop }");
            if (!entry) {
                if (value === null || value === undefined) {
                    reader.missing(path, "remove the empty entry");
                }
                return undefined;
            }
            const destinationPrefix = reader.requiredString(
                `${path}.destinationPrefix`,
                entry.destinationPrefix,
                "10.244.4.0/24",
                canonicalCidrProblem,
            );
            const nextHop = reader.requiredString(
                `${path}.nextHop`,
                entry.nextHop,
                "10.0.0.5",
                ipv4Problem,
            );
            if (known(destinationPrefix)) {
                const first = seen.get(destinationPrefix);
                if (first) {
                    reader.add(
                        problem(
                            `${path}.destinationPrefix`,
                            destinationPrefix,
                            `is already routed by ${first}`,
                            "list each prefix once",
                        ),
                    );
                } else {
                    seen.set(destinationPrefix, path);
                }
                if (known(nextHop) && cidrContains(destinationPrefix, nextHop)) {
                    reader.add(
                        problem(
                            `${path}.nextHop`,
                            nextHop,
                            `is inside its own destination ${destinationPrefix}`,
                            "use the address of the host that owns that subnet",
                        ),
                    );
                }
            }
            return withoutUndefined({
                destinationPrefix,
                nextHop,
                metric: reader.integer(`${path}.metric`, entry.metric, routeMetricRange),
            }) as RouteEntry;
        },
    );
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            name,
            routes,
            interface: reader.string("interface", raw.interface, "Ethernet", interfaceAliasProblem),
            persistent: reader.boolean(
                "persistent",
                raw.persistent,
                containerRouteDefaults.persistent,
            ),
        }),
        problems: reader.problems,
    };
}
