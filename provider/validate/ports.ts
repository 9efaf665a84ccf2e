/**
 * Ports, port ranges, protocols and VLAN IDs.
 */
import type { IntegerRange } from "./fields";
import { problem } from "./messages";

/** A TCP or UDP port. */
export const portRange: IntegerRange = { min: 1, max: 65535, example: 8080 };

/** An 802.1Q VLAN ID. */
export const vlanRange: IntegerRange = {
    min: 1,
    max: 4094,
    example: 100,
    fix: "802.1Q VLAN IDs are 12 bits with 0 and 4095 reserved, so 4096 and 4097 (seen in l2bridge examples) are not VLAN IDs; use an ID such as 100",
};

/** An IP protocol number. */
export const protocolNumberRange: IntegerRange = { min: 0, max: 255, example: 47 };

/** ACL priorities. */
export const aclPriorityRange: IntegerRange = { min: 1, max: 65000, example: 100 };

/** Route metrics. */
export const routeMetricRange: IntegerRange = { min: 0, max: 9999, example: 256 };

/** Interface MTU. */
export const mtuRange: IntegerRange = { min: 576, max: 9216, example: 1500 };

/** A port (`80`) or an inclusive range (`8000-8080`) written as a string. */
export function portOrRangeProblem(path: string, value: string): string | undefined {
    const match = /^([1-9]\d{0,4})(?:-([1-9]\d{0,4}))?$/.exec(value);
    const fix = "use a port 1..65535 such as 80, or a range such as 8000-8080";
    if (!match) {
        return problem(path, value, "is not a port or port range", fix);
    }
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low > 65535 || high > 65535) {
        return problem(path, value, "is out of range 1..65535", fix);
    }
    if (low > high) {
        return problem(path, value, "starts above its end", `use ${high}-${low}`);
    }
    return undefined;
}

/** Protocol names with the IANA number each one stands for. */
export const protocolNumbers: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17 };
