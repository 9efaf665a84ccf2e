/**
 * Provider of `ContainerEndpoint`: a container's interface with a static address.
 */
import type { ContainerEndpointSpec } from "../model/kinds";
import { checkContainerEndpoint } from "../validate/containerEndpoint";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const containerEndpointConfig: KindConfig<"containerEndpoint"> = {
    kind: "containerEndpoint",
    className: "ContainerEndpoint",
    check: checkContainerEndpoint,
    inputKeys: [
        "connection",
        "adopt",
        "network",
        "subnet",
        "container",
        "name",
        "ipAddress",
        "interfaceName",
        "macAddress",
        "gateway",
        "defaultRoute",
        "dns",
        "outboundNat",
        "mtu",
    ],
    replaceKeys: [
        "network",
        "subnet",
        "container",
        "name",
        "ipAddress",
        "interfaceName",
        "macAddress",
    ],
    windowsReplaceKeys: ["gateway", "defaultRoute", "dns", "mtu"],
    outputKeys: ["endpointId"],
    hostAssignedKeys: ["macAddress"],
    exclusiveOnHost: true,
    describe: (spec: ContainerEndpointSpec) => `endpoint ${spec.name}`,
    outputs: (observed) => ({
        endpointId: observed.id,
        macAddress: observed.state.macAddress ?? detailText(observed.details, "macAddress"),
    }),
};

export const provider = kindProvider(containerEndpointConfig);
