/** Transport protocol of a rule, a mapping or a load balancer. */
export type Protocol = "tcp" | "udp";

/** Protocol of an ACL rule: a name or an IANA protocol number (0..255). */
export type AclProtocol = "tcp" | "udp" | "icmp" | "any" | number;
