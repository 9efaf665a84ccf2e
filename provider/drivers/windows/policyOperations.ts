/** Endpoint ACLs and port publishes: policies on a container endpoint, replaced as a unit. */
import { EndpointAclSpec, PortPublishSpec } from "../../model/kinds";
import { Observation } from "../hostDriver";
import { aclPolicies, portMappingMatch, portMappingPolicy } from "./endpointPolicies";
import { endpointParams } from "./endpointOperations";
import { WindowsHostContext } from "./hostContext";
import { EndpointView } from "./hostViews";
import { mappingId, observeEndpointAclIn, observePortPublishIn } from "./policyObservations";

async function readEndpoint(context: WindowsHostContext, endpoint: string): Promise<EndpointView> {
    return context.invoke<EndpointView>("observeEndpoint", endpointParams(endpoint, undefined));
}

async function replacePolicies(
    context: WindowsHostContext,
    endpoint: string,
    match: { type: string; settings?: Record<string, number> },
    policies: unknown[],
    record: { kind: string; name: string; drop: boolean },
): Promise<EndpointView> {
    return context.invoke<EndpointView>("updateEndpointPolicies", {
        ...endpointParams(endpoint, undefined),
        match,
        policies: JSON.stringify(policies),
        recordKind: record.kind,
        recordName: record.name,
        recordNetwork: "",
        recordData: "",
        dropRecord: record.drop,
    });
}

/** The endpoint ACL's observation. */
export async function observeEndpointAcl(
    context: WindowsHostContext,
    spec: EndpointAclSpec,
): Promise<Observation<"endpointAcl"> | null> {
    return observeEndpointAclIn(await readEndpoint(context, spec.endpoint), spec);
}

/** Program the whole ACL (rules and both defaults), replacing the endpoint's ACL policies. */
export async function applyEndpointAcl(
    context: WindowsHostContext,
    spec: EndpointAclSpec,
    remove: boolean,
): Promise<Observation<"endpointAcl"> | null> {
    const view = await replacePolicies(
        context,
        spec.endpoint,
        { type: "ACL" },
        remove ? [] : aclPolicies(spec),
        {
            kind: "endpointAcl",
            name: spec.endpoint,
            drop: remove,
        },
    );
    return remove ? null : observeEndpointAclIn(view, spec);
}

/** The port publish's observation. */
export async function observePortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
): Promise<Observation<"portPublish"> | null> {
    return observePortPublishIn(await readEndpoint(context, spec.endpoint), spec);
}

/** Add (or replace) the PortMapping of a port publish, or remove it. */
export async function applyPortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
    remove: boolean,
): Promise<Observation<"portPublish"> | null> {
    const view = await replacePolicies(
        context,
        spec.endpoint,
        portMappingMatch(spec),
        remove ? [] : [portMappingPolicy(spec)],
        { kind: "portPublish", name: mappingId(spec), drop: remove },
    );
    return remove ? null : observePortPublishIn(view, spec);
}
