/**
 * Values written into CNI configuration documents, each checked where the document is composed, so
 * a value the plugin would read differently (an address that is not one, a name holding a path
 * separator) fails with its name instead of reaching the host.
 */
import {
    canonicalDirectory,
    dnsNameProblem,
    isCanonicalCidr,
    isIpv4,
    linuxDirectoryProblem,
    linuxInterfaceNameProblem,
    windowsDirectoryProblem,
} from "../../validate";

/** An IPv4 address, checked. */
export function cniAddress(field: string, value: string | undefined): string {
    if (value === undefined || !isIpv4(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not an IPv4 address, so it cannot be written to a CNI configuration; use a form like 10.244.3.2`,
        );
    }
    return value;
}

/** A canonical IPv4 prefix, checked. */
export function cniPrefix(field: string, value: string | undefined): string {
    if (value === undefined || !isCanonicalCidr(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} is not a canonical IPv4 prefix, so it cannot be written to a CNI configuration; use a form like 10.244.3.0/24`,
        );
    }
    return value;
}

/** A DNS name (a suffix or a search domain), checked. */
export function cniDnsName(field: string, value: string): string {
    const message = dnsNameProblem(field, value);
    if (message) {
        throw new Error(`${message}; it cannot be written to a CNI configuration`);
    }
    return value;
}

/** A network name: a Linux interface name, so never a path separator or a leading dot. */
export function cniNetworkName(value: string | undefined): string {
    const message = linuxInterfaceNameProblem("network", String(value), "cbr0");
    if (value === undefined || message) {
        throw new Error(
            `${message ?? "network: is required"}; it names the CNI network and its file`,
        );
    }
    return value;
}

/** The file's order prefix, two digits. */
export function cniPriority(value: number | undefined): string {
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > 99) {
        throw new Error(
            `priority ${JSON.stringify(value)} is not a whole number 0..99, so it cannot start a CNI file name`,
        );
    }
    return String(value).padStart(2, "0");
}

/** An absolute directory of the host's operating system, checked and in canonical form. */
export function cniDirectory(
    field: string,
    value: string | undefined,
    os: "linux" | "windows",
): string {
    const text = String(value);
    const message =
        os === "windows"
            ? windowsDirectoryProblem(field, text, "C:\\Program Files\\containerd\\cni\\conf")
            : linuxDirectoryProblem(field, text, "/etc/cni/net.d");
    if (value === undefined || message) {
        throw new Error(
            `${message ?? `${field}: is required`}; the CNI file cannot be placed there`,
        );
    }
    return canonicalDirectory(value, os);
}
