/**
 * What the policy kinds share on a Windows host: the outbound NAT policies of an endpoint and
 * reading an endpoint by name.
 */
import type { OutboundNat } from "../../model/outboundNat";
import type { HcnOutboundNatSettings, HcnPolicy } from "./hcnTypes";
import type { EndpointView } from "./hostViews";
import { endpointParams } from "./endpointCommon";
import type { WindowsHostContext } from "./hostContext";

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

/** The view of the endpoint named `endpoint` (and the records). */
export async function readEndpoint(
    context: WindowsHostContext,
    endpoint: string,
): Promise<EndpointView> {
    return context.invoke<EndpointView>("observeEndpoint", endpointParams(endpoint, undefined));
}
