/**
 * Check of `RuntimeNetworkConfig` inputs. Fields that only one operating system uses are refused
 * on the other, and their defaults are filled only once the connection's `os` is known.
 */
import { addressCount, nthAddress, parseCidr } from "./cidr";
import { canonicalCidrProblem, subnetProblem } from "./cidrRules";
import type { FieldReader } from "./fields";
import { withoutUndefined } from "./fields";
import { canonicalDirectory, linuxDirectoryProblem, windowsDirectoryProblem } from "./hostPaths";
import { parseIpv4 } from "./ipv4";
import { problem } from "./messages";
import { linuxInterfaceNameProblem } from "./names";
import type { CheckOutcome } from "./shared";
import {
    known,
    readAddressInSubnet,
    readDns,
    readHostBound,
    readOutboundNat,
    startReading,
} from "./shared";
import { runtimeNetworkConfigDefaults } from "../model/defaults";

const runtimes = ["containerd", "docker"] as const;
const cniVersions = ["0.3.1", "0.4.0", "1.0.0"] as const;

const reservedInRange = [
    { offset: 1, reason: "is the nominal gateway (.1), which no container may take" },
    { offset: 2, reason: "is the host gateway endpoint address (.2), which no container may take" },
];

/** Fields only Linux hosts use, and why they mean nothing on Windows. */
const linuxOnly: Record<string, string> = {
    rangeStart: "HNS hands out the addresses of the network's subnet itself",
    rangeEnd: "HNS hands out the addresses of the network's subnet itself",
    routes: "containers route everything through the gateway endpoint; use encapRoutes for the l2bridge routes",
    ipamDataDirectory: "HNS keeps its own address records",
};

/** Fields only Windows hosts use, and why they mean nothing on Linux. */
const windowsOnly: Record<string, string> = {
    encapRoutes: "encapsulated routes are an HNS endpoint policy",
    outboundNat:
        "the L2BridgeNetwork's masquerade covers every address of its subnet; set outboundNat on the network",
};

function readDirectory(
    reader: FieldReader,
    path: string,
    value: unknown,
    os: "linux" | "windows" | undefined,
): string | undefined {
    const example =
        os === "windows"
            ? runtimeNetworkConfigDefaults.configDirectory.windows
            : runtimeNetworkConfigDefaults.configDirectory.linux;
    const text = reader.string(path, value, example, (itemPath, item) => {
        if (os === "windows") {
            return windowsDirectoryProblem(itemPath, item, example);
        }
        if (os === "linux") {
            return linuxDirectoryProblem(itemPath, item, example);
        }
        return undefined;
    });
    return known(text) && os ? canonicalDirectory(text, os) : text;
}

/** `rangeStart` after `rangeEnd`, or `gateway` inside the range. */
function rangeProblems(
    reader: FieldReader,
    start: string | undefined,
    end: string | undefined,
    gateway: string | undefined,
): void {
    if (!known(start) || !known(end)) {
        return;
    }
    const first = parseIpv4(start);
    const last = parseIpv4(end);
    if (first === undefined || last === undefined) {
        return;
    }
    if (first > last) {
        reader.add(
            problem(
                "rangeEnd",
                end,
                `is before rangeStart ${start}`,
                `use an address at or after ${start}`,
            ),
        );
        return;
    }
    const gatewayAddress = known(gateway) ? parseIpv4(gateway) : undefined;
    if (gatewayAddress !== undefined && gatewayAddress >= first && gatewayAddress <= last) {
        reader.add(
            problem(
                "gateway",
                gateway,
                `is inside the range ${start}..${end} that containers take addresses from`,
                "start the range after the gateway with rangeStart, or end it before it with rangeEnd",
            ),
        );
    }
}

