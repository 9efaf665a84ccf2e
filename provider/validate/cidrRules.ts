/**
 * Validators of prefixes and addresses. Each returns a message (see messages.ts) or undefined when
 * the value is good.
 */
import {
    broadcastAddress,
    canonicalCidr,
    cidrContains,
    isCanonicalCidr,
    networkAddress,
    nthAddress,
    parseCidr,
} from "./cidr";
import { formatIpv4, isIpv4 } from "./ipv4";
import { problem } from "./messages";

/** An IPv4 address in dotted-quad form. */
export function ipv4Problem(path: string, value: string): string | undefined {
    if (isIpv4(value)) {
        return undefined;
    }
    return problem(
        path,
        value,
        "is not an IPv4 address",
        "use dotted-quad form such as 10.244.3.10",
    );
}

/** `value` with the zeros before its prefix length removed (`10.0.0.0/08` → `10.0.0.0/8`), if any. */
function withoutLengthZeros(value: string): string | undefined {
    const match = /^([^/]*)\/0+(\d{1,2})$/.exec(value);
    const unpadded = match && `${match[1]}/${Number(match[2])}`;
    return unpadded && parseCidr(unpadded) ? unpadded : undefined;
}

/** A prefix as parsed, reading a zero-padded length (`/08`) as its number so size rules apply. */
function parsedLeniently(value: string): ReturnType<typeof parseCidr> {
    return parseCidr(value) ?? parseCidr(withoutLengthZeros(value) ?? "");
}

/**
 * An IPv4 prefix in canonical form (`10.0.0.0/24`, not `10.0.0.5/24` nor `10.0.0.0/024`). A prefix
 * length with leading zeros is refused (Python's ipaddress reads `/08` as 8, other tools refuse it
 * or read it as octal), naming the plain form.
 */
export function canonicalCidrProblem(path: string, value: string): string | undefined {
    const unpadded = withoutLengthZeros(value);
    if (unpadded) {
        return problem(
            path,
            value,
            "has leading zeros in its prefix length, which tools read differently (some refuse it, some read it as octal)",
            `write the length without them: ${canonicalCidr(unpadded) ?? unpadded}`,
        );
    }
    if (!parseCidr(value)) {
        return problem(
            path,
            value,
            "is not an IPv4 CIDR prefix",
            "use <network address>/<length> such as 10.244.3.0/24",
        );
    }
    if (!isCanonicalCidr(value)) {
        return problem(
            path,
            value,
            "is not the network address",
            `use ${canonicalCidr(value) ?? "the network address"}`,
        );
    }
    return undefined;
}

/**
 * An outbound NAT exception: a canonical prefix that is not every address (`0.0.0.0/0` would turn
 * SNAT off for every destination).
 */
export function natExceptionProblem(path: string, value: string): string | undefined {
    const cidr = parsedLeniently(value);
    if (cidr && cidr.prefixLength === 0) {
        return problem(
            path,
            value,
            "turns outbound NAT off for every destination: containers would reach outside networks with their own addresses and the replies would not come back",
            "list only the ranges that route back to the containers, such as the cluster's 10.244.0.0/16, or set outboundNat.enabled to false",
        );
    }
    return canonicalCidrProblem(path, value);
}

/** An IPv4 address or a canonical prefix. */
export function addressOrCidrProblem(path: string, value: string): string | undefined {
    if (value.includes("/")) {
        return canonicalCidrProblem(path, value);
    }
    if (isIpv4(value)) {
        return undefined;
    }
    return problem(
        path,
        value,
        "is neither an IPv4 address nor a CIDR prefix",
        "use an address such as 10.244.3.10 or a prefix such as 10.244.0.0/16",
    );
}

/**
 * A container subnet: canonical, not every address (`/0`) and large enough for `.1`, `.2` and at
 * least one container.
 */
export function subnetProblem(path: string, value: string): string | undefined {
    const cidr = parsedLeniently(value);
    if (cidr && cidr.prefixLength === 0) {
        return problem(
            path,
            value,
            "covers every IPv4 address, so the host could reach no other network and the containers no address outside their own bridge",
            "use one host's container range such as 10.244.3.0/24",
        );
    }
    if (cidr && cidr.prefixLength > 29) {
        return problem(
            path,
            value,
            "is too small: .1 is the nominal gateway and .2 the host, leaving no container address",
            `use a /29 or larger prefix such as ${canonicalCidr(`${formatIpv4(cidr.network)}/24`)}`,
        );
    }
    return canonicalCidrProblem(path, value);
}

/** Options of `hostAddressProblem`. */
export interface HostAddressRules {
    /** Offsets from the network address the address may not take, with the reason for each. */
    reserved?: ReadonlyArray<{ offset: number; reason: string }>;
}

/**
 * An address that must be a usable host address of `subnet`: inside it, not its network or
 * broadcast address, and not one of the reserved offsets. `subnet` must already be valid.
 */
export function hostAddressProblem(
    path: string,
    value: string,
    subnet: string,
    rules: HostAddressRules = {},
): string | undefined {
    const syntax = ipv4Problem(path, value);
    if (syntax) {
        return syntax;
    }
    const reserved = rules.reserved ?? [];
    const firstFree = firstFreeOffset(reserved);
    const example = nthAddress(subnet, firstFree) ?? nthAddress(subnet, 1);
    if (!cidrContains(subnet, value)) {
        return problem(
            path,
            value,
            `is outside subnet ${subnet}`,
            `use an address inside it, such as ${example}`,
        );
    }
    if (value === networkAddress(subnet)) {
        return problem(
            path,
            value,
            `is the network address of ${subnet}`,
            `use a host address such as ${example}`,
        );
    }
    if (value === broadcastAddress(subnet)) {
        return problem(
            path,
            value,
            `is the broadcast address of ${subnet}`,
            `use a host address such as ${example}`,
        );
    }
    for (const entry of reserved) {
        if (value === nthAddress(subnet, entry.offset)) {
            return problem(path, value, entry.reason, `use another address such as ${example}`);
        }
    }
    return undefined;
}

function firstFreeOffset(reserved: ReadonlyArray<{ offset: number }>): number {
    let offset = 1;
    while (reserved.some((entry) => entry.offset === offset)) {
        offset += 1;
    }
    return offset;
}
