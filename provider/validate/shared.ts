/**
 * Readers shared by several resource kinds: the host-bound fields, DNS settings, outbound NAT and
 * the outcome type of a kind's check.
 */
import type { DnsSettings } from "../model/dnsSettings";
import type { OutboundNat } from "../model/outboundNat";
import type { HostConnection } from "../model/hostConnection";
import { nthAddress } from "./cidr";
import type { HostAddressRules } from "./cidrRules";
import { hostAddressProblem, natExceptionProblem, ipv4Problem } from "./cidrRules";
import { readConnection } from "./connection";
import { FieldReader, withoutUndefined } from "./fields";
import { isUnknown } from "./messages";
import { dnsNameProblem } from "./names";

/** What checking one input bag produced. */
export interface CheckOutcome {
    /** The normalised inputs: canonical values, defaults filled, bad fields left out. */
    inputs: Record<string, unknown>;
    /** Every message, in field order; empty when the inputs are good. */
    problems: string[];
}

/** The fields every host-bound resource takes. */
export interface HostBoundFields {
    connection: HostConnection | undefined;
    adopt: boolean | undefined;
}

/** Read `connection` and `adopt` (default false). */
export function readHostBound(reader: FieldReader, raw: Record<string, unknown>): HostBoundFields {
    return {
        connection: readConnection(reader, raw.connection),
        adopt: reader.boolean("adopt", raw.adopt, false),
    };
}

/** Read DNS settings; `servers` and `search` default to []. */
export function readDns(
    reader: FieldReader,
    path: string,
    value: unknown,
): DnsSettings | undefined {
    if (isUnknown(value)) {
        return value as DnsSettings;
    }
    const raw = reader.object(path, value, 'an object such as { servers: ["10.0.0.10"] }');
    if (!raw) {
        return undefined;
    }
    return withoutUndefined({
        servers: reader.stringList(`${path}.servers`, raw.servers, "10.0.0.10", ipv4Problem) ?? [],
        suffix: reader.string(`${path}.suffix`, raw.suffix, "corp.example", dnsNameProblem),
        search:
            reader.stringList(`${path}.search`, raw.search, "corp.example", dnsNameProblem) ?? [],
    });
}

/** Read outbound NAT; `enabled` defaults to true and `exceptions` to []. */
export function readOutboundNat(
    reader: FieldReader,
    path: string,
    value: unknown,
): OutboundNat | undefined {
    if (isUnknown(value)) {
        return value as OutboundNat;
    }
    const raw = reader.object(path, value, "an object such as { enabled: true, exceptions: [] }");
    if (!raw) {
        return undefined;
    }
    return {
        enabled: reader.boolean(`${path}.enabled`, raw.enabled, true) ?? true,
        exceptions:
            reader.stringList(
                `${path}.exceptions`,
                raw.exceptions,
                "10.244.0.0/16",
                natExceptionProblem,
            ) ?? [],
    };
}

/** Start reading a bag: a reader and the bag as an object (a non-object bag is one message). */
export function startReading(news: unknown): { reader: FieldReader; raw: Record<string, unknown> } {
    const reader = new FieldReader();
    const raw = reader.object("inputs", news, "an object of resource properties") ?? {};
    return { reader, raw };
}

/** True when a value is known and passed its checks (present in the normalised bag). */
export function known<T>(value: T | undefined): value is T {
    return value !== undefined && !isUnknown(value);
}

/** How `readAddressInSubnet` treats an address. */
export interface AddressInSubnetOptions {
    /** Example for the message of a missing required address. */
    example: string;
    /** A missing address is a failure. */
    required?: boolean;
    /** Offsets the address may not take, with the reason. */
    reserved?: HostAddressRules["reserved"];
    /** When absent, default to this offset from the network address. */
    defaultOffset?: number;
}

/**
 * Read an address that must be a usable host address of `subnet` (only its syntax is checked when
 * the subnet is unknown or invalid). Returns the address, its default, or undefined.
 */
export function readAddressInSubnet(
    reader: FieldReader,
    path: string,
    value: unknown,
    subnet: string | undefined,
    options: AddressInSubnetOptions,
): string | undefined {
    if (value === undefined || value === null) {
        if (options.required) {
            reader.missing(path, `set it, for example ${options.example}`);
            return undefined;
        }
        if (options.defaultOffset === undefined || subnet === undefined) {
            return undefined;
        }
        return known(subnet) ? nthAddress(subnet, options.defaultOffset) : subnet;
    }
    return reader.string(path, value, options.example, (itemPath, text) =>
        known(subnet)
            ? hostAddressProblem(itemPath, text, subnet, { reserved: options.reserved })
            : ipv4Problem(itemPath, text),
    );
}
