/**
 * PortPublish on Linux: DNAT of a host port to the endpoint's address in the prerouting hook and,
 * for local access, in the output hook, plus the hairpin masquerade that lets containers on the
 * same bridge use the published port. Each mapping has its own nft table.
 */
import { PortPublishSpec } from "../../model/kinds";
import { ApplyOp, Observation } from "../hostDriver";
import { endpointInfoFunctions, placeholders, readEndpointLink } from "./endpointLookup";
import { HostCall, prelude } from "./hostCall";
import { LinuxKind } from "./linuxKind";
import { hasStatement, parseNftTable, payloadMatch, rulesOf, statementOf } from "./nftJson";
import { deleteTable, nftAddress, nftComment, nftPort, nftProtocol, replaceTable } from "./nftText";
import { reportAs, withoutUndefined } from "./observedValue";
import { tableName } from "./ownership";

function mappingId(spec: PortPublishSpec): string {
    return `${spec.endpoint}/${spec.protocol ?? "tcp"}/${spec.hostPort}`;
}

function table(spec: PortPublishSpec): string {
    return tableName("pub", mappingId(spec));
}

/** The mapping's table, with endpoint placeholders. */
export function publishTableText(spec: PortPublishSpec): string {
    const protocol = nftProtocol("protocol", spec.protocol ?? "tcp");
    const hostPort = nftPort("hostPort", spec.hostPort);
    const containerPort = nftPort("containerPort", spec.containerPort);
    const daddr = spec.hostIp ? `ip daddr ${nftAddress("hostIp", spec.hostIp)} ` : "";
    const dnat = `${daddr}fib daddr type local ${protocol} dport ${hostPort} dnat to ${placeholders.address}:${containerPort}`;
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
                    `oifname "${placeholders.bridge}" ct status dnat ip saddr ${placeholders.subnet} ip daddr ${placeholders.address} ${protocol} dport ${containerPort} masquerade ${nftComment("hairpin")}`,
                ],
            },
        );
    }
    return replaceTable("ip", table(spec), chains);
}

const observeScript = `${prelude}
section endpoint; ip -j -d link show dev "$P_endpoint" 2>/dev/null || true
section table; nft -j list table ip "$P_table" 2>/dev/null || true
`;

const convergeScript = `${prelude}lock_host
${endpointInfoFunctions}
endpoint_info "$P_endpoint"
fill "$P_nft" | nft -f -
`;

const removeScript = `${prelude}lock_host

printf '%s' "$P_nft" | nft -f -
`;

/** The port publish kind. */
export const portPublishKind: LinuxKind<"portPublish"> = {
    observe(spec) {
        return { script: observeScript, params: { endpoint: spec.endpoint, table: table(spec) } };
    },
    read(spec, sections): Observation<"portPublish"> | null {
        const parsed = parseNftTable(sections.get("table") ?? "");
        const publish = parsed && rulesOf(parsed, "prerouting", "publish")[0];
        if (!parsed || !publish) {
            return null;
        }
        const endpoint = readEndpointLink(sections.get("endpoint") ?? "");
        const dnat = (statementOf(publish, "dnat") ?? {}) as { addr?: unknown; port?: unknown };
        const dport = payloadMatch(publish, undefined, "dport");
        const hostIp = payloadMatch(publish, "ip", "daddr")?.right;
        const local =
            rulesOf(parsed, "output", "local").some((rule) => hasStatement(rule, "dnat")) &&
            rulesOf(parsed, "postrouting", "hairpin").some((rule) =>
                hasStatement(rule, "masquerade"),
            );
        const containerIp = typeof dnat.addr === "string" ? dnat.addr : "";
        const state = withoutUndefined({
            endpoint: endpoint && endpoint.address === containerIp ? spec.endpoint : "",
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
            details: { containerIp },
        };
    },
    converge(op: ApplyOp<"portPublish">): HostCall {
        return {
            script: convergeScript,
            params: { endpoint: op.desired.endpoint, nft: publishTableText(op.desired) },
        };
    },
    remove(op: ApplyOp<"portPublish">): HostCall {
        return { script: removeScript, params: { nft: deleteTable("ip", table(op.desired)) } };
    },
};
