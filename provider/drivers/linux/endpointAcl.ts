/**
 * EndpointAcl on Linux: one inet table per endpoint. Traffic towards the endpoint's address (routed,
 * bridged through br_netfilter, or sent by the host) jumps to `to_endpoint`, traffic from it to
 * `from_endpoint`. Each chain accepts established flows first, then holds the rules of its direction
 * in priority order (nftables evaluates rule order, not numbers), then the explicit default.
 *
 * The endpoint is a ContainerEndpoint of this package (`endpoint`: its address is read from its
 * marker on the host when the table is written) or an endpoint another program made (`endpointIp`:
 * found on the host by its address, see `endpointProbe`, and never changed).
 */
import type { AclRule } from "../../model/endpointAcl";
import type { EndpointAclSpec } from "../../model/kinds";
import { endpointKey } from "../../validate/endpointReference";
import { policyEndpointProblem } from "../foreignEndpoints";
import type { ApplyOp, Observation } from "../hostDriver";
import { endpointInfoFunctions, placeholders } from "./endpointLookup";
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
import type { NftRule } from "./nftJson";
import {
    decodeAddresses,
    decodePorts,
    hasStatement,
    metaMatch,
    parseNftTable,
    payloadMatch,
    rulesOf,
} from "./nftJson";
import {
    deleteTable,
    nftAddress,
    nftComment,
    nftInteger,
    nftL4Protocol,
    nftPort,
    nftSet,
    replaceTable,
} from "./nftText";
import { reportAs, withoutUndefined } from "./observedValue";
import { tableName } from "./ownership";

function table(spec: EndpointAclSpec): string {
    return tableName("acl", endpointKey(spec));
}

const chainOf = { in: "to_endpoint", out: "from_endpoint" } as const;

function ruleName(name: string): string {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
        throw new Error(
            `rule name ${JSON.stringify(name)} cannot be written into a rule comment; use up to 64 letters, digits, '-', '_' or '.'`,
        );
    }
    return name;
}

/** The comment that identifies a rule: direction, priority, protocol number if any, name if any. */
export function ruleComment(rule: AclRule): string {
    const protocol =
        typeof rule.protocol === "number"
            ? ` proto=${nftL4Protocol("protocol", rule.protocol)}`
            : "";
    const name = rule.name === undefined ? "" : ` name=${ruleName(rule.name)}`;
    const direction = rule.direction === "in" ? "in" : "out";
    return `${direction} ${nftInteger("priority", rule.priority)}${protocol}${name}`;
}

/** One ACL rule as nft text (inside its direction's chain). */
export function aclRuleText(rule: AclRule, index: number): string {
    const path = `rules[${index}]`;
    const protocol =
        rule.protocol === undefined || rule.protocol === "any"
            ? "any"
            : nftL4Protocol(`${path}.protocol`, rule.protocol);
    const ports = [...(rule.localPorts ?? []), ...(rule.remotePorts ?? [])];
    if (ports.length > 0 && protocol !== "tcp" && protocol !== "udp") {
        throw new Error(
            `${path} has ports but protocol ${JSON.stringify(protocol)}; ports need protocol "tcp" or "udp"`,
        );
    }
    const inbound = rule.direction === "in";
    const remoteField = inbound ? "saddr" : "daddr";
    const localField = inbound ? "daddr" : "saddr";
    const localPortField = inbound ? "dport" : "sport";
    const remotePortField = inbound ? "sport" : "dport";
    const parts: string[] = [];
    if (protocol !== "any") {
        parts.push(`meta l4proto ${protocol}`);
    }
    const addresses = (field: string, values: string[] | undefined, name: string): void => {
        if (values && values.length > 0) {
            parts.push(
                `ip ${field} ${nftSet(values.map((value, at) => nftAddress(`${path}.${name}[${at}]`, value)))}`,
            );
        }
    };
    const portMatch = (field: string, values: string[] | undefined, name: string): void => {
        if (values && values.length > 0) {
            parts.push(
                `${protocol} ${field} ${nftSet(values.map((value, at) => nftPort(`${path}.${name}[${at}]`, value)))}`,
            );
        }
    };
    addresses(remoteField, rule.remoteAddresses, "remoteAddresses");
    addresses(localField, rule.localAddresses, "localAddresses");
    portMatch(localPortField, rule.localPorts, "localPorts");
    portMatch(remotePortField, rule.remotePorts, "remotePorts");
    parts.push(rule.action === "allow" ? "accept" : "drop");
    parts.push(nftComment(ruleComment(rule)));
    return parts.join(" ");
}

