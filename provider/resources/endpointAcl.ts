/**
 * Provider of `EndpointAcl`: the ordered ACL of one container endpoint.
 */
import type { EndpointAclSpec } from "../model/kinds";
import { checkEndpointAcl } from "../validate/endpointAcl";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";
import { endpointLabel } from "./portPublish";

/** The two default rules (inbound and outbound) programmed besides the listed ones. */
const defaultRuleCount = 2;

export const endpointAclConfig: KindConfig<"endpointAcl"> = {
    kind: "endpointAcl",
    className: "EndpointAcl",
    check: checkEndpointAcl,
    inputKeys: [
        "connection",
        "adopt",
        "endpoint",
        "endpointIp",
        "endpointId",
        "rules",
        "defaultInbound",
        "defaultOutbound",
    ],
    replaceKeys: ["endpoint", "endpointIp", "endpointId"],
    outputKeys: ["ruleCount", "endpointProblem"],
    exclusiveOnHost: false,
    describe: (spec: EndpointAclSpec) => `ACL of endpoint ${endpointLabel(spec)}`,
    dependency: (spec) =>
        spec.endpoint === undefined
            ? undefined
            : {
                  kind: "containerEndpoint",
                  spec: { name: spec.endpoint },
                  label: `ContainerEndpoint ${spec.endpoint}`,
              },
    outputs: (observed) => {
        const reported = observed.details.ruleCount;
        return {
            ruleCount:
                typeof reported === "number"
                    ? reported
                    : (observed.state.rules?.length ?? 0) + defaultRuleCount,
            endpointProblem: detailText(observed.details, "endpointProblem"),
        };
    },
};

export const provider = kindProvider(endpointAclConfig);
