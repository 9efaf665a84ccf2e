/**
 * How a policy resource (PortPublish, EndpointAcl) names the endpoint its policies sit on: a
 * ContainerEndpoint of this package by name, or an endpoint another program made (Docker,
 * containerd through CNI) by its IPv4 address or, on Windows, its HNS endpoint ID. Exactly one.
 */
import type { HostConnection } from "../model/hostConnection";
import { parseIpv4 } from "./ipv4";
import { ipv4Problem } from "./cidrRules";
import type { FieldReader } from "./fields";
import { formatValue, isUnknown, problem } from "./messages";
import { linuxInterfaceNameProblem } from "./names";
import { known } from "./shared";

/** The fields that name an endpoint, in the order messages list them. */
export const endpointReferenceFields = ["endpoint", "endpointIp", "endpointId"] as const;

/** The endpoint reference of a checked input bag. */
export interface EndpointReferenceFields {
    endpoint?: string;
    endpointIp?: string;
    endpointId?: string;
}

const guid =
    /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/;

/** Example of an HNS endpoint ID in messages. */
export const endpointIdExample = "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";

/** An HNS endpoint ID in its one stored spelling (lower case, no braces), or undefined. */
export function canonicalEndpointId(text: string): string | undefined {
    const match = guid.exec(text);
    return match ? match[1].toLowerCase() : undefined;
}

/** A GUID naming an HNS endpoint (braces and upper case accepted). */
export function endpointIdProblem(path: string, value: string): string | undefined {
    if (canonicalEndpointId(value) !== undefined) {
        return undefined;
    }
    return problem(
        path,
        value,
        `is not an HNS endpoint ID (a GUID such as ${endpointIdExample})`,
        "use the ID that hnsdiag list endpoints or docker network inspect shows",
    );
}

/**
 * An address a container endpoint can hold: a dotted-quad IPv4 address that is not in 0.0.0.0/8,
 * 127.0.0.0/8 (loopback) or 224.0.0.0 and above (multicast, reserved, broadcast).
 */
export function endpointAddressProblem(path: string, value: string): string | undefined {
    const syntax = ipv4Problem(path, value);
    if (syntax) {
        return syntax;
    }
    const first = (parseIpv4(value) ?? 0) >>> 24;
    if (first === 0 || first === 127 || first >= 224) {
        const range = first === 0 ? "0.0.0.0/8" : first === 127 ? "127.0.0.0/8" : "224.0.0.0/3";
        return problem(
            path,
            value,
            `is in ${range}, which no container endpoint holds`,
            "use the container's address, such as 10.244.3.10",
        );
    }
    return undefined;
}

/** True when the field was given (an unknown value counts as given). */
function given(value: unknown): boolean {
    return value !== undefined && value !== null;
}

/**
 * Read `endpoint`, `endpointIp` and `endpointId`: exactly one must be given; the address must be a
 * plain IPv4 address a container can hold; the ID a GUID (stored in lower case) and only on Windows.
 */
export function readEndpointReference(
    reader: FieldReader,
    raw: Record<string, unknown>,
    connection: HostConnection | undefined,
): EndpointReferenceFields {
    const present = endpointReferenceFields.filter((field) => given(raw[field]));
    if (present.length === 0) {
        reader.missing(
            "endpoint",
            "set endpoint to the name of a ContainerEndpoint on this host, endpointIp to the address of an endpoint another program made (such as 10.244.3.10), or endpointId to its HNS endpoint ID (Windows)",
        );
    }
    for (const field of present.slice(1)) {
        const first = present[0];
        reader.add(
            problem(
                field,
                raw[field],
                `is given together with ${first} ${formatValue(raw[first])}`,
                "give exactly one of endpoint, endpointIp and endpointId",
            ),
        );
    }
    const endpoint = reader.string("endpoint", raw.endpoint, "web-cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "web-cbr0"),
    );
    const endpointIp = reader.string(
        "endpointIp",
        raw.endpointIp,
        "10.244.3.10",
        endpointAddressProblem,
    );
    let endpointId = reader.string(
        "endpointId",
        raw.endpointId,
        endpointIdExample,
        endpointIdProblem,
    );
    if (known(endpointId) && connection && known(connection) && connection.os === "linux") {
        reader.add(
            problem(
                "endpointId",
                endpointId,
                "is an HNS endpoint ID, which only Windows hosts have",
                "on a Linux host name the endpoint by endpointIp",
            ),
        );
        endpointId = undefined;
    }
    if (endpointId !== undefined && !isUnknown(endpointId)) {
        endpointId = canonicalEndpointId(endpointId);
    }
    return { endpoint, endpointIp, endpointId };
}

/**
 * The key that names the endpoint in platform IDs and nft table names: the endpoint's name,
 * `ip:<address>` or `id:<HNS ID>` (names cannot hold `:`, so the three never meet).
 */
export function endpointKey(reference: EndpointReferenceFields): string {
    if (reference.endpointIp !== undefined) {
        return `ip:${reference.endpointIp}`;
    }
    if (reference.endpointId !== undefined) {
        return `id:${reference.endpointId}`;
    }
    return reference.endpoint ?? "";
}
