/**
 * Cluster-wide validation of `L2BridgeCluster` arguments, run at construction so that `pulumi
 * preview` rejects bad input before any host is touched. Returns every problem at once.
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostOs } from "../provider/model/hostConnection";
import { validateAzureOptions } from "./azureOptionsValidation";
import type { L2BridgeClusterArgs, ClusterHostArgs } from "./l2BridgeClusterTypes";
import { checkPrefixField, hostLabel, validateRoutedHosts } from "./routedHostValidation";

/** Default name of the network (and route set) on every host. */
export const defaultNetworkName = "l2bridge";

const networkNamePattern = /^[A-Za-z0-9_.-]{1,15}$/;
const hostOsValues: readonly string[] = ["windows", "linux"];

/** `connection.os` when the connection is a plain object with a plain `os`. */
function plainConnectionOs(host: ClusterHostArgs): unknown {
    const connection: unknown = host.connection;
    if (
        typeof connection !== "object" ||
        connection === null ||
        pulumi.Output.isInstance(connection)
    ) {
        return undefined;
    }
    return (connection as { os?: unknown }).os;
}

/** The host's OS: `os`, else `connection.os` when that is a plain value; `undefined` when neither. */
export function resolveHostOs(host: ClusterHostArgs): string | undefined {
    if (host.os !== undefined) {
        return host.os;
    }
    const connectionOs = plainConnectionOs(host);
    return typeof connectionOs === "string" ? connectionOs : undefined;
}

function checkHostOs(host: ClusterHostArgs, index: number, problems: string[]): void {
    const label = hostLabel(host, index);
    const os = resolveHostOs(host);
    const connectionOs = plainConnectionOs(host);
    if (os === undefined) {
        problems.push(
            `${label}: os is unknown because connection.os is not a plain value; set os to "windows" or "linux"`,
        );
    } else if (!hostOsValues.includes(os)) {
        problems.push(`${label}: os ${JSON.stringify(os)} is not valid; use "windows" or "linux"`);
    } else if (typeof connectionOs === "string" && connectionOs !== os) {
        problems.push(
            `${label}: os "${os}" disagrees with connection.os "${connectionOs}"; drop os or make them match`,
        );
    }
}

/**
 * Checks cluster arguments: hosts (names, addresses, container subnets, OS), the hosts' subnet,
 * the network name, the extra NAT exceptions and the Azure options.
 * @returns every problem found; empty when the cluster is valid
 */
export function validateCluster(args: L2BridgeClusterArgs): string[] {
    const problems = validateRoutedHosts(args.hosts, args.hostSubnet);
    (args.hosts ?? []).forEach((host, index) => checkHostOs(host, index, problems));
    const networkName = args.networkName ?? defaultNetworkName;
    if (typeof networkName !== "string" || !networkNamePattern.test(networkName)) {
        problems.push(
            `networkName: ${JSON.stringify(networkName)} is not valid; use 1..15 letters, digits, "-", "_" and "."`,
        );
    }
    (args.natExceptions ?? []).forEach((exception, index) =>
        checkPrefixField(`natExceptions[${index}]`, exception, problems),
    );
    if (args.azure) {
        problems.push(...validateAzureOptions(args.azure, "azure"));
    }
    return problems;
}

/** Narrows a validated OS string. */
export function asHostOs(os: string | undefined): HostOs {
    return os === "linux" ? "linux" : "windows";
}
