/** Turns an endpoint's policies into observations of its ACL and its port publishes. */
import { HcnShapeError } from "./hcnShape";
import { AclProtocol, Protocol } from "../../../sdk/common";
import { AclRule } from "../../../sdk/endpointAclTypes";
import { EndpointAclSpec, PortPublishSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { alignToDesired } from "./alignObserved";
import { aclIdPrefix, ruleName } from "./endpointPolicies";
import { EndpointView, findRecord } from "./hostViews";
import { byName, numberField, policiesOfType, RawPolicy, recordsOf, text } from "./rawHcn";
import { natFlagLocalRoutedVip } from "./hcnTypes";

/** The mapping ID of a port publish: `<endpoint>/<protocol>/<hostPort>`. */
export function mappingId(
    spec: Pick<PortPublishSpec, "endpoint" | "protocol" | "hostPort">,
): string {
    return `${spec.endpoint}/${spec.protocol ?? "tcp"}/${spec.hostPort}`;
}

const protocolNames: Record<string, Protocol> = { "6": "tcp", "17": "udp" };

/** The port publish observation, or null when the endpoint or the mapping is missing. */
export function observePortPublishIn(
    view: EndpointView,
    desired: PortPublishSpec,
): Observation<"portPublish"> | null {
    const endpoint = byName(view.endpoints, desired.endpoint);
    if (!endpoint) {
        return null;
    }
    const protocol = desired.protocol ?? "tcp";
    const policy = policiesOfType(endpoint, "PortMapping").find(
        (p) =>
            protocolNames[text(p.Settings, "Protocol") ?? ""] === protocol &&
            numberField(p.Settings, "ExternalPort") === desired.hostPort,
    );
    if (!policy) {
        return null;
    }
    const flags = numberField(policy.Settings, "Flags") ?? 0;
    const observed: PortPublishSpec = {
        endpoint: desired.endpoint,
        protocol,
        hostPort: numberField(policy.Settings, "ExternalPort") ?? 0,
        containerPort: numberField(policy.Settings, "InternalPort") ?? 0,
        hostIp: text(policy.Settings, "VIP"),
        localAccess: (flags & natFlagLocalRoutedVip) !== 0,
    };
    const id = mappingId(desired);
    return {
        id,
        owned: !!findRecord(view.records, "portPublish", id),
        state: alignToDesired(desired, observed, { protocol: "tcp", localAccess: true }),
        details: {
            mappingId: id,
            containerIp: text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress") ?? "",
        },
    };
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

/** The endpoint ACL observation, or null when the endpoint has no ACL of this package. */
export function observeEndpointAclIn(
    view: EndpointView,
    desired: EndpointAclSpec,
): Observation<"endpointAcl"> | null {
    const endpoint = byName(view.endpoints, desired.endpoint);
    if (!endpoint) {
        return null;
    }
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
        rules,
        defaultInbound,
        defaultOutbound,
    };
    const id = `${desired.endpoint}/acl`;
    return {
        id,
        owned: !!findRecord(view.records, "endpointAcl", desired.endpoint),
        state: alignToDesired(desired, observed, {
            defaultInbound: "block",
            defaultOutbound: "allow",
        }),
        details: {
            ruleCount: ours.length,
            foreignRuleCount: acls.length - ours.length,
            endpointId: text(endpoint, "ID") ?? "",
        },
    };
}
