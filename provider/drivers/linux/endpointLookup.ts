/**
 * Rules that point at a container endpoint (port publishing, ACLs) are rendered with placeholders
 * and completed on the host from the endpoint's alias, so they follow the endpoint's real address
 * without an extra round trip.
 */
import { endpointMarker } from "./containerEndpoint";
import { parseLinks } from "./ipJson";
import { replaceAllFunction } from "./literalReplace";
import { parseMarker } from "./marker";

/** Placeholders a rule template may use. */
export const placeholders = {
    address: "@ADDRESS@",
    subnet: "@SUBNET@",
    bridge: "@BRIDGE@",
} as const;

/**
 * Shell function `endpoint_info NAME`: sets EP_ADDRESS, EP_SUBNET and EP_BRIDGE from the endpoint's
 * host-side veth, or fails naming what is missing. `fill TEMPLATE` prints the template completed (by literal replacement, see
 * `replace_all`).
 */
export const endpointInfoFunctions = `
endpoint_info() {
    info=$(ip -d link show dev "$1" 2>/dev/null) || {
        echo "container endpoint $1 does not exist on this host; create the ContainerEndpoint first" >&2; exit 3; }
    alias=$(printf '%s\\n' "$info" | sed -n 's/^ *alias //p')
    case "$alias" in
        "${endpointMarker} "*) ;;
        *) echo "interface $1 is not a container endpoint of this package (no marker)" >&2; exit 3 ;;
    esac
    EP_ADDRESS=$(printf '%s\\n' "$alias" | tr ' ' '\\n' | sed -n 's/^address=//p')
    EP_SUBNET=$(printf '%s\\n' "$alias" | tr ' ' '\\n' | sed -n 's/^subnet=//p')
    EP_BRIDGE=$(printf '%s\\n' "$info" | sed -n 's/.* master \\([^ ]*\\) .*/\\1/p' | head -n 1)
    case "$EP_ADDRESS/$EP_SUBNET/$EP_BRIDGE" in
        *[!A-Za-z0-9_./-]*|//*) echo "container endpoint $1 has an unreadable marker: $alias" >&2; exit 3 ;;
    esac
}
${replaceAllFunction}
fill() {
    text=$(replace_all "$1" "${placeholders.address}" "$EP_ADDRESS")
    text=$(replace_all "$text" "${placeholders.subnet}" "$EP_SUBNET")
    replace_all "$text" "${placeholders.bridge}" "$EP_BRIDGE"
    printf '\\n'
}
`;

/** What an endpoint's observed link says: its address, subnet and bridge (undefined when absent). */
export function readEndpointLink(
    linkSection: string,
): { address: string; subnet: string; bridge: string } | undefined {
    const link = parseLinks(linkSection)[0];
    const marker = link && parseMarker(link.alias, endpointMarker);
    if (!link || !marker) {
        return undefined;
    }
    return {
        address: marker.get("address") ?? "",
        subnet: marker.get("subnet") ?? "",
        bridge: link.master,
    };
}
