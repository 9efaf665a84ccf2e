/**
 * PortPublish on Linux: DNAT of a host port to the endpoint's address in the prerouting hook and,
 * for local access, in the output hook, plus the hairpin masquerade that lets containers on the
 * same bridge use the published port. Each mapping has its own nft table.
 *
 * The endpoint is a ContainerEndpoint of this package (`endpoint`: its address, subnet and bridge
 * are read from its marker on the host when the table is written) or an endpoint another program
 * made (`endpointIp`: found on the host by its address, see `endpointProbe`, and never changed).
 */
import type { PortPublishSpec } from "../../model/kinds";
import { endpointKey } from "../../validate/endpointReference";
import type { EndpointFinding } from "../foreignEndpoints";
import { policyEndpointProblem } from "../foreignEndpoints";
import type { ApplyOp, Observation } from "../hostDriver";
import { endpointInfoFunctions, placeholders, readEndpointLink } from "./endpointLookup";
import {
    findEndpointsFunction,
    findEndpointsParams,
    findingFor,
    networksOf,
} from "./endpointProbe";
import type { ClaimText } from "./claims";
import { claimFunction, claimParams } from "./claims";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import type { LinuxKind } from "./linuxKind";
import { hasStatement, parseNftTable, payloadMatch, rulesOf, statementOf } from "./nftJson";
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

function mappingId(spec: PortPublishSpec): string {
    return `${endpointKey(spec)}/${spec.protocol ?? "tcp"}/${spec.hostPort}`;
}

function table(spec: PortPublishSpec): string {
    return tableName("pub", mappingId(spec));
}

/** Where a mapping forwards to: the endpoint's address, its network's subnet and bridge. */
export interface PublishTarget {
    address: string;
    subnet: string;
    bridge: string;
}

/**
 * The mapping's table: towards `target` when given (each value checked as it is written), else
 * with endpoint placeholders the host fills from the endpoint's marker.
 */
export function publishTableText(spec: PortPublishSpec, target?: PublishTarget): string {
    const protocol = nftProtocol("protocol", spec.protocol ?? "tcp");
    const hostPort = nftPort("hostPort", spec.hostPort);
    const containerPort = nftPort("containerPort", spec.containerPort);
    const address = target ? nftAddress("endpointIp", target.address) : placeholders.address;
    const subnet = target
        ? nftAddress("subnet of the network", target.subnet)
        : placeholders.subnet;
    const bridge = target ? nftInterface("network", target.bridge) : `"${placeholders.bridge}"`;
    const daddr = spec.hostIp ? `ip daddr ${nftAddress("hostIp", spec.hostIp)} ` : "";
    const dnat = `${daddr}fib daddr type local ${protocol} dport ${hostPort} dnat to ${address}:${containerPort}`;
    const chains = [
        {
            name: "prerouting",
            base: "type nat hook prerouting priority dstnat; policy accept;",
            rules: [`${dnat} ${nftComment("publish")}`],
        },
    ];
    if (spec.localAccess ?? true) {
        chains.push(
            {
                name: "output",
                base: "type nat hook output priority -100; policy accept;",
                rules: [`${dnat} ${nftComment("local")}`],
            },
            {
                name: "postrouting",
                base: "type nat hook postrouting priority srcnat; policy accept;",
                rules: [
                    `oifname ${bridge} ct status dnat ip saddr ${subnet} ip daddr ${address} ${protocol} dport ${containerPort} masquerade ${nftComment("hairpin")}`,
                ],
            },
        );
    }
    return replaceTable("ip", table(spec), chains);
}

const observeScript = `${prelude}${findEndpointsFunction}
if [ -n "$P_endpoint" ]; then
    section endpoint; ip -j -d link show dev "$P_endpoint" 2>/dev/null || true
fi
section table; nft -j list table ip "$P_table" 2>/dev/null || true
if [ -n "$P_addresses" ]; then find_endpoints "$P_addresses"; fi
`;

const prepareScript = `${prelude}${findEndpointsFunction}
find_endpoints "$P_addresses"
`;

const convergeScript = `${prelude}lock_host
${endpointInfoFunctions}${claimFunction}
D=$(state_dir)
claim pub ip "$P_table" "$P_claimA" "$P_claimB" "$P_claimC" "$P_claimOwner" "$P_claimProblem" "$P_claimFix"
if [ -n "$P_endpoint" ]; then
    endpoint_info "$P_endpoint"
    fill "$P_nft" | nft -f -
else
    printf '%s' "$P_nft" | nft -f -
fi
`;

const removeScript = `${prelude}lock_host

printf '%s' "$P_nft" | nft -f -
rm -f "$(state_dir)/claim-pub-$P_table"
`;

/** What a mapping holds on its host: its protocol and host port, on its host address or all. */
export function publishClaim(spec: PortPublishSpec): ClaimText {
    const protocol = spec.protocol ?? "tcp";
    const on = spec.hostIp === undefined ? "every host address" : spec.hostIp;
    return {
        words: [protocol, String(spec.hostPort), spec.hostIp ?? "*"],
        owner: mappingId(spec),
        problem: `hostPort: ${spec.hostPort} (${protocol}, on ${on}) is already published on this host by PortPublish`,
        fix: "choose another hostPort, or remove that PortPublish first",
    };
}

