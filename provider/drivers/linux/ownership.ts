/**
 * How the Linux driver marks what it owns, so it never touches objects it did not create (Docker,
 * CNI plugins, kube-proxy, the administrator's own rules).
 */
import { createHash } from "crypto";

/** Route protocol number of every route this package installs (`ip route … proto 233`). */
export const routeProtocol = 233;

/** Start of the `ip link … alias` marker on bridges, veths and container loopbacks. */
export const aliasMarker = "pulumi-l2bridge";

/** Start of the name of every nft table this package owns. */
export const tablePrefix = "l2b_";

/** Root of the per-host state directory; the host's network namespace inode is appended. */
export const stateRoot = "/run/l2bridge";

/** The kinds of nft table this package creates. */
export type TableKind = "nat" | "epnat" | "pub" | "lb" | "acl";

/**
 * The nft table name of one object: `l2b_<kind>_<name>`, with characters nft does not accept in a
 * bare identifier replaced by `_` and a short hash appended whenever anything was replaced, so two
 * names never share a table.
 */
export function tableName(kind: TableKind, name: string): string {
    const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
    const suffix =
        safe === name ? "" : `_${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
    return `${tablePrefix}${kind}_${safe}${suffix}`;
}
