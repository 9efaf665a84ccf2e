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
