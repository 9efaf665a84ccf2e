import { HostConnection } from "./hostConnection";

/** Properties every dynamic resource of this package takes. */
export interface HostBound {
    /** How to reach the host this object lives on. Changing `host` or `os` replaces the object. Required. */
    connection: HostConnection;
    /**
     * Take over an object that already exists on the host under this resource's name but was not
     * created by this package (no ownership marker). Without it, such an object is a conflict and
     * the create fails naming it. An adopted object is deleted with the resource.
     * @default false
     */
    adopt?: boolean;
}

/** DNS settings handed to containers. */
export interface DnsSettings {
    /**
     * DNS server IPv4 addresses, in order.
     * @default [] (on Linux: the network's gateway address, served by dnsmasq, when `serveNames` is on)
     */
    servers?: string[];
    /**
     * DNS suffix (domain) appended to short names, such as `corp.example`.
     * @default unset
     */
    suffix?: string;
    /**
     * Extra search domains.
     * @default []
     */
    search?: string[];
}

/** Outbound NAT (SNAT to the host address) of container traffic. */
export interface OutboundNat {
    /**
     * SNAT container traffic leaving the host to the host's address.
     * @default true
     */
    enabled?: boolean;
    /**
     * Destination prefixes (CIDR) that are never NATed: the cluster's container subnets and the host
     * subnet belong here, so containers keep their own address across hosts.
     * @default []
     */
    exceptions?: string[];
}

/** Transport protocol of a rule, a mapping or a load balancer. */
export type Protocol = "tcp" | "udp";

/** Protocol of an ACL rule: a name or an IANA protocol number (0..255). */
export type AclProtocol = "tcp" | "udp" | "icmp" | "any" | number;

/** Outputs every dynamic resource of this package has. */
export interface HostBoundOutputs {
    /**
     * SHA-256 fingerprint of the SSH host key seen when the object was last created, updated or read
     * (`SHA256:…`), so it can be pinned with `connection.hostKey`; "" over WinRM.
     */
    hostKeyFingerprint: string;
}
