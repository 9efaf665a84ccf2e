/**
 * What the policy kinds share on a Windows host: the outbound NAT policies of an endpoint, reading
 * an endpoint, and replacing the policies of one type that match, in one call under the host
 * mutex.
 */
import { OutboundNat } from "../../../sdk/common";
import { HcnOutboundNatSettings, HcnPolicy } from "./hcnTypes";
import { EndpointView } from "./hostViews";
import { endpointParams } from "./endpointCommon";
import { WindowsHostContext } from "./hostContext";

/** The OutBoundNAT policies of an endpoint (none when NAT is off). */
export function outboundNatPolicies(
    nat: OutboundNat | undefined,
): HcnPolicy<"OutBoundNAT", HcnOutboundNatSettings>[] {
    if (nat && nat.enabled === false) {
        return [];
    }
    const settings: HcnOutboundNatSettings = {};
    if (nat?.exceptions && nat.exceptions.length > 0) {
        settings.Exceptions = [...nat.exceptions];
    }
    return [{ Type: "OutBoundNAT", Settings: settings }];
}

/** The name of the ContainerEndpoint a policy spec names (endpoints by address or ID come next). */
export function endpointNameOf(spec: {
    endpoint?: string;
    endpointIp?: string;
    endpointId?: string;
}): string {
    if (spec.endpoint === undefined) {
        throw new Error(
            `endpoint ${spec.endpointIp ?? spec.endpointId ?? ""}: this Windows driver finds policy endpoints by ContainerEndpoint name only; name the endpoint by endpoint`,
        );
    }
    return spec.endpoint;
}

export async function readEndpoint(
    context: WindowsHostContext,
    endpoint: string,
): Promise<EndpointView> {
    return context.invoke<EndpointView>("observeEndpoint", endpointParams(endpoint, undefined));
}

export async function replacePolicies(
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