/** Parameters every converge takes: the table and the claim. */
function convergeParams(spec: PortPublishSpec): Record<string, string> {
    return { table: table(spec), ...claimParams(publishClaim(spec)) };
}

/** The address lookup of an `endpointIp` spec (none for a named endpoint). */
function lookupParams(spec: PortPublishSpec): Record<string, string> {
    if (spec.endpointId !== undefined) {
        throw new Error(
            `endpointId ${spec.endpointId} is an HNS endpoint ID, which only Windows hosts have; on Linux name the endpoint by endpointIp`,
        );
    }
    return spec.endpointIp === undefined
        ? { addresses: "" }
        : findEndpointsParams([spec.endpointIp]);
}

/** What the host says about the `endpointIp` of `spec`, and the message when it is not usable. */
function foreignEndpoint(
    spec: PortPublishSpec,
    sections: Map<string, string>,
    host: string,
): { finding: EndpointFinding; problem: string | undefined } | undefined {
    if (spec.endpointIp === undefined) {
        return undefined;
    }
    const finding = findingFor(sections, spec.endpointIp);
    const owner = { className: "PortPublish", host };
    const problem = policyEndpointProblem(
        owner,
        "endpointIp",
        spec.endpointIp,
        finding,
        networksOf(sections),
    );
    return { finding, problem };
}

/** The port publish kind. */
export const portPublishKind: LinuxKind<"portPublish"> = {
    observe(spec) {
        return {
            script: observeScript,
            params: { endpoint: spec.endpoint ?? "", table: table(spec), ...lookupParams(spec) },
        };
    },
    prepare(spec) {
        const params = lookupParams(spec);
        return params.addresses ? { script: prepareScript, params } : undefined;
    },
    read(spec, sections, host = "?"): Observation<"portPublish"> | null {
        const parsed = parseNftTable(sections.get("table") ?? "");
        const publish = parsed && rulesOf(parsed, "prerouting", "publish")[0];
        if (!parsed || !publish) {
            return null;
        }
        const dnat = (statementOf(publish, "dnat") ?? {}) as { addr?: unknown; port?: unknown };
        const dport = payloadMatch(publish, undefined, "dport");
        const hostIp = payloadMatch(publish, "ip", "daddr")?.right;
        const local =
            rulesOf(parsed, "output", "local").some((rule) => hasStatement(rule, "dnat")) &&
            rulesOf(parsed, "postrouting", "hairpin").some((rule) =>
                hasStatement(rule, "masquerade"),
            );
        const containerIp = typeof dnat.addr === "string" ? dnat.addr : "";
        const foreign = foreignEndpoint(spec, sections, host);
        const reference =
            foreign === undefined
                ? {
                      endpoint:
                          readEndpointLink(sections.get("endpoint") ?? "")?.address === containerIp
                              ? spec.endpoint
                              : "",
                  }
                : {
                      endpointIp:
                          foreign.problem === undefined && containerIp === spec.endpointIp
                              ? spec.endpointIp
                              : "",
                  };
        const state = withoutUndefined({
            ...reference,
            protocol: reportAs(
                spec.protocol,
                (dport?.protocol ?? "tcp") as PortPublishSpec["protocol"],
                "tcp",
            ),
            hostPort: typeof dport?.right === "number" ? dport.right : 0,
            containerPort: typeof dnat.port === "number" ? dnat.port : 0,
            hostIp: typeof hostIp === "string" ? hostIp : undefined,
            localAccess: reportAs(spec.localAccess, local, true),
        });
        return {
            id: mappingId(spec),
            owned: true,
            state,
            details: {
                containerIp: foreign?.problem === undefined ? containerIp : "",
                endpointProblem: foreign?.problem ?? "",
            },
        };
    },
    converge(
        op: ApplyOp<"portPublish">,
        prepared = new Map<string, string>(),
        host = "?",
    ): HostCall {
        const spec = op.desired;
        const foreign = foreignEndpoint(spec, prepared, host);
        if (foreign === undefined) {
            lookupParams(spec);
            return {
                script: convergeScript,
                params: {
                    ...convergeParams(spec),
                    endpoint: spec.endpoint ?? "",
                    nft: publishTableText(spec),
                },
            };
        }
        if (foreign.problem !== undefined || foreign.finding.status !== "found") {
            throw new Error(foreign.problem ?? `endpointIp ${spec.endpointIp} was not found`);
        }
        const target = {
            address: foreign.finding.address,
            subnet: foreign.finding.subnet,
            bridge: foreign.finding.network,
        };
        return {
            script: convergeScript,
            params: { ...convergeParams(spec), endpoint: "", nft: publishTableText(spec, target) },
        };
    },
    remove(op: ApplyOp<"portPublish">): HostCall {
        return {
            script: removeScript,
            params: { table: table(op.desired), nft: deleteTable("ip", table(op.desired)) },
        };
    },
};