/**
 * The endpoint's ACL table: for the address `endpointIp` (checked as it is written) or, for a named
 * endpoint, with the placeholder the host fills from the endpoint's marker.
 */
export function aclTableText(spec: EndpointAclSpec): string {
    const chainRules = (direction: "in" | "out", fallback: "allow" | "block"): string[] => [
        `ct state established,related accept ${nftComment("established")}`,
        ...spec.rules
            .map((rule, index) => ({ rule, index }))
            .filter((entry) => entry.rule.direction === direction)
            .sort((a, b) => a.rule.priority - b.rule.priority)
            .map((entry) => aclRuleText(entry.rule, entry.index)),
        `${fallback === "allow" ? "accept" : "drop"} ${nftComment(`default-${direction}`)}`,
    ];
    const address =
        spec.endpointIp === undefined
            ? placeholders.address
            : nftAddress("endpointIp", spec.endpointIp);
    const filter = (hook: string): string =>
        `type filter hook ${hook} priority filter; policy accept;`;
    return replaceTable("inet", table(spec), [
        { name: chainOf.in, rules: chainRules("in", spec.defaultInbound ?? "block") },
        { name: chainOf.out, rules: chainRules("out", spec.defaultOutbound ?? "allow") },
        {
            name: "forward",
            base: filter("forward"),
            rules: [
                `ip daddr ${address} jump ${chainOf.in}`,
                `ip saddr ${address} jump ${chainOf.out}`,
            ],
        },
        {
            name: "output",
            base: filter("output"),
            rules: [`ip daddr ${address} jump ${chainOf.in}`],
        },
        {
            name: "input",
            base: filter("input"),
            rules: [`ip saddr ${address} jump ${chainOf.out}`],
        },
    ]);
}

/** An nft rule of a direction chain read back as an ACL rule (undefined for other rules). */
export function readAclRule(rule: NftRule): AclRule | undefined {
    const comment = /^(in|out) (\d+)(?: proto=(\d+))?(?: name=(\S+))?$/.exec(rule.comment);
    if (!comment) {
        return undefined;
    }
    const direction = comment[1] as "in" | "out";
    const inbound = direction === "in";
    const l4 =
        metaMatch(rule, "l4proto")?.right ??
        (payloadMatch(rule, undefined, "dport") ?? payloadMatch(rule, undefined, "sport"))
            ?.protocol;
    const protocol =
        comment[3] !== undefined
            ? Number(comment[3])
            : l4 === "tcp" || l4 === "udp" || l4 === "icmp"
              ? l4
              : undefined;
    const addresses = (field: string): string[] | undefined => {
        const match = payloadMatch(rule, "ip", field);
        return match ? decodeAddresses(match.right) : undefined;
    };
    const ports = (field: string): string[] | undefined => {
        const match = payloadMatch(rule, undefined, field);
        return match ? decodePorts(match.right) : undefined;
    };
    return withoutUndefined({
        name: comment[4],
        action: hasStatement(rule, "accept") ? "allow" : "block",
        direction,
        priority: Number(comment[2]),
        protocol,
        remoteAddresses: addresses(inbound ? "saddr" : "daddr"),
        localAddresses: addresses(inbound ? "daddr" : "saddr"),
        localPorts: ports(inbound ? "dport" : "sport"),
        remotePorts: ports(inbound ? "sport" : "dport"),
    }) as AclRule;
}

