/**
 * The EndpointAcl kind on a Windows host: its ACL policies (our rules carry an `l2b:` Id), their
 * observation, and observe and apply.
 *
 * The ACL sits on a ContainerEndpoint of this package (`endpoint`) or on an endpoint another
 * program made (`endpointIp`, `endpointId`; see `foreignEndpoints`). Only ACL policies whose Id
 * carries the `l2b:` prefix are ever removed or added, so another program's ACL rules on the same
 * endpoint stay. An endpoint has one EndpointAcl: another one's record naming the same endpoint
 * refuses the change, naming it.
 */
import type { WindowsKind } from "./windowsKind";
import type { AclProtocol } from "../../../model/protocols";
import type { AclRule } from "../../../model/endpointAcl";
import type { EndpointAclSpec } from "../../../model/kinds";
import type { HcnAclSettings, HcnPolicy } from "../hcnTypes";
import { protocolNumbers } from "../hcnTypes";
import { hcnAddressList, hcnPortList } from "../hcnLists";
import { HcnShapeError } from "../hcnShape";
import type { Observation } from "../../hostDriver";
import { alignToDesired } from "../alignObserved";
import type { HcnView, HostRecord, RawHcn } from "../hostViews";
import { findRecord, sameId } from "../hostViews";
import type { RawPolicy } from "../rawHcn";
import { byName, numberField, policiesOfType, text } from "../rawHcn";
import type { WindowsHostContext } from "../hostContext";
import { runBatch } from "../hostBatch";
import { putPoliciesBatch, removePoliciesBatch } from "../endpointPolicyBatch";
import { ownsAclIdPrefix } from "../policyChanges";
import { endpointKey } from "../../../validate/endpointReference";
import { policyEndpointProblem } from "../../foreignEndpoints";
import {
    locateEndpoint,
    networkSummaries,
    readHcn,
    referenceField,
    referenceGone,
} from "../foreignEndpoints";

/** Prefix of the `Id` of every ACL rule this package programs. */
export const aclIdPrefix = "l2b:";

/** Priority of the two default rules: after every user rule (user priorities stop at 65000). */
export const defaultRulePriority = 65500;

/** HCN `Protocols` text of an ACL protocol; undefined for any. */
export function aclProtocols(protocol: AclProtocol | undefined): string | undefined {
    if (protocol === undefined || protocol === "any") {
        return undefined;
    }
    if (
        typeof protocol === "number" &&
        Number.isInteger(protocol) &&
        protocol >= 0 &&
        protocol <= 255
    ) {
        return String(protocol);
    }
    const number = (protocolNumbers as Record<string, number | undefined>)[String(protocol)];
    if (typeof protocol !== "string" || number === undefined) {
        throw new Error(
            `protocol ${JSON.stringify(protocol)} is not an ACL protocol; use "tcp", "udp", "icmp", "any" or a protocol number 0..255`,
        );
    }
    return String(number);
}

/** The rule name as the spec's check fills it. */
export function ruleName(rule: AclRule): string {
    return rule.name ?? `${rule.direction}-${rule.priority}`;
}

/** One ACL policy of a rule. */
export function aclPolicy(rule: AclRule): HcnPolicy<"ACL", HcnAclSettings> {
    const settings: HcnAclSettings = {
        Id: `${aclIdPrefix}rule:${ruleName(rule)}`,
        Action: rule.action === "allow" ? "Allow" : "Block",
        Direction: rule.direction === "in" ? "In" : "Out",
        RuleType: "Switch",
        Priority: rule.priority,
    };
    const optional: [keyof HcnAclSettings, string | undefined][] = [
        ["Protocols", aclProtocols(rule.protocol)],
        ["LocalAddresses", hcnAddressList("localAddresses", rule.localAddresses)],
        ["RemoteAddresses", hcnAddressList("remoteAddresses", rule.remoteAddresses)],
        ["LocalPorts", hcnPortList("localPorts", rule.localPorts)],
        ["RemotePorts", hcnPortList("remotePorts", rule.remotePorts)],
    ];
    for (const [key, value] of optional) {
        if (value !== undefined) {
            (settings as unknown as Record<string, unknown>)[key] = value;
        }
    }
    return { Type: "ACL", Settings: settings };
}

