/**
 * What a lab host looks like, as text that two observations can be compared with: links,
 * addresses, every routing table, permanent neighbors, the nft ruleset and forwarding switches
 * of the host namespace, plus the lab's namespaces (container namespaces appear there).
 */
import { inNamespace, ip } from "../../../lab/system";

/**
 * The text without what differs between two creations of the same object: a new bridge gets a
 * random MAC address and, from it, a new IPv6 link-local address.
 */
function stable(text: string): string {
    return text
        .split("\n")
        .map((line) =>
            line
                .replace(/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g, "<mac>")
                .replace(/fe80::[0-9a-f:]+(\/\d+)?/g, "<link-local>")
                .replace(/\s+$/, ""),
        )
        .filter((line) => line !== "")
        .join("\n");
}

/** A comparable description of the host namespace `namespace`. */
export async function snapshotHost(namespace: string): Promise<string> {
    const sections: [string, Promise<string>][] = [
        ["links", ip("-n", namespace, "-br", "link")],
        ["addresses", ip("-n", namespace, "-br", "addr")],
        // IPv4 only: the kernel adds IPv6 link-local routes on its own some time after a link
        // comes up, and the package never manages IPv6.
        ["routes", ip("-n", namespace, "-4", "route", "show", "table", "all")],
        ["neighbors", ip("-n", namespace, "neigh", "show", "nud", "permanent")],
        ["nft", inNamespace(namespace, ["nft", "list", "ruleset"])],
        ["ip_forward", inNamespace(namespace, ["cat", "/proc/sys/net/ipv4/ip_forward"])],
    ];
    const parts = await Promise.all(
        sections.map(async ([title, text]) => `## ${title}\n${stable(await text)}`),
    );
    return parts.join("\n");
}

/**
 * The snapshot without the named sections (`## <title>` blocks), for comparisons that must
 * ignore a switch on purpose.
 */
export function withoutSections(snapshot: string, titles: readonly string[]): string {
    return snapshot
        .split(/(?=^## )/m)
        .filter((block) => !titles.some((title) => block.startsWith(`## ${title}\n`)))
        .join("");
}

/** Names of the network namespaces starting with `prefix`, sorted. */
export async function namespacesOf(prefix: string): Promise<string[]> {
    const listing = await ip("netns", "list");
    return listing
        .split("\n")
        .map((line) => line.split(" ")[0])
        .filter((name) => name.startsWith(prefix))
        .sort();
}
