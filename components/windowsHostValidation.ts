/** Validation of `WindowsContainerHost` arguments; returns every problem at once. */
import { parseCidr } from "../provider/validate/cidr";
import { parseIpv4 } from "../provider/validate/ipv4";
import { containerRuntimes, runtimeDefaults } from "./containerRuntimeScript";
import type { WindowsContainerHostArgs } from "./windowsContainerHostTypes";

/** Default administrator account name. */
export const defaultAdminUsername = "l2bridgeadmin";

/** Account names Azure refuses for a Windows VM administrator (case-insensitive). */
export const reservedAdminNames: readonly string[] = [
    "administrator",
    "admin",
    "user",
    "user1",
    "user2",
    "user3",
    "test",
    "test1",
    "test2",
    "root",
    "guest",
    "owner",
    "sys",
    "support",
    "server",
    "console",
    "david",
    "backup",
    "actuser",
    "adm",
    "aspnet",
    "a",
    "john",
    "sql",
    "support_388945a0",
    "1",
    "123",
    "admin1",
    "admin2",
    "asp",
];

const computerNamePattern = /^[A-Za-z0-9-]{1,15}$/;
const adminNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,19}$/;

/**
 * Checks the plain arguments of a Windows container host named `name`.
 * @returns every problem found
 */
export function validateWindowsHost(name: string, args: WindowsContainerHostArgs): string[] {
    const problems: string[] = [];
    const computerName = args.computerName ?? name;
    if (!computerNamePattern.test(computerName) || /^\d+$/.test(computerName)) {
        const source = args.computerName === undefined ? "(from the component name) " : "";
        problems.push(
            `computerName: "${computerName}" ${source}is not a Windows computer name; set computerName to 1..15 letters, digits and "-", not only digits`,
        );
    }
    const adminUsername = args.adminUsername ?? defaultAdminUsername;
    if (!adminNamePattern.test(adminUsername) || adminUsername.endsWith(".")) {
        problems.push(
            `adminUsername: "${adminUsername}" is not valid; use 1..20 letters, digits, "_", "." and "-", not ending in "."`,
        );
    } else if (reservedAdminNames.includes(adminUsername.toLowerCase())) {
        problems.push(
            `adminUsername: "${adminUsername}" is reserved by Azure; pick another name such as "${defaultAdminUsername}"`,
        );
    }
    if (args.privateIpAddress !== undefined && parseIpv4(args.privateIpAddress) === undefined) {
        problems.push(
            `privateIpAddress: "${args.privateIpAddress}" is not an IPv4 address; use an address of the hosts' subnet such as "10.0.0.4"`,
        );
    }
    const source = args.managementSourcePrefix;
    const sourcePrefix =
        typeof source === "string"
            ? (parseCidr(source) ??
              (parseIpv4(source) !== undefined ? parseCidr(`${source}/32`) : undefined))
            : undefined;
    if (!sourcePrefix) {
        problems.push(
            `managementSourcePrefix: ${JSON.stringify(source)} is not an IPv4 address or CIDR; use the range SSH may come from, such as "203.0.113.7/32"`,
        );
    } else if (sourcePrefix.prefixLength === 0) {
        problems.push(
            `managementSourcePrefix: "${source}" opens SSH to the whole internet; use the range SSH may come from, such as "203.0.113.7/32"`,
        );
    }
    problems.push(...runtimeProblems(args));
    return problems;
}

const versionPattern = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;

/** Problems of the runtime choice and its pinned versions. */
function runtimeProblems(args: WindowsContainerHostArgs): string[] {
    const problems: string[] = [];
    const runtime = args.containerRuntime ?? "none";
    if (!(containerRuntimes as readonly string[]).includes(runtime)) {
        problems.push(
            `containerRuntime: ${JSON.stringify(runtime)} is not a runtime this component installs; use one of ${containerRuntimes.map((r) => `"${r}"`).join(", ")}`,
        );
    }
    const pinned: [string, unknown, string][] = [
        ["runtimeVersion", args.runtimeVersion, runtimeDefaults.containerdVersion],
        ["cniPluginsVersion", args.cniPluginsVersion, runtimeDefaults.cniPluginsVersion],
    ];
    for (const [field, value, example] of pinned) {
        if (value === undefined) continue;
        if (typeof value !== "string" || !versionPattern.test(value)) {
            problems.push(
                `${field}: ${JSON.stringify(value)} is not a version; write MAJOR.MINOR.PATCH without a leading "v", such as "${example}"`,
            );
        } else if (runtime === "none") {
            problems.push(
                `${field}: "${value}" is set but containerRuntime is "none"; set containerRuntime or remove ${field}`,
            );
        }
    }
    if (args.cniPluginsVersion !== undefined && runtime === "docker") {
        problems.push(
            `cniPluginsVersion: "${args.cniPluginsVersion}" applies to containerd only; remove it for containerRuntime "docker"`,
        );
    }
    return problems;
}
