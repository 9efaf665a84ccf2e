/**
 * Validators of names: objects on a host (HNS names, Linux device names), interface aliases, MAC
 * addresses and DNS names. Each returns a message or undefined.
 */
import { parseIpv4 } from "./ipv4";
import { problem } from "./messages";

/** The longest Linux interface name, in bytes (IFNAMSIZ - 1). */
export const linuxInterfaceNameMaxBytes = 15;

/** The longest object name this package gives an HNS object. */
export const hnsNameMaxBytes = 64;

const safeName = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function byteLength(text: string): number {
    return Buffer.byteLength(text, "utf8");
}

/** A name safe as an HNS object name and in scripts: letters, digits, `-`, `_`, `.`, at most `maxBytes`. */
export function objectNameProblem(
    path: string,
    value: string,
    maxBytes = hnsNameMaxBytes,
    example = "cbr0",
): string | undefined {
    if (value === "") {
        return problem(path, value, "is empty", `use a name such as ${example}`);
    }
    if (!safeName.test(value)) {
        return problem(
            path,
            value,
            'has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit',
            `use a name such as ${example}`,
        );
    }
    if (byteLength(value) > maxBytes) {
        const why =
            maxBytes === linuxInterfaceNameMaxBytes
                ? `longer than the ${maxBytes} bytes a Linux interface name allows`
                : `longer than ${maxBytes} bytes`;
        return problem(
            path,
            value,
            `is ${byteLength(value)} bytes, ${why}`,
            `use at most ${maxBytes} bytes, such as ${value.slice(0, maxBytes)}`,
        );
    }
    return undefined;
}

/** A name that becomes a Linux network interface: at most 15 bytes of letters, digits, `-`, `_`, `.`. */
export function linuxInterfaceNameProblem(
    path: string,
    value: string,
    example = "eth0",
): string | undefined {
    return objectNameProblem(path, value, linuxInterfaceNameMaxBytes, example);
}

/** What an interface alias may hold, as said in messages. */
export const interfaceAliasRule =
    "printable characters without quotes, backquotes or the wildcards * ? [ ], no leading or trailing spaces, at most 255";

/**
 * A Windows interface alias (`Ethernet`, `vEthernet (Ethernet)`) or a Linux device name: printable,
 * without quotes of any kind (including typographic ones) or wildcard characters, without leading
 * or trailing spaces, at most 255 characters.
 */
export function interfaceAliasProblem(path: string, value: string): string | undefined {
    const fix = `use the interface name as Get-NetAdapter or ip link shows it: ${interfaceAliasRule}`;
    if (value === "") {
        return problem(path, value, "is empty", "use an interface name such as Ethernet");
    }
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
        return problem(path, value, "contains control characters", fix);
    }
    if (/['"`\u2018-\u201f*?[\]]/.test(value)) {
        return problem(path, value, "contains a quote or a wildcard character", fix);
    }
    if (value.trim() !== value) {
        return problem(
            path,
            value,
            "has leading or trailing spaces",
            `use ${JSON.stringify(value.trim())}`,
        );
    }
    if (value.length > 255) {
        return problem(path, value.slice(0, 20) + "…", "is longer than 255 characters", fix);
    }
    return undefined;
}

/** A physical uplink adapter: an interface alias that is not a Hyper-V virtual adapter. */
export function uplinkAdapterProblem(path: string, value: string): string | undefined {
    const alias = interfaceAliasProblem(path, value);
    if (alias) {
        return alias;
    }
    const virtual = /^vEthernet \((.*)\)$/i.exec(value);
    if (virtual) {
        return problem(
            path,
            value,
            "is a Hyper-V virtual adapter",
            `use the physical adapter it sits on, such as ${virtual[1] || "Ethernet"}`,
        );
    }
    return undefined;
}

const macPattern = /^[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/;

/** A unicast MAC address, `aa-bb-cc-dd-ee-ff` or `aa:bb:cc:dd:ee:ff`. */
export function macAddressProblem(path: string, value: string): string | undefined {
    if (!macPattern.test(value)) {
        return problem(
            path,
            value,
            "is not a MAC address",
            "use six hex pairs separated by - or :, such as 02-00-0a-f4-03-0a",
        );
    }
    if ((parseInt(value.slice(0, 2), 16) & 1) === 1) {
        return problem(
            path,
            value,
            "is a multicast address",
            "use a unicast address (even first byte), such as 02-00-0a-f4-03-0a",
        );
    }
    return undefined;
}

/** The canonical MAC form used in state: lower case, `-` separated. */
export function canonicalMac(value: string): string {
    return value.toLowerCase().replace(/:/g, "-");
}

const dnsLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS domain name such as `corp.example`. */
export function dnsNameProblem(path: string, value: string): string | undefined {
    const labels = value.split(".");
    if (value.length > 253 || labels.some((label) => !dnsLabel.test(label))) {
        return problem(
            path,
            value,
            "is not a DNS name",
            "use labels of letters, digits and inner hyphens separated by dots, such as corp.example",
        );
    }
    return undefined;
}

/** A host to connect to: a DNS name, an IPv4 address or an IPv6 literal. */
export function hostNameProblem(path: string, value: string): string | undefined {
    if (/^[0-9A-Fa-f:]+$/.test(value) && value.includes(":")) {
        return undefined;
    }
    if (/^[0-9.]+$/.test(value)) {
        return parseIpv4(value) === undefined
            ? problem(
                  path,
                  value,
                  "is not an IPv4 address",
                  "use dotted-quad form such as 10.0.0.4",
              )
            : undefined;
    }
    if (dnsNameProblem(path, value)) {
        return problem(
            path,
            value,
            "is not a host name or IP address",
            "use a name such as host1.corp.example or an address such as 10.0.0.4",
        );
    }
    return undefined;
}
