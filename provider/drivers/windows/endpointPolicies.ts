/** HCN endpoint policies: OutBoundNAT, PortMapping and ACL, from the package's specs. */
import { AclProtocol, OutboundNat } from "../../../sdk/common";
import { AclRule } from "../../../sdk/endpointAclTypes";
import { EndpointAclSpec, PortPublishSpec } from "../../model/kinds";
import {
    HcnAclSettings,
    HcnOutboundNatSettings,
    HcnPolicy,
    HcnPortMappingSettings,
    natFlagLocalRoutedVip,
    protocolNumbers,
} from "./hcnTypes";
import { hcnAddressList, hcnPortList } from "./hcnLists";

/** Prefix of the `Id` of every ACL rule this package programs. */
export const aclIdPrefix = "l2b:";
/** Priority of the two default rules: after every user rule (user priorities stop at 65000). */
export const defaultRulePriority = 65500;

/** The OutBoundNAT policies of an endpoint (none when NAT is off). */
export function outboundNatPolicies(
    nat: OutboundNat | undefined,
): HcnPolicy<"OutBoundNAT", HcnOutboundNatSettings>[] {
    if (nat && nat.enabled === false) {
        return [];
    }
    const settings: HcnOutboundNatSettings = {};
    if (nat?.exceptions && nat.exceptions.length > 0) {
        settings.Exceptions = [...nat.exceptions];
    }
    return [{ Type: "OutBoundNAT", Settings: settings }];
}

/** The PortMapping policy of a port publish. */
export function portMappingPolicy(
    spec: PortPublishSpec,
): HcnPolicy<"PortMapping", HcnPortMappingSettings> {
    const settings: HcnPortMappingSettings = {
        Protocol: protocolNumbers[spec.protocol ?? "tcp"],
        InternalPort: spec.containerPort,
        ExternalPort: spec.hostPort,
        Flags: spec.localAccess === false ? 0 : natFlagLocalRoutedVip,
    };
    if (spec.hostIp) {
        settings.VIP = spec.hostIp;
    }
    return { Type: "PortMapping", Settings: settings };
}

/** Settings fields that identify a port publish's mapping among the endpoint's policies. */
export function portMappingMatch(spec: PortPublishSpec): {
    type: string;
    settings: Record<string, number>;
} {
    return {
        type: "PortMapping",
        settings: {
            Protocol: protocolNumbers[spec.protocol ?? "tcp"],
            ExternalPort: spec.hostPort,
        },
    };
}

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
