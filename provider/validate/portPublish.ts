/**
 * Check of `PortPublish` inputs.
 */
import { ipv4Problem } from "./cidrRules";
import { readEndpointReference } from "./endpointReference";
import { withoutUndefined } from "./fields";
import { portRange } from "./ports";
import type { CheckOutcome } from "./shared";
import { readHostBound, startReading } from "./shared";
import { portPublishDefaults } from "../model/defaults";

/** Validate and normalise `PortPublish` inputs. */
export function checkPortPublish(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            ...readEndpointReference(reader, raw, connection),
            protocol: reader.choice(
                "protocol",
                raw.protocol,
                ["tcp", "udp"] as const,
                portPublishDefaults.protocol,
            ),
            hostPort: reader.requiredInteger("hostPort", raw.hostPort, portRange),
            containerPort: reader.requiredInteger("containerPort", raw.containerPort, {
                ...portRange,
                example: 80,
            }),
            hostIp: reader.string("hostIp", raw.hostIp, "10.0.0.4", ipv4Problem),
            localAccess: reader.boolean(
                "localAccess",
                raw.localAccess,
                portPublishDefaults.localAccess,
            ),
        }),
        problems: reader.problems,
    };
}
