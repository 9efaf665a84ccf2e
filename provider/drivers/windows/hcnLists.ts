/**
 * HCN comma lists (`RemoteAddresses: "10.0.0.5,10.1.0.0/16"`, `LocalPorts: "80,8000-8080"`). HNS
 * splits them again, so each item is checked to be exactly one address, prefix, port or range
 * before it is joined: an item holding a separator would widen the rule.
 */
import { isCidr, isIpv4 } from "../../validate";

function port(text: string): boolean {
    return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/** Address items (IPv4 address or CIDR prefix) joined with commas; undefined for none. */
export function hcnAddressList(field: string, values: unknown[] | undefined): string | undefined {
    return joinChecked(
        field,
        values,
        (value) => isIpv4(value) || isCidr(value),
        "an IPv4 address or CIDR prefix",
        "10.0.0.5 or 10.0.0.0/24",
    );
}

/** Port items (a port or a range `low-high`) joined with commas; undefined for none. */
export function hcnPortList(field: string, values: unknown[] | undefined): string | undefined {
    return joinChecked(
        field,
        values,
        (value) => {
            const [low, high, ...rest] = value.split("-");
            return (
                rest.length === 0 &&
                port(low) &&
                (high === undefined || (port(high) && Number(low) <= Number(high)))
            );
        },
        "a port (1..65535) or a range low-high",
        "80 or 8000-8080",
    );
}

function joinChecked(
    field: string,
    values: unknown[] | undefined,
    valid: (value: string) => boolean,
    what: string,
    example: string,
): string | undefined {
    if (!values || values.length === 0) {
        return undefined;
    }
    values.forEach((value, index) => {
        if (typeof value !== "string" || !valid(value)) {
            throw new Error(
                `${field}[${index}] ${JSON.stringify(value)} is not ${what}, and HNS reads this field as a comma-separated list; give one value per item, such as ${example}`,
            );
        }
    });
    return values.join(",");
}
