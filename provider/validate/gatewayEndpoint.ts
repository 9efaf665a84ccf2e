/**
 * Check of `GatewayEndpoint` inputs.
 */
import { subnetProblem } from "./cidrRules";
import { withoutUndefined } from "./fields";
import {
    canonicalMac,
    linuxInterfaceNameProblem,
    macAddressProblem,
    objectNameProblem,
} from "./names";
import type { CheckOutcome } from "./shared";
import { known, readAddressInSubnet, readHostBound, startReading } from "./shared";
import { gatewayEndpointDefaults } from "../model/defaults";

/** Validate and normalise `GatewayEndpoint` inputs. */
export function checkGatewayEndpoint(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const network = reader.requiredString("network", raw.network, "cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "cbr0"),
    );
    const subnet = reader.requiredString("subnet", raw.subnet, "10.244.3.0/24", subnetProblem);
    let name = reader.string("name", raw.name, "cbr0_gw", (path, value) =>
        objectNameProblem(path, value, undefined, "cbr0_gw"),
    );
    if (raw.name === undefined && network !== undefined) {
        name = known(network) ? `${network}${gatewayEndpointDefaults.nameSuffix}` : network;
    }
    const ipAddress = readAddressInSubnet(reader, "ipAddress", raw.ipAddress, subnet, {
        example: "10.244.3.2",
        reserved: [{ offset: 1, reason: "is the nominal gateway (.1), which HNS reserves" }],
        defaultOffset: gatewayEndpointDefaults.hostOffset,
    });
    const mac = reader.string(
        "gatewayNeighborMac",
        raw.gatewayNeighborMac,
        "02-00-0a-f4-03-01",
        macAddressProblem,
    );
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            network,
            subnet,
            name,
            ipAddress,
            forwarding: reader.boolean(
                "forwarding",
                raw.forwarding,
                gatewayEndpointDefaults.forwarding,
            ),
            gatewayNeighborMac: known(mac) ? canonicalMac(mac) : mac,
        }),
        problems: reader.problems,
    };
}
