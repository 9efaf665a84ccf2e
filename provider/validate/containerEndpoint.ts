/**
 * Check of `ContainerEndpoint` inputs.
 */
import { subnetProblem } from "./cidrRules";
import { defaultEndpointName } from "./endpointName";
import { withoutUndefined } from "./fields";
import { problem } from "./messages";
import { canonicalMac, linuxInterfaceNameProblem, macAddressProblem } from "./names";
import { mtuRange } from "./ports";
import type { CheckOutcome } from "./shared";
import {
    known,
    readAddressInSubnet,
    readDns,
    readHostBound,
    readOutboundNat,
    startReading,
} from "./shared";
import { containerEndpointDefaults } from "../model/defaults";

const reservedForContainers = [
    { offset: 1, reason: "is the nominal gateway (.1), which HNS reserves" },
    { offset: 2, reason: "is the host gateway endpoint address (.2)" },
];

function containerProblem(path: string, value: string): string | undefined {
    if (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value) || /^\{?[0-9A-Fa-f-]{36}\}?$/.test(value)) {
        return undefined;
    }
    return problem(
        path,
        value,
        'is not a container ID, namespace GUID or network namespace name (letters, digits, "-", "_", ".", at most 64)',
        "use a name such as web or the container's ID",
    );
}

/** Validate and normalise `ContainerEndpoint` inputs. */
export function checkContainerEndpoint(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const network = reader.requiredString("network", raw.network, "cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "cbr0"),
    );
    const subnet = reader.requiredString("subnet", raw.subnet, "10.244.3.0/24", subnetProblem);
    const container = reader.requiredString("container", raw.container, "web", containerProblem);
    let name = reader.string("name", raw.name, "web-cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "web-cbr0"),
    );
    if (raw.name === undefined && known(container) && known(network)) {
        name = defaultEndpointName(container, network);
    }
    const ipAddress = readAddressInSubnet(reader, "ipAddress", raw.ipAddress, subnet, {
        example: "10.244.3.10",
        required: true,
        reserved: reservedForContainers,
    });
    const gateway = readAddressInSubnet(reader, "gateway", raw.gateway, subnet, {
        example: "10.244.3.2",
        defaultOffset: containerEndpointDefaults.gatewayOffset,
    });
    if (known(ipAddress) && known(gateway) && ipAddress === gateway) {
        reader.add(
            problem(
                "gateway",
                gateway,
                "is the endpoint's own address",
                "use the host gateway endpoint address (.2)",
            ),
        );
    }
    const macAddress = reader.string(
        "macAddress",
        raw.macAddress,
        "02-00-0a-f4-03-0a",
        macAddressProblem,
    );
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            network,
            subnet,
            container,
            name,
            ipAddress,
            interfaceName:
                reader.string(
                    "interfaceName",
                    raw.interfaceName,
                    "eth0",
                    linuxInterfaceNameProblem,
                ) ??
                (raw.interfaceName === undefined
                    ? containerEndpointDefaults.interfaceName
                    : undefined),
            macAddress: known(macAddress) ? canonicalMac(macAddress) : macAddress,
            gateway,
            defaultRoute: reader.boolean(
                "defaultRoute",
                raw.defaultRoute,
                containerEndpointDefaults.defaultRoute,
            ),
            dns: raw.dns === undefined ? undefined : readDns(reader, "dns", raw.dns),
            outboundNat:
                raw.outboundNat === undefined
                    ? undefined
                    : readOutboundNat(reader, "outboundNat", raw.outboundNat),
            mtu: reader.integer("mtu", raw.mtu, mtuRange),
        }),
        problems: reader.problems,
    };
}
