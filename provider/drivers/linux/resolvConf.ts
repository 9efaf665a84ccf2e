/**
 * Container resolv.conf files (written to `/etc/netns/<namespace>/resolv.conf`, which
 * `ip netns exec` mounts over `/etc/resolv.conf`), rendered and parsed back.
 */
import type { DnsSettings } from "../../model/dnsSettings";
import { fileAddress, fileWord } from "./fileText";

/** Stands for the container's gateway in a network-wide resolv.conf template. */
export const gatewayPlaceholder = "@GATEWAY@";

const file = "resolv.conf";

/**
 * resolv.conf text for `servers` and the search list (suffix first); every value is checked to
 * stay one word of its line.
 */
export function renderResolvConf(servers: string[], dns: DnsSettings): string {
    const search = [
        ...(dns.suffix ? [fileWord(file, "dns.suffix", dns.suffix)] : []),
        ...(dns.search ?? []).map((name, index) => fileWord(file, `dns.search[${index}]`, name)),
    ];
    return [
        ...servers.map(
            (server, index) =>
                `nameserver ${server === gatewayPlaceholder ? server : fileAddress(file, `dns.servers[${index}]`, server)}`,
        ),
        ...(search.length > 0 ? [`search ${search.join(" ")}`] : []),
    ]
        .map((line) => `${line}\n`)
        .join("");
}

/** The template a network leaves for its containers: its gateway when it serves names. */
export function networkResolvTemplate(dns: DnsSettings, serveNames: boolean): string {
    return renderResolvConf(serveNames ? [gatewayPlaceholder] : (dns.servers ?? []), dns);
}

/** The DNS settings a resolv.conf text holds (the first search entry read back as the suffix). */
export function parseResolvConf(text: string): DnsSettings {
    const servers: string[] = [];
    let search: string[] = [];
    for (const line of text.split("\n")) {
        const words = line.trim().split(/\s+/);
        if (words[0] === "nameserver" && words[1]) {
            servers.push(words[1]);
        } else if (words[0] === "search") {
            search = words.slice(1);
        }
    }
    return {
        servers,
        ...(search.length > 0 ? { suffix: search[0] } : {}),
        ...(search.length > 1 ? { search: search.slice(1) } : {}),
    };
}
