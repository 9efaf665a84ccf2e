/**
 * HnsLoadBalancer on Linux: the VIP as a /32 on the network's bridge (unless it is already a local
 * address), DNAT over the backends with `numgen inc` (round robin) in prerouting and, for local
 * access, output, and SNAT of the balanced connections (masquerade, or `sourceVip`) so replies from
 * backends on other hosts come back through this host. Each load balancer has its own nft table.
 *
 * A backend inside one of this host's networks must be an endpoint that answers on this host
 * (whoever made it: this package, Docker, a CNI plugin; see `endpointProbe`); one outside them is a
 * backend on another host. Endpoints are never changed.
 */
import type { HnsLoadBalancerSpec } from "../../model/kinds";
import { backendProblem, joinedProblems } from "../foreignEndpoints";
import type { ApplyOp, Observation } from "../hostDriver";
import { findEndpointsFunction, findEndpointsParams, findingFor } from "./endpointProbe";
import type { ClaimText } from "./claims";
import { claimFunction, claimParams } from "./claims";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import type { LinuxKind } from "./linuxKind";
import {
    decodeMapValues,
    hasStatement,
    metaMatch,
    parseNftTable,
    payloadMatch,
    rulesOf,
    statementOf,
} from "./nftJson";
import {
    deleteTable,
    nftAddress,
    nftComment,
    nftInterface,
    nftPort,
    nftProtocol,
    replaceTable,
} from "./nftText";
import { reportAs, withoutUndefined } from "./observedValue";
import { tableName } from "./ownership";

function table(spec: HnsLoadBalancerSpec): string {
    return tableName("lb", spec.name);
}

/** The load balancer's table. */
export function loadBalancerTableText(spec: HnsLoadBalancerSpec): string {
    const backends = spec.backends ?? [];
    if (backends.length === 0) {
        throw new Error(
            `backends of load balancer ${spec.name} is empty; list at least one backend address`,
        );
    }
    const protocol = nftProtocol("protocol", spec.protocol ?? "tcp");
    const vip = nftAddress("frontendVip", spec.frontendVip);
    const frontendPort = nftPort("frontendPort", spec.frontendPort);
    const backendPort = nftPort("backendPort", spec.backendPort ?? spec.frontendPort);
    const map = backends
        .map((backend, index) => `${index} : ${nftAddress(`backends[${index}]`, backend)}`)
        .join(", ");
    const balance = `${protocol} dport ${frontendPort} dnat to numgen inc mod ${backends.length} map { ${map} } : ${backendPort}`;
    const onlyContainers = spec.internal ? `iifname ${nftInterface("network", spec.network)} ` : "";
    const snat = spec.sourceVip
        ? `snat to ${nftAddress("sourceVip", spec.sourceVip)}`
        : "masquerade";
    const chains = [
        {
            name: "prerouting",
            base: "type nat hook prerouting priority dstnat - 10; policy accept;",
            rules: [`ip daddr ${vip} ${onlyContainers}${balance} ${nftComment("frontend")}`],
        },
        {
            name: "postrouting",
            base: "type nat hook postrouting priority srcnat - 10; policy accept;",
            rules: [`ct status dnat ct original ip daddr ${vip} ${snat} ${nftComment("snat")}`],
        },
    ];
    if (spec.localRoutedVip ?? true) {
        chains.push({
            name: "output",
            base: "type nat hook output priority -110; policy accept;",
            rules: [`ip daddr ${vip} ${balance} ${nftComment("local")}`],
        });
    }
    return replaceTable("ip", table(spec), chains);
}

const observeScript = `${prelude}${findEndpointsFunction}
section table; nft -j list table ip "$P_table" 2>/dev/null || true
section vip; ip -o addr show to "$P_vip/32" 2>/dev/null || true
if [ -n "$P_addresses" ]; then find_endpoints "$P_addresses"; fi
`;

const prepareScript = `${prelude}${findEndpointsFunction}
find_endpoints "$P_addresses"
`;

const convergeScript = `${prelude}lock_host
${claimFunction}
if ! ip link show dev "$P_network" >/dev/null 2>&1; then
    echo "network bridge $P_network does not exist on this host; create the L2BridgeNetwork first" >&2
    exit 3
fi
D=$(state_dir)
claim lb ip "$P_table" "$P_claimA" "$P_claimB" "$P_claimC" "$P_claimOwner" "$P_claimProblem" "$P_claimFix"
if [ -z "$(ip -o addr show to "$P_vip/32")" ]; then ip addr add "$P_vip/32" dev "$P_network"; fi
printf '%s' "$P_nft" | nft -f -
`;

const removeScript = `${prelude}lock_host

printf '%s' "$P_nft" | nft -f -
rm -f "$(state_dir)/claim-lb-$P_table"
if ip link show dev "$P_network" >/dev/null 2>&1; then
    ip addr del "$P_vip/32" dev "$P_network" 2>/dev/null || true
fi
`;