/** Every ACL policy of an endpoint ACL: the rules by priority, then the two explicit defaults. */
export function aclPolicies(spec: EndpointAclSpec): HcnPolicy<"ACL", HcnAclSettings>[] {
    const rules = [...spec.rules].sort((a, b) => a.priority - b.priority).map(aclPolicy);
    const defaults: HcnPolicy<"ACL", HcnAclSettings>[] = [
        {
            Type: "ACL",
            Settings: {
                Id: `${aclIdPrefix}default:in`,
                Action: (spec.defaultInbound ?? "block") === "allow" ? "Allow" : "Block",
                Direction: "In",
                RuleType: "Switch",
                Priority: defaultRulePriority,
            },
        },
        {
            Type: "ACL",
            Settings: {
                Id: `${aclIdPrefix}default:out`,
                Action: (spec.defaultOutbound ?? "allow") === "allow" ? "Allow" : "Block",
                Direction: "Out",
                RuleType: "Switch",
                Priority: defaultRulePriority,
            },
        },
    ];
    return [...rules, ...defaults];
}

const aclProtocolNames: Record<string, AclProtocol> = { "6": "tcp", "17": "udp", "1": "icmp" };

function list(settings: Record<string, unknown>, key: string): string[] {
    const value = text(settings, key);
    return value
        ? value
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s !== "")
        : [];
}

/** One ACL setting read exactly: a value outside `choices` is an error naming the rule. */
function exactly<T extends string>(
    settings: Record<string, unknown>,
    key: string,
    choices: Record<string, T>,
    name: string,
): T {
    const value = text(settings, key) ?? "";
    const chosen = choices[value.toLowerCase()];
    if (chosen === undefined) {
        throw new HcnShapeError(
            `HNS returned ACL rule ${JSON.stringify(name)} with ${key} ${JSON.stringify(value)}; ` +
                `an EndpointAcl rule is one of ${Object.keys(choices).join(", ")}`,
        );
    }
    return chosen;
}

function protocolOf(protocols: string | undefined, name: string): AclProtocol {
    if (protocols === undefined) return "any";
    const named = aclProtocolNames[protocols];
    if (named) return named;
    if (/^\d{1,3}$/.test(protocols) && Number(protocols) <= 255) return Number(protocols);
    throw new HcnShapeError(
        `HNS returned ACL rule ${JSON.stringify(name)} with Protocols ${JSON.stringify(protocols)}; ` +
            `an EndpointAcl rule holds one protocol number from 0 to 255`,
    );
}

function ruleOf(policy: RawPolicy, name: string): AclRule {
    const rule: AclRule = {
        name,
        action: exactly(policy.Settings, "Action", { allow: "allow", block: "block" }, name),
        direction: exactly(policy.Settings, "Direction", { in: "in", out: "out" }, name),
        priority: numberField(policy.Settings, "Priority") ?? 0,
        protocol: protocolOf(text(policy.Settings, "Protocols"), name),
        remoteAddresses: list(policy.Settings, "RemoteAddresses"),
        localAddresses: list(policy.Settings, "LocalAddresses"),
        localPorts: list(policy.Settings, "LocalPorts"),
        remotePorts: list(policy.Settings, "RemotePorts"),
    };
    return rule;
}

const ruleDefaults = {
    protocol: "any",
    remoteAddresses: [],
    localAddresses: [],
    localPorts: [],
    remotePorts: [],
};

/** The ACL's name in records and IDs: the endpoint's name, `ip:<address>` or `id:<HNS ID>`. */
export function aclKey(spec: EndpointAclSpec): string {
    return endpointKey(spec);
}

