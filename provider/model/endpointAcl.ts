import type { HostBound } from "./hostBound";
import type { AclProtocol } from "./protocols";

/** One ACL rule. Lower `priority` numbers are evaluated first. */
export interface AclRule {
    /**
     * Rule name, for messages and the HNS rule `Id` (letters, digits, `-`, `_`, `.`).
     * @default "<direction>-<priority>"
     */
    name?: string;
    /** `allow` or `block`. Required. */
    action: "allow" | "block";
    /** `in` (towards the endpoint) or `out` (from the endpoint). Required. */
    direction: "in" | "out";
    /** Priority 1..65000, unique per direction. Required. */
    priority: number;
    /**
     * Protocol. The numbers 1, 6 and 17 are stored as `icmp`, `tcp` and `udp`.
     * @default "any"
     */
    protocol?: AclProtocol;
    /**
     * Remote addresses or CIDRs the rule matches.
     * @default [] (any)
     */
    remoteAddresses?: string[];
    /**
     * Local addresses or CIDRs (on the endpoint side).
     * @default [] (any)
     */
    localAddresses?: string[];
    /**
     * Local ports or ranges (`80`, `8000-8080`); only with tcp or udp.
     * @default [] (any)
     */
    localPorts?: string[];
    /**
     * Remote ports or ranges; only with tcp or udp.
     * @default [] (any)
     */
    remotePorts?: string[];
}

/** Inputs of `EndpointAcl`: the ordered ACL of one endpoint, with an explicit default. */
export interface EndpointAclProperties extends HostBound {
    /**
     * Name of the `ContainerEndpoint` on the same host. Give exactly one of `endpoint`, `endpointIp`
     * and `endpointId`. Changing it replaces the ACL.
     * @default unset
     */
    endpoint?: string;
    /**
     * IPv4 address of an endpoint on this host that another program made (a container started by
     * Docker or containerd through CNI on one of the host's networks). The ACL is added to that
     * endpoint and removed from it again; the endpoint itself is never created, changed or deleted.
     * The address must be inside one of the host's networks (checked when the ACL is applied).
     * Changing it replaces the ACL.
     * @default unset
     */
    endpointIp?: string;
    /**
     * Windows hosts: HNS endpoint ID (a GUID) of an endpoint on this host that another program made.
     * Stored in lower case. Changing it replaces the ACL.
     * @default unset
     */
    endpointId?: string;
    /** The rules. Changes apply in place (on Windows an ACL reprogram can reset open TCP connections). Required. */
    rules: AclRule[];
    /**
     * What happens to inbound traffic no rule matches. HNS blocks unmatched traffic as soon as any
     * ACL exists; this makes the choice explicit on both platforms. Changes apply in place.
     * @default "block"
     */
    defaultInbound?: "allow" | "block";
    /**
     * What happens to outbound traffic no rule matches. Changes apply in place.
     * @default "allow"
     */
    defaultOutbound?: "allow" | "block";
}

/** Outputs of `EndpointAcl`. */
export interface EndpointAclOutputs {
    /** Number of rules programmed, including the two default rules. */
    ruleCount: number;
    /**
     * "" while the endpoint named by `endpointIp` or `endpointId` exists; otherwise what is missing on
     * the host and what to do (refresh reports it; `up` then fails with the same text).
     */
    endpointProblem: string;
}