/** Validate and normalise `RuntimeNetworkConfig` inputs. */
export function checkRuntimeNetworkConfig(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const os = known(connection) ? connection.os : undefined;
    const network = reader.requiredString("network", raw.network, "cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "cbr0"),
    );
    const subnet = reader.requiredString("subnet", raw.subnet, "10.244.3.0/24", subnetProblem);
    const runtime = reader.choice(
        "runtime",
        raw.runtime,
        runtimes,
        runtimeNetworkConfigDefaults.runtime,
    );
    if (runtime === "docker" && os === "linux") {
        reader.add(
            problem(
                "runtime",
                runtime,
                "is not available on Linux hosts (Docker on Linux makes its own bridges and reads no CNI configuration)",
                'use "containerd", or a CNI runtime such as nerdctl, CRI-O or Podman, which read the same file',
            ),
        );
    }
    if (runtime === "docker" && os === "windows") {
        reader.add(
            problem(
                "runtime",
                runtime,
                "has no configuration to write: Docker adopts every HNS network as a Docker network of the same name when its daemon starts, and `docker network rm` of it deletes the HNS network",
                'restart the docker service once the L2BridgeNetwork exists and start containers with --network <network>; use "containerd" for a CNI configuration',
            ),
        );
    }
    for (const [field, reason] of Object.entries(os === "windows" ? linuxOnly : {})) {
        if (raw[field] !== undefined && raw[field] !== null) {
            reader.add(
                problem(
                    field,
                    raw[field],
                    `is not available on Windows hosts (${reason})`,
                    `remove ${field}`,
                ),
            );
        }
    }
    for (const [field, reason] of Object.entries(os === "linux" ? windowsOnly : {})) {
        if (raw[field] !== undefined && raw[field] !== null) {
            reader.add(
                problem(
                    field,
                    raw[field],
                    `is not available on Linux hosts (${reason})`,
                    `remove ${field}`,
                ),
            );
        }
    }
    const onLinux = os === "linux";
    const onWindows = os === "windows";
    const gateway = readAddressInSubnet(reader, "gateway", raw.gateway, subnet, {
        example: "10.244.3.2",
        reserved: [
            {
                offset: 1,
                reason: "is the nominal gateway (.1), which no host holds",
            },
        ],
        defaultOffset: runtimeNetworkConfigDefaults.gatewayOffset,
    });
    const lastOffset = known(subnet) ? (addressCount(subnet) ?? 2) - 2 : undefined;
    const rangeStart = onWindows
        ? undefined
        : readAddressInSubnet(reader, "rangeStart", raw.rangeStart, subnet, {
              example: "10.244.3.3",
              reserved: reservedInRange,
              defaultOffset: onLinux ? runtimeNetworkConfigDefaults.rangeStartOffset : undefined,
          });
    const rangeEnd = onWindows
        ? undefined
        : readAddressInSubnet(reader, "rangeEnd", raw.rangeEnd, subnet, {
              example: "10.244.3.254",
              reserved: reservedInRange,
              defaultOffset: onLinux ? lastOffset : undefined,
          });
    rangeProblems(reader, rangeStart, rangeEnd, gateway);
    const routes = onWindows
        ? undefined
        : (reader.stringList("routes", raw.routes, "0.0.0.0/0", canonicalCidrProblem) ??
          (onLinux ? [...runtimeNetworkConfigDefaults.routes] : undefined));
    const encapRoutes = onLinux
        ? undefined
        : (reader.stringList("encapRoutes", raw.encapRoutes, "10.0.0.4/32", canonicalCidrProblem) ??
          (onWindows ? [...runtimeNetworkConfigDefaults.encapRoutes] : undefined));
    const outboundNat = onLinux
        ? undefined
        : readOutboundNat(
              reader,
              "outboundNat",
              raw.outboundNat ?? (onWindows ? runtimeNetworkConfigDefaults.outboundNat : undefined),
          );
    if (
        known(outboundNat) &&
        outboundNat.enabled === false &&
        (outboundNat.exceptions ?? []).length > 0
    ) {
        reader.add(
            problem(
                "outboundNat.exceptions",
                outboundNat.exceptions,
                "are not used while outboundNat.enabled is false (the configuration carries no NAT policy to hold them)",
                "remove them, or set outboundNat.enabled to true",
            ),
        );
    }
    const priority =
        reader.integer("priority", raw.priority, { min: 0, max: 99, example: 10 }) ??
        (raw.priority === undefined || raw.priority === null
            ? runtimeNetworkConfigDefaults.priority
            : undefined);
    const configDirectory =
        readDirectory(reader, "configDirectory", raw.configDirectory, os) ??
        (raw.configDirectory === undefined || raw.configDirectory === null
            ? os && runtimeNetworkConfigDefaults.configDirectory[os]
            : undefined);
    const ipamDataDirectory = onWindows
        ? undefined
        : readDirectory(reader, "ipamDataDirectory", raw.ipamDataDirectory, os);
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            network,
            subnet,
            runtime,
            configDirectory,
            priority,
            gateway,
            rangeStart,
            rangeEnd,
            routes,
            encapRoutes,
            dns: readDns(reader, "dns", raw.dns ?? runtimeNetworkConfigDefaults.dns),
            outboundNat,
            cniVersion: reader.choice(
                "cniVersion",
                raw.cniVersion,
                cniVersions,
                runtimeNetworkConfigDefaults.cniVersion,
            ),
            ipamDataDirectory,
        }),
        problems: reader.problems,
    };
}

/** The network prefix length of a valid subnet (for file texts that need it). */
export function subnetPrefixLength(subnet: string): number | undefined {
    return parseCidr(subnet)?.prefixLength;
}

/** The last host address of a valid subnet (the default `rangeEnd`). */
export function lastHostAddress(subnet: string): string | undefined {
    const count = addressCount(subnet);
    return count === undefined ? undefined : nthAddress(subnet, count - 2);
}