/** Our ACL policies on `endpoint`, read as the spec's observation, or null when there are none. */
function observeAclOn(
    endpoint: RawHcn,
    records: HostRecord[],
    desired: EndpointAclSpec,
): Observation<"endpointAcl"> | null {
    const acls = policiesOfType(endpoint, "ACL");
    const ours = acls.filter((p) => (text(p.Settings, "Id") ?? "").startsWith(aclIdPrefix));
    if (ours.length === 0) {
        return null;
    }
    const rulePrefix = `${aclIdPrefix}rule:`;
    const rules: AclRule[] = [];
    let defaultInbound: "allow" | "block" = "block";
    let defaultOutbound: "allow" | "block" = "allow";
    for (const policy of ours) {
        const id = text(policy.Settings, "Id") ?? "";
        const allow = text(policy.Settings, "Action")?.toLowerCase() === "allow";
        if (id === `${aclIdPrefix}default:in`) {
            defaultInbound = allow ? "allow" : "block";
        } else if (id === `${aclIdPrefix}default:out`) {
            defaultOutbound = allow ? "allow" : "block";
        } else if (id.startsWith(rulePrefix)) {
            const name = id.slice(rulePrefix.length);
            const rule = ruleOf(policy, name);
            const want = desired.rules.find((r) => ruleName(r) === name);
            rules.push(want ? alignToDesired(want, rule, { ...ruleDefaults, name }) : rule);
        }
    }
    rules.sort((a, b) => a.priority - b.priority);
    const observed: EndpointAclSpec = {
        endpoint: desired.endpoint,
        endpointIp: desired.endpointIp,
        endpointId: desired.endpointId,
        rules,
        defaultInbound,
        defaultOutbound,
    };
    const key = aclKey(desired);
    return {
        id: `${key}/acl`,
        owned: !!findRecord(records, "endpointAcl", key),
        state: alignToDesired(desired, observed, {
            defaultInbound: "block",
            defaultOutbound: "allow",
        }),
        details: {
            ruleCount: ours.length,
            foreignRuleCount: acls.length - ours.length,
            endpointId: (text(endpoint, "ID") ?? "").toLowerCase(),
            endpointProblem: "",
        },
    };
}

/** The endpoint ACL observation of a named ContainerEndpoint, or null when it has no ACL of ours. */
export function observeEndpointAclIn(
    view: Pick<HcnView, "endpoints" | "records">,
    desired: EndpointAclSpec,
): Observation<"endpointAcl"> | null {
    const endpoint = byName(view.endpoints, desired.endpoint ?? "");
    return endpoint ? observeAclOn(endpoint, view.records, desired) : null;
}

/**
 * The endpoint ACL observation of an endpoint named by address or HNS ID. When the endpoint is
 * gone but the ACL's record remains, the ACL is reported with its endpoint reference empty and the
 * reason in `endpointProblem`.
 */
export function observeForeignEndpointAclIn(
    view: HcnView,
    desired: EndpointAclSpec,
    host: string,
): Observation<"endpointAcl"> | null {
    const located = locateEndpoint(view, desired);
    if (located.endpoint) {
        return observeAclOn(located.endpoint, view.records, desired);
    }
    const key = aclKey(desired);
    if (!findRecord(view.records, "endpointAcl", key)) {
        return null;
    }
    const { field, value } = referenceField(desired);
    return {
        id: `${key}/acl`,
        owned: true,
        state: { ...desired, ...referenceGone(desired) },
        details: {
            ruleCount: 0,
            foreignRuleCount: 0,
            endpointId: "",
            endpointProblem:
                policyEndpointProblem(
                    { className: "EndpointAcl", host },
                    field,
                    value,
                    located.finding,
                    networkSummaries(view.networks),
                ) ?? "",
        },
    };
}

