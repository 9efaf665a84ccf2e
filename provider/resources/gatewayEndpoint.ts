/**
 * Provider of `GatewayEndpoint`: the host's `.2` address on a container network.
 */
import type { GatewayEndpointSpec } from "../model/kinds";
import { checkGatewayEndpoint } from "../validate/gatewayEndpoint";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const gatewayEndpointConfig: KindConfig<"gatewayEndpoint"> = {
    kind: "gatewayEndpoint",
    className: "GatewayEndpoint",
    check: checkGatewayEndpoint,
    inputKeys: [
        "connection",
        "adopt",
        "network",
        "subnet",
        "name",
        "ipAddress",
        "forwarding",
        "gatewayNeighborMac",
    ],
    replaceKeys: ["network", "subnet", "name", "ipAddress"],
    outputKeys: ["endpointId", "interfaceAlias", "macAddress"],
    exclusiveOnHost: true,
    describe: (spec: GatewayEndpointSpec) => `gateway endpoint ${spec.name}`,
    outputs: (observed) => ({
        endpointId: observed.id,
        interfaceAlias: detailText(observed.details, "interfaceAlias"),
        macAddress: detailText(observed.details, "macAddress"),
    }),
};

export const provider = kindProvider(gatewayEndpointConfig);
