/** The types every resource of this package shares, defined in the provider's model. */
export type { DnsSettings } from "../provider/model/dnsSettings";
export type { HostBound, HostBoundOutputs } from "../provider/model/hostBound";
export type { OutboundNat } from "../provider/model/outboundNat";
export type { AclProtocol, Protocol } from "../provider/model/protocols";