/** The endpoint ACL's observation. */
export async function observeEndpointAcl(
    context: WindowsHostContext,
    spec: EndpointAclSpec,
): Promise<Observation<"endpointAcl"> | null> {
    const view = await readHcn(context);
    context.views.keep(`endpointAcl/${aclKey(spec)}`, view);
    if (spec.endpoint !== undefined) {
        return observeEndpointAclIn(view, spec);
    }
    return observeForeignEndpointAclIn(view, spec, context.host);
}

/** Refuse an ACL on an endpoint whose ACL another EndpointAcl's record holds. */
export function refuseTakenEndpoint(
    view: HcnView,
    spec: EndpointAclSpec,
    endpointId: string,
    host: string,
): void {
    const key = aclKey(spec);
    const owner = view.records.find(
        (record) =>
            record.kind === "endpointAcl" && record.name !== key && sameId(record.id, endpointId),
    );
    if (owner) {
        const { field, value } = referenceField(spec);
        throw new Error(
            `${field}: ${value} already has its ACL on host ${host} (an endpoint has one EndpointAcl) from EndpointAcl ${owner.name}; put these rules into that EndpointAcl, or remove it first`,
        );
    }
}

/**
 * Program the whole ACL (rules and both defaults) on its endpoint, replacing only this package's
 * ACL policies there, after refusing an endpoint that is missing, not a container's, or already
 * holding another EndpointAcl; or remove our ACL policies from the endpoint its record names.
 */
export async function applyEndpointAcl(
    context: WindowsHostContext,
    spec: EndpointAclSpec,
    remove: boolean,
): Promise<Observation<"endpointAcl"> | null> {
    const view =
        context.views.take<HcnView>(`endpointAcl/${aclKey(spec)}`) ?? (await readHcn(context));
    const key = aclKey(spec);
    if (remove) {
        const recorded = findRecord(view.records, "endpointAcl", key);
        const located = locateEndpoint(view, spec).endpoint;
        const target = recorded?.id ?? located?.ID;
        if (target) {
            await runBatch<HcnView>(
                context,
                removePoliciesBatch({
                    id: target,
                    endpoint: view.endpoints.find((candidate) =>
                        sameId(text(candidate, "ID"), target),
                    ),
                    owns: ownsAclIdPrefix(aclIdPrefix),
                    record: { kind: "endpointAcl", name: key },
                }),
            );
        }
        return null;
    }
    const located = locateEndpoint(view, spec);
    if (!located.endpoint || located.finding.status !== "found") {
        if (spec.endpoint !== undefined) {
            throw new Error(
                `endpoint: HNS endpoint "${spec.endpoint}" was not found on host ${context.host}; create the ContainerEndpoint first`,
            );
        }
        const { field, value } = referenceField(spec);
        throw new Error(
            policyEndpointProblem(
                { className: "EndpointAcl", host: context.host },
                field,
                value,
                located.finding,
                networkSummaries(view.networks),
            ),
        );
    }
    refuseTakenEndpoint(view, spec, located.finding.id, context.host);
    const after = await runBatch<HcnView>(
        context,
        putPoliciesBatch({
            id: located.finding.id,
            endpoint: located.endpoint,
            desired: aclPolicies(spec),
            owns: ownsAclIdPrefix(aclIdPrefix),
            record: { kind: "endpointAcl", name: key, network: located.finding.network, data: "" },
            address: spec.endpointIp,
        }),
    );
    const endpoint = after.endpoints.find((candidate) =>
        sameId(text(candidate, "ID"), located.finding.status === "found" ? located.finding.id : ""),
    );
    return endpoint ? observeAclOn(endpoint, after.records, spec) : null;
}

/** The EndpointAcl kind's entry in the driver's table. */
export const endpointAclKind: WindowsKind<"endpointAcl"> = {
    observe: observeEndpointAcl,
    apply: (context, op) => applyEndpointAcl(context, op.desired, op.action === "delete"),
};
