/**
 * Check of `HnsLoadBalancer` inputs.
 */
import { ipv4Problem } from "./cidrRules";
import { canonicalEndpointId, endpointIdExample, endpointIdProblem } from "./endpointReference";
import { withoutUndefined } from "./fields";
import { problem } from "./messages";
import { linuxInterfaceNameProblem, objectNameProblem } from "./names";
import { portRange } from "./ports";
import type { CheckOutcome } from "./shared";
import { known, readHostBound, startReading } from "./shared";
import { hnsLoadBalancerDefaults } from "../model/defaults";

/** Validate and normalise `HnsLoadBalancer` inputs. */
export function checkHnsLoadBalancer(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const name = reader.requiredString("name", raw.name, "web-lb", (path, value) =>
        objectNameProblem(path, value, undefined, "web-lb"),
    );
    const network = reader.requiredString("network", raw.network, "cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "cbr0"),
    );
    const frontendVip = reader.requiredString(
        "frontendVip",
        raw.frontendVip,
        "10.96.0.10",
        ipv4Problem,
    );
    const protocol = reader.choice(
        "protocol",
        raw.protocol,
        ["tcp", "udp"] as const,
        hnsLoadBalancerDefaults.protocol,
    );
    const frontendPort = reader.requiredInteger("frontendPort", raw.frontendPort, {
        ...portRange,
        example: 80,
    });
    const backendPort =
        raw.backendPort === undefined
            ? frontendPort
            : reader.integer("backendPort", raw.backendPort, portRange);
    const idsGiven = Array.isArray(raw.backendEndpointIds) && raw.backendEndpointIds.length > 0;
    const idsUnknown =
        raw.backendEndpointIds !== undefined && !Array.isArray(raw.backendEndpointIds);
    if ((raw.backends === undefined || raw.backends === null) && !idsGiven && !idsUnknown) {
        reader.missing("backends", 'set it to the backend addresses, such as ["10.244.3.10"]');
    }
    const seen = new Map<string, string>();
    const backends = reader.stringList("backends", raw.backends, "10.244.3.10", (path, value) => {
        const syntax = ipv4Problem(path, value);
        if (syntax) {
            return syntax;
        }
        const first = seen.get(value);
        if (first) {
            return problem(path, value, `is already listed as ${first}`, "list each backend once");
        }
        seen.set(value, path);
        return undefined;
    });
    if (Array.isArray(raw.backends) && raw.backends.length === 0 && !idsGiven && !idsUnknown) {
        reader.add(
            'backends: [] is empty; list at least one backend address, such as ["10.244.3.10"]',
        );
    }
    const seenIds = new Map<string, string>();
    let backendEndpointIds = reader.stringList(
        "backendEndpointIds",
        raw.backendEndpointIds,
        endpointIdExample,
        (path, value) => {
            const syntax = endpointIdProblem(path, value);
            if (syntax) {
                return syntax;
            }
            const id = canonicalEndpointId(value) ?? value;
            const first = seenIds.get(id);
            if (first) {
                return problem(path, value, `is already listed as ${first}`, "list each ID once");
            }
            seenIds.set(id, path);
            return undefined;
        },
    );
    if (known(backendEndpointIds)) {
        backendEndpointIds = backendEndpointIds.map((id) => canonicalEndpointId(id) ?? id);
        if (backendEndpointIds.length > 0 && known(connection) && connection.os === "linux") {
            reader.add(
                problem(
                    "backendEndpointIds",
                    backendEndpointIds,
                    "are HNS endpoint IDs, which only Windows hosts have",
                    "on a Linux host list the backends' addresses in backends",
                ),
            );
            backendEndpointIds = undefined;
        }
    }
    if (known(frontendVip) && known(backends) && backends.includes(frontendVip)) {
        reader.add(
            problem("frontendVip", frontendVip, "is also a backend", "use a separate virtual IP"),
        );
    }
    const directServerReturn = reader.boolean(
        "directServerReturn",
        raw.directServerReturn,
        hnsLoadBalancerDefaults.directServerReturn,
    );
    if (directServerReturn === true && known(connection) && connection.os === "linux") {
        reader.add(
            problem(
                "directServerReturn",
                true,
                "is not available on Linux hosts",
                "set it to false",
            ),
        );
    }
    const vipRoutes = reader.boolean("vipRoutes", raw.vipRoutes, hnsLoadBalancerDefaults.vipRoutes);
    if (vipRoutes === false && known(connection) && connection.os === "linux") {
        reader.add(
            problem(
                "vipRoutes",
                false,
                "is not available on Linux hosts (containers reach the VIP on the bridge; there is no per-endpoint route to turn off)",
                "remove vipRoutes",
            ),
        );
    }
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            name,
            network,
            frontendVip,
            protocol,
            frontendPort,
            backendPort,
            backends,
            backendEndpointIds,
            sourceVip: reader.string("sourceVip", raw.sourceVip, "10.244.3.2", ipv4Problem),
            internal: reader.boolean("internal", raw.internal, hnsLoadBalancerDefaults.internal),
            directServerReturn,
            localRoutedVip: reader.boolean(
                "localRoutedVip",
                raw.localRoutedVip,
                hnsLoadBalancerDefaults.localRoutedVip,
            ),
            vipRoutes,
        }),
        problems: reader.problems,
    };
}