function params(spec: HnsLoadBalancerSpec): Record<string, string> {
    if (spec.directServerReturn) {
        throw new Error(
            `directServerReturn of load balancer ${spec.name} is not available on Linux hosts; set it to false`,
        );
    }
    if ((spec.backendEndpointIds ?? []).length > 0) {
        throw new Error(
            `backendEndpointIds of load balancer ${spec.name} are HNS endpoint IDs, which only Windows hosts have; list the backends' addresses in backends`,
        );
    }
    return { table: table(spec), vip: spec.frontendVip, network: spec.network };
}

/** What a load balancer holds on its host: its frontend (protocol, VIP and port). */
export function loadBalancerClaim(spec: HnsLoadBalancerSpec): ClaimText {
    const protocol = spec.protocol ?? "tcp";
    return {
        words: [protocol, `${spec.frontendVip}:${spec.frontendPort}`, "-"],
        owner: spec.name,
        problem: `frontendVip: ${spec.frontendVip} port ${spec.frontendPort}/${protocol} is already balanced on this host by HnsLoadBalancer`,
        fix: "choose another frontendVip or frontendPort, or remove that load balancer first",
    };
}

/** The message for each backend that is not usable from this host, by backend address. */
function backendProblems(
    spec: HnsLoadBalancerSpec,
    sections: Map<string, string>,
    host: string,
): Map<string, string> {
    const problems = new Map<string, string>();
    (spec.backends ?? []).forEach((address, index) => {
        const problem = backendProblem(
            { className: "HnsLoadBalancer", host },
            `backends[${index}]`,
            address,
            findingFor(sections, address),
        );
        if (problem !== undefined) {
            problems.set(address, problem);
        }
    });
    return problems;
}

/** The load balancer kind. */
export const hnsLoadBalancerKind: LinuxKind<"hnsLoadBalancer"> = {
    observe(spec) {
        return {
            script: observeScript,
            params: { ...params(spec), ...findEndpointsParams(spec.backends ?? []) },
        };
    },
    prepare(spec) {
        return { script: prepareScript, params: findEndpointsParams(spec.backends ?? []) };
    },
    read(spec, sections, host = "?"): Observation<"hnsLoadBalancer"> | null {
        const parsed = parseNftTable(sections.get("table") ?? "");
        const frontend = parsed && rulesOf(parsed, "prerouting", "frontend")[0];
        if (!parsed || !frontend) {
            return null;
        }
        const dnat = (statementOf(frontend, "dnat") ?? {}) as { addr?: unknown; port?: unknown };
        const dport = payloadMatch(frontend, undefined, "dport");
        const vip = payloadMatch(frontend, "ip", "daddr")?.right;
        const snatRule = rulesOf(parsed, "postrouting", "snat")[0];
        const snat = snatRule && (statementOf(snatRule, "snat") as { addr?: unknown } | undefined);
        const snatOk =
            snatRule !== undefined && (snat !== undefined || hasStatement(snatRule, "masquerade"));
        const vipIsLocal = (sections.get("vip") ?? "") !== "";
        const backendPort = typeof dnat.port === "number" ? dnat.port : 0;
        const problems = backendProblems(spec, sections, host);
        const state = withoutUndefined({
            name: spec.name,
            network: spec.network,
            frontendVip: typeof vip === "string" && vipIsLocal && snatOk ? vip : "",
            protocol: reportAs(
                spec.protocol,
                (dport?.protocol ?? "tcp") as HnsLoadBalancerSpec["protocol"],
                "tcp",
            ),
            frontendPort: typeof dport?.right === "number" ? dport.right : 0,
            backendPort: reportAs(spec.backendPort, backendPort, spec.frontendPort),
            backends: decodeMapValues(dnat.addr).filter((address) => !problems.has(address)),
            backendEndpointIds: spec.backendEndpointIds,
            sourceVip: snat && typeof snat.addr === "string" ? snat.addr : undefined,
            internal: reportAs(spec.internal, metaMatch(frontend, "iifname") !== undefined, false),
            directServerReturn: reportAs(spec.directServerReturn, false, false),
            localRoutedVip: reportAs(
                spec.localRoutedVip,
                rulesOf(parsed, "output", "local").length > 0,
                true,
            ),
            vipRoutes: reportAs(spec.vipRoutes, spec.vipRoutes ?? true, true),
        });
        return {
            id: table(spec),
            owned: true,
            state,
            details: { endpointProblem: joinedProblems([...problems.values()]) },
        };
    },
    converge(
        op: ApplyOp<"hnsLoadBalancer">,
        prepared = new Map<string, string>(),
        host = "?",
    ): HostCall {
        const problems = backendProblems(op.desired, prepared, host);
        if (problems.size > 0) {
            throw new Error(joinedProblems([...problems.values()]));
        }
        return {
            script: convergeScript,
            params: {
                ...params(op.desired),
                ...claimParams(loadBalancerClaim(op.desired)),
                nft: loadBalancerTableText(op.desired),
            },
        };
    },
    remove(op: ApplyOp<"hnsLoadBalancer">): HostCall {
        return {
            script: removeScript,
            params: { ...params(op.desired), nft: deleteTable("ip", table(op.desired)) },
        };
    },
};
