/**
 * Provider of `ContainerRoute`: the set of routes on one host towards the other hosts' subnets.
 */
import type { ContainerRouteSpec } from "../model/kinds";
import { checkContainerRoute } from "../validate/containerRoute";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";

export const containerRouteConfig: KindConfig<"containerRoute"> = {
    kind: "containerRoute",
    className: "ContainerRoute",
    check: checkContainerRoute,
    inputKeys: ["connection", "adopt", "name", "routes", "interface", "persistent"],
    replaceKeys: ["name"],
    outputKeys: ["resolvedInterface"],
    exclusiveOnHost: true,
    describe: (spec: ContainerRouteSpec) => `route set ${spec.name}`,
    outputs: (observed, spec) => ({
        resolvedInterface:
            detailText(observed.details, "resolvedInterface") || (spec.interface ?? ""),
    }),
};

export const provider = kindProvider(containerRouteConfig);
