/**
 * Provider of `PortPublish`: a host port forwarded to a container port.
 */
import { ContainerEndpointSpec, PortPublishSpec } from "../model/kinds";
import { checkPortPublish } from "../validate/portPublish";
import { KindConfig } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const portPublishConfig: KindConfig<"portPublish"> = {
    kind: "portPublish",
    className: "PortPublish",
    check: checkPortPublish,
    inputKeys: [
        "connection",
        "adopt",
        "endpoint",
        "protocol",
        "hostPort",
        "containerPort",
        "hostIp",
        "localAccess",
    ],
    replaceKeys: ["endpoint", "protocol", "hostPort", "containerPort", "hostIp", "localAccess"],
    outputKeys: ["mappingId", "containerIp"],
    exclusiveOnHost: true,
    describe: (spec: PortPublishSpec) =>
        `port mapping ${spec.protocol}/${spec.hostPort} to endpoint ${spec.endpoint}`,
    dependency: (spec) => ({
        kind: "containerEndpoint",
        spec: { name: spec.endpoint },
        label: `ContainerEndpoint ${spec.endpoint}`,
    }),
    outputsReadDependency: true,
    outputs: (_observed, spec, dependency) => ({
        mappingId: `${spec.endpoint}/${spec.protocol}/${spec.hostPort}`,
        containerIp: (dependency?.state as ContainerEndpointSpec | undefined)?.ipAddress ?? "",
    }),
};

export const provider = kindProvider(portPublishConfig);
