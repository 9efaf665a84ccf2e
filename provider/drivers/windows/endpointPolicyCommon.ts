/** What the policy kinds share on a Windows host: the outbound NAT policies of an endpoint. */
import type { OutboundNat } from "../../model/outboundNat";
import type { HcnOutboundNatSettings, HcnPolicy } from "./hcnTypes";

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
