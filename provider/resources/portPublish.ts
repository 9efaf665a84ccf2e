/**
 * Provider of `PortPublish`: a host port forwarded to a container port.
 */
import type { ContainerEndpointSpec, PortPublishSpec } from "../model/kinds";
import { endpointKey } from "../validate/endpointReference";
import { checkPortPublish } from "../validate/portPublish";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

/** How messages name the endpoint of a spec: its name, address or HNS ID. */
export function endpointLabel(spec: {
    endpoint?: string;
    endpointIp?: string;
    endpointId?: string;
}): string {
    if (spec.endpointIp !== undefined) {
        return `at ${spec.endpointIp}`;
    }
    if (spec.endpointId !== undefined) {
        return `with HNS ID ${spec.endpointId}`;
    }
    return spec.endpoint ?? "";
}

export const portPublishConfig: KindConfig<"portPublish"> = {
    kind: "portPublish",
    className: "PortPublish",
    check: checkPortPublish,
    inputKeys: [
        "connection",
        "adopt",
        "endpoint",
        "endpointIp",
        "endpointId",
        "protocol",
        "hostPort",
        "containerPort",
        "hostIp",
        "localAccess",
    ],
    replaceKeys: [
        "endpoint",
        "endpointIp",
        "endpointId",
        "protocol",
        "hostPort",
        "containerPort",
        "hostIp",
        "localAccess",
    ],
    outputKeys: ["mappingId", "containerIp", "endpointProblem"],
    exclusiveOnHost: true,
    describe: (spec: PortPublishSpec) =>
        `port mapping ${spec.protocol}/${spec.hostPort} to endpoint ${endpointLabel(spec)}`,
    dependency: (spec) =>
        spec.endpoint === undefined
            ? undefined
            : {
                  kind: "containerEndpoint",
                  spec: { name: spec.endpoint },
                  label: `ContainerEndpoint ${spec.endpoint}`,
              },
    outputsReadDependency: true,
    outputs: (observed, spec, dependency) => ({
        mappingId: `${endpointKey(spec)}/${spec.protocol}/${spec.hostPort}`,
        containerIp:
            spec.endpoint === undefined
                ? detailText(observed.details, "containerIp")
                : ((dependency?.state as ContainerEndpointSpec | undefined)?.ipAddress ?? ""),
        endpointProblem: detailText(observed.details, "endpointProblem"),
    }),
};

export const provider = kindProvider(portPublishConfig);
