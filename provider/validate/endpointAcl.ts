/**
 * Check of `EndpointAcl` inputs.
 */
import type { AclProtocol } from "../model/protocols";
import type { AclRule } from "../model/endpointAcl";
import { addressOrCidrProblem } from "./cidrRules";
import type { FieldReader } from "./fields";
import { withoutUndefined } from "./fields";
import { isUnknown, problem } from "./messages";
import { readEndpointReference } from "./endpointReference";
import { objectNameProblem } from "./names";
import {
    aclPriorityRange,
    portOrRangeProblem,
    protocolNumberRange,
    protocolNumbers,
} from "./ports";
import type { CheckOutcome } from "./shared";
import { known, readHostBound, startReading } from "./shared";
import { endpointAclDefaults } from "../model/defaults";

const protocolNames = ["tcp", "udp", "icmp", "any"] as const;

/** A protocol name, or a number 0..255; the numbers of tcp, udp and icmp become their names. */
function readProtocol(reader: FieldReader, path: string, value: unknown): AclProtocol | undefined {
    if (value === undefined || value === null) {
        return endpointAclDefaults.rule.protocol;
    }
    if (typeof value === "number") {
        const number = reader.integer(path, value, protocolNumberRange);
        const name = Object.keys(protocolNumbers).find((key) => protocolNumbers[key] === number);
        return (name as AclProtocol | undefined) ?? number;
    }
    if (
        typeof value === "string" &&
        !isUnknown(value) &&
        !(protocolNames as readonly string[]).includes(value)
    ) {
        reader.add(
            problem(
                path,
                value,
                "is not a protocol",
                'use "tcp", "udp", "icmp", "any" or a number 0..255',
            ),
        );
        return undefined;
    }
    return reader.string(path, value, '"tcp", "udp", "icmp", "any" or a number 0..255') as
        AclProtocol | undefined;
}

function readRule(
    reader: FieldReader,
    path: string,
    value: unknown,
    priorities: Map<string, string>,
): AclRule | undefined {
    const raw = reader.object(path, value, "an object { action, direction, priority }");
    if (!raw) {
        if (value === null || value === undefined) {
            reader.missing(path, "remove the empty entry");
        }
        return undefined;
    }
    const action = reader.choice(`${path}.action`, raw.action, ["allow", "block"] as const);
    if (raw.action === undefined || raw.action === null) {
        reader.missing(`${path}.action`, 'set it to "allow" or "block"');
    }
    const direction = reader.choice(`${path}.direction`, raw.direction, ["in", "out"] as const);
    if (raw.direction === undefined || raw.direction === null) {
        reader.missing(`${path}.direction`, 'set it to "in" or "out"');
    }
    const priority = reader.requiredInteger(`${path}.priority`, raw.priority, aclPriorityRange);
    if (known(direction) && known(priority)) {
        const key = `${direction}/${priority}`;
        const first = priorities.get(key);
        if (first) {
            reader.add(
                problem(
                    `${path}.priority`,
                    priority,
                    `is already used by ${first} for direction "${direction}"`,
                    "give each rule of a direction its own priority",
                ),
            );
        } else {
            priorities.set(key, path);
        }
    }
    const protocol = readProtocol(reader, `${path}.protocol`, raw.protocol);
    const ports = (field: "localPorts" | "remotePorts"): string[] | undefined => {
        const list =
            reader.stringList(`${path}.${field}`, raw[field], "80", portOrRangeProblem) ??
            (raw[field] === undefined ? [] : undefined);
        if (
            known(list) &&
            list.length > 0 &&
            known(protocol) &&
            protocol !== "tcp" &&
            protocol !== "udp"
        ) {
            reader.add(
                problem(
                    `${path}.${field}`,
                    list,
                    `need protocol tcp or udp, not ${JSON.stringify(protocol)}`,
                    'set protocol to "tcp" or "udp", or remove the ports',
                ),
            );
        }
        return list;
    };
    const addresses = (field: "localAddresses" | "remoteAddresses"): string[] | undefined =>
        reader.stringList(`${path}.${field}`, raw[field], "10.244.0.0/16", addressOrCidrProblem) ??
        (raw[field] === undefined ? [] : undefined);
    let name = reader.string(`${path}.name`, raw.name, "allow-web", (itemPath, text) =>
        objectNameProblem(itemPath, text, undefined, "allow-web"),
    );
    if (raw.name === undefined && direction !== undefined && priority !== undefined) {
        name = `${direction}-${priority}`;
    }
    return withoutUndefined({
        name,
        action,
        direction,
        priority,
        protocol,
        remoteAddresses: addresses("remoteAddresses"),
        localAddresses: addresses("localAddresses"),
        localPorts: ports("localPorts"),
        remotePorts: ports("remotePorts"),
    }) as AclRule;
}

/** Validate and normalise `EndpointAcl` inputs. */
export function checkEndpointAcl(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const reference = readEndpointReference(reader, raw, connection);
    if (raw.rules === undefined || raw.rules === null) {
        reader.missing("rules", "set it to a list of rules (may be empty)");
    }
    const priorities = new Map<string, string>();
    const rules = reader.list("rules", raw.rules, "a list of rules", (path, value) =>
        readRule(reader, path, value, priorities),
    );
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            ...reference,
            rules,
            defaultInbound: reader.choice(
                "defaultInbound",
                raw.defaultInbound,
                ["allow", "block"] as const,
                endpointAclDefaults.defaultInbound,
            ),
            defaultOutbound: reader.choice(
                "defaultOutbound",
                raw.defaultOutbound,
                ["allow", "block"] as const,
                endpointAclDefaults.defaultOutbound,
            ),
        }),
        problems: reader.problems,
    };
}