/**
 * A list read from an nft set in the spec's order when it holds the same members (nft sorts set
 * elements), as read otherwise.
 */
function inSpecOrder(desired: string[] | undefined, observed: string[]): string[] {
    const sameMembers =
        desired !== undefined &&
        desired.length === observed.length &&
        desired.every((value) => observed.includes(value));
    return sameMembers ? desired : observed;
}

/** Field order of a rule as the spec writes it, so read-back rules compare equal. */
function likeSpec(observed: AclRule, desired: AclRule | undefined): AclRule {
    const list = (field: "remoteAddresses" | "localAddresses" | "localPorts" | "remotePorts") =>
        reportAs(desired?.[field], inSpecOrder(desired?.[field], observed[field] ?? []), []);
    return withoutUndefined({
        name: observed.name,
        action: observed.action,
        direction: observed.direction,
        priority: observed.priority,
        protocol: reportAs(desired?.protocol, observed.protocol ?? "any", "any"),
        remoteAddresses: list("remoteAddresses"),
        localAddresses: list("localAddresses"),
        localPorts: list("localPorts"),
        remotePorts: list("remotePorts"),
    });
}

const observeScript = `${prelude}${findEndpointsFunction}
section table; nft -j list table inet "$P_table" 2>/dev/null || true
if [ -n "$P_addresses" ]; then find_endpoints "$P_addresses"; fi
`;

const prepareScript = `${prelude}${findEndpointsFunction}
find_endpoints "$P_addresses"
`;

const convergeScript = `${prelude}lock_host
${endpointInfoFunctions}${claimFunction}
if [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo 0)" != 1 ]; then
    echo "br_netfilter is not active on this host (net.bridge.bridge-nf-call-iptables is not 1), so an ACL would not see traffic between containers on the same bridge; run modprobe br_netfilter and sysctl -w net.bridge.bridge-nf-call-iptables=1" >&2
    exit 3
fi
D=$(state_dir)
if [ -n "$P_endpoint" ]; then
    endpoint_info "$P_endpoint"
    claim acl inet "$P_table" endpoint "$EP_ADDRESS" - "$P_claimOwner" "$P_claimProblem" "$P_claimFix"
    fill "$P_nft" | nft -f -
else
    claim acl inet "$P_table" endpoint "$P_claimB" - "$P_claimOwner" "$P_claimProblem" "$P_claimFix"
    printf '%s' "$P_nft" | nft -f -
fi
`;

/** The address lookup of an `endpointIp` spec (none for a named endpoint). */
function lookupParams(spec: EndpointAclSpec): Record<string, string> {
    if (spec.endpointId !== undefined) {
        throw new Error(
            `endpointId ${spec.endpointId} is an HNS endpoint ID, which only Windows hosts have; on Linux name the endpoint by endpointIp`,
        );
    }
    return spec.endpointIp === undefined
        ? { addresses: "" }
        : findEndpointsParams([spec.endpointIp]);
}

/** The message when the `endpointIp` of `spec` is not usable, per the lookup sections. */
function endpointProblem(
    spec: EndpointAclSpec,
    sections: Map<string, string>,
    host: string,
): string | undefined {
    if (spec.endpointIp === undefined) {
        return undefined;
    }
    return policyEndpointProblem(
        { className: "EndpointAcl", host },
        "endpointIp",
        spec.endpointIp,
        findingFor(sections, spec.endpointIp),
        networksOf(sections),
    );
}

const removeScript = `${prelude}lock_host

printf '%s' "$P_nft" | nft -f -
rm -f "$(state_dir)/claim-acl-$P_table"
`;

/**
 * What an ACL holds on its host: its endpoint's address (an endpoint has one ACL). A named
 * endpoint's address is read on the host, so the script passes it in place of the second word.
 */
export function aclClaim(spec: EndpointAclSpec): ClaimText {
    const field = spec.endpointIp === undefined ? "endpoint" : "endpointIp";
    const value = spec.endpointIp ?? spec.endpoint ?? "";
    return {
        words: ["endpoint", spec.endpointIp ?? "-", "-"],
        owner: endpointKey(spec),
        problem: `${field}: ${value} already has its ACL on this host (an endpoint has one EndpointAcl) from EndpointAcl`,
        fix: "put these rules into that EndpointAcl, or remove it first",
    };
}

/** The endpoint ACL kind. */
export const endpointAclKind: LinuxKind<"endpointAcl"> = {
    observe(spec) {
        return { script: observeScript, params: { table: table(spec), ...lookupParams(spec) } };
    },
    prepare(spec) {
        const params = lookupParams(spec);
        return params.addresses ? { script: prepareScript, params } : undefined;
    },
    read(spec, sections, host = "?"): Observation<"endpointAcl"> | null {
        const parsed = parseNftTable(sections.get("table") ?? "");
        if (!parsed) {
            return null;
        }
        const observedRules = [...rulesOf(parsed, chainOf.in), ...rulesOf(parsed, chainOf.out)]
            .map(readAclRule)
            .filter((rule): rule is AclRule => rule !== undefined);
        const ordered = spec.rules
            .map((wanted) =>
                observedRules.find(
                    (rule) =>
                        rule.direction === wanted.direction && rule.priority === wanted.priority,
                ),
            )
            .filter((rule): rule is AclRule => rule !== undefined);
        const extra = observedRules.filter((rule) => !ordered.includes(rule));
        const rules = [...ordered, ...extra].map((rule) =>
            likeSpec(
                rule,
                spec.rules.find(
                    (wanted) =>
                        wanted.direction === rule.direction && wanted.priority === rule.priority,
                ),
            ),
        );
        const fallback = (direction: "in" | "out"): "allow" | "block" | undefined => {
            const rule = rulesOf(parsed, chainOf[direction], `default-${direction}`)[0];
            return rule === undefined
                ? undefined
                : hasStatement(rule, "accept")
                  ? "allow"
                  : "block";
        };
        const hooked = ["forward", "output", "input"].every(
            (chain) => rulesOf(parsed, chain).length > 0,
        );
        const problem = endpointProblem(spec, sections, host);
        const hookedTo = rulesOf(parsed, "forward")
            .map((rule) => payloadMatch(rule, "ip", "daddr")?.right)
            .find((address) => typeof address === "string");
        const reference =
            spec.endpointIp === undefined
                ? { endpoint: hooked ? spec.endpoint : "" }
                : {
                      endpointIp:
                          hooked && problem === undefined && hookedTo === spec.endpointIp
                              ? spec.endpointIp
                              : "",
                  };
        const state = withoutUndefined({
            ...reference,
            rules,
            defaultInbound: reportAs(spec.defaultInbound, fallback("in") ?? "allow", "block"),
            defaultOutbound: reportAs(spec.defaultOutbound, fallback("out") ?? "allow", "allow"),
        });
        return {
            id: table(spec),
            owned: true,
            state,
            details: { ruleCount: observedRules.length + 2, endpointProblem: problem ?? "" },
        };
    },
    converge(
        op: ApplyOp<"endpointAcl">,
        prepared = new Map<string, string>(),
        host = "?",
    ): HostCall {
        lookupParams(op.desired);
        const problem = endpointProblem(op.desired, prepared, host);
        if (problem !== undefined) {
            throw new Error(problem);
        }
        return {
            script: convergeScript,
            params: {
                table: table(op.desired),
                ...claimParams(aclClaim(op.desired)),
                endpoint: op.desired.endpoint ?? "",
                nft: aclTableText(op.desired),
            },
        };
    },
    remove(op: ApplyOp<"endpointAcl">): HostCall {
        return {
            script: removeScript,
            params: { table: table(op.desired), nft: deleteTable("inet", table(op.desired)) },
        };
    },
};
