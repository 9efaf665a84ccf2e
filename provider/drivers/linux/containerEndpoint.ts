/**
 * ContainerEndpoint on Linux: a veth pair whose host side (named after the endpoint, marked with the
 * package's alias, hairpin on) is a port of the network's bridge and whose other side lives in the
 * container's network namespace with a static address, optionally the default route, and the
 * container's resolv.conf. The container's name is registered with the network's dnsmasq.
 */
import type { ContainerEndpointSpec } from "../../model/kinds";
import type { ApplyOp, Observation } from "../hostDriver";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import { colonMac, dashMac, parseLinks, parseRoutes } from "./ipJson";
import { endpointNatTable, endpointNatText, readEndpointNat } from "./endpointNat";
import { fileAddress, fileWord } from "./fileText";
import type { LinuxKind } from "./linuxKind";
import { replaceAllFunction } from "./literalReplace";
import { parseNftTable } from "./nftJson";
import { nftInterface } from "./nftText";
import { formatMarker, parseMarker } from "./marker";
import { reportAs, withoutUndefined } from "./observedValue";
import { aliasMarker } from "./ownership";
import { gatewayPlaceholder, parseResolvConf, renderResolvConf } from "./resolvConf";
import { nthAddress, parseCidr } from "../../validate";
import { defaultEndpointName } from "../../validate/endpointName";

/** Alias marker of an endpoint's host-side veth. */
export const endpointMarker = `${aliasMarker} endpoint`;

/** Alias marker of the loopback of a namespace this package created. */
export const namespaceMarker = `${aliasMarker} namespace`;

/** The endpoint name: the spec's, or the default `<container>-<network>` (shortened to 15 bytes). */
export function endpointName(spec: { name?: string; container: string; network: string }): string {
    return spec.name ?? defaultEndpointName(spec.container, spec.network);
}

function checkNamespaceName(container: string): void {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(container)) {
        throw new Error(
            `container ${JSON.stringify(container)} is not a network namespace name; use up to 64 letters, digits, '-', '_' or '.', not starting with '.' or '-'`,
        );
    }
}

const observeScript = `${prelude}
D=$(state_dir)
section link; ip -j -d link show dev "$P_name" 2>/dev/null || true
container=$P_container; interface=$P_interface; network=$P_network
if [ -z "$container" ] && ip link show dev "$P_name" >/dev/null 2>&1; then
    marker=$(ip -d link show dev "$P_name" | sed -n 's/^ *alias //p' | tr ' ' '\\n')
    container=$(printf '%s\\n' "$marker" | sed -n 's/^container=//p')
    interface=$(printf '%s\\n' "$marker" | sed -n 's/^interface=//p')
    network=$(ip -o link show dev "$P_name" | sed -n 's/.* master \\([^ ]*\\) .*/\\1/p')
fi
if [ -n "$container" ] && [ -e "/run/netns/$container" ]; then
    section peer; ip -n "$container" -j -d addr show dev "$interface" 2>/dev/null || true
    section routes; ip -n "$container" -j route show default 2>/dev/null || true
    section resolv; cat "/etc/netns/$container/resolv.conf" 2>/dev/null || true
fi
section networkResolv; cat "$D/net-$network.resolv" 2>/dev/null || true
section hosts; grep -F "# ep=$P_name" "$D/hosts-$network" 2>/dev/null || true
section nat; nft -j list table ip "$P_natTable" 2>/dev/null || true
`;

/**
 * Shell function `network_resolv FILE PLACEHOLDER GATEWAY`: the network's resolv.conf template in
 * FILE with the placeholder replaced literally by the gateway (nothing when FILE is absent).
 */
export const networkResolvFunction = `${replaceAllFunction}
network_resolv() {
    [ -f "$1" ] || return 0
    template=$(cat "$1")
    printf '%s\\n' "$(replace_all "$template" "$2" "$3")"
}
`;

const convergeScript = `${prelude}lock_host
${networkResolvFunction}
D=$(state_dir)
if ! ip link show dev "$P_network" >/dev/null 2>&1; then
    echo "network bridge $P_network does not exist on this host; create the L2BridgeNetwork first" >&2
    exit 3
fi
if [ ! -e "/run/netns/$P_container" ]; then
    ip netns add "$P_container"
    ip -n "$P_container" link set dev lo alias "$P_namespaceMarker"
fi
ip -n "$P_container" link set dev lo up
if ip link show dev "$P_name" >/dev/null 2>&1 && ! ip -n "$P_container" link show dev "$P_interface" >/dev/null 2>&1; then
    ip link del dev "$P_name"
fi
if ! ip link show dev "$P_name" >/dev/null 2>&1; then
    ip link add "$P_name" type veth peer name "$P_interface" netns "$P_container"
fi
ip link set dev "$P_name" alias "$P_alias"
ip link set dev "$P_name" master "$P_network"
if [ -n "$P_mtu" ]; then
    ip link set dev "$P_name" mtu "$P_mtu"
    ip -n "$P_container" link set dev "$P_interface" mtu "$P_mtu"
fi
if [ -n "$P_mac" ]; then ip -n "$P_container" link set dev "$P_interface" address "$P_mac"; fi
ip link set dev "$P_name" up
bridge link set dev "$P_name" hairpin on
current=$(ip -n "$P_container" -4 -o addr show dev "$P_interface" | awk '{print $4}')
if [ "$current" != "$P_address" ]; then
    ip -n "$P_container" -4 addr flush dev "$P_interface"
    ip -n "$P_container" addr add "$P_address" dev "$P_interface"
fi
ip -n "$P_container" link set dev "$P_interface" up
if [ "$P_defaultRoute" = true ]; then
    ip -n "$P_container" route replace default via "$P_gateway" dev "$P_interface"
    mkdir -p "/etc/netns/$P_container"
    if [ -n "$P_resolv" ]; then
        printf '%s' "$P_resolv" > "/etc/netns/$P_container/resolv.conf"
    else
        network_resolv "$D/net-$P_network.resolv" "$P_placeholder" "$P_gateway" > "/etc/netns/$P_container/resolv.conf"
    fi
else
    ip -n "$P_container" route del default dev "$P_interface" 2>/dev/null || true
fi
hosts="$D/hosts-$P_network"
touch "$hosts"
if ! grep -qxF "$P_hostsLine" "$hosts"; then
    grep -vF "# ep=$P_name" "$hosts" > "$hosts.new" || true
    printf '%s\\n' "$P_hostsLine" >> "$hosts.new"
    chmod 644 "$hosts.new"
    mv "$hosts.new" "$hosts"
    pid=$(cat "$D/dnsmasq-$P_network.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null || true)" = dnsmasq ]; then kill -HUP "$pid"; fi
fi
printf '%s' "$P_nft" | nft -f -
`;

const removeScript = `${prelude}lock_host

D=$(state_dir)
if ip link show dev "$P_name" >/dev/null 2>&1; then
    case "$(ip -d link show dev "$P_name")" in
        *"alias $P_marker"*) ip link del dev "$P_name" ;;
    esac
fi
hosts="$D/hosts-$P_network"
if [ -f "$hosts" ] && grep -qF "# ep=$P_name" "$hosts"; then
    grep -vF "# ep=$P_name" "$hosts" > "$hosts.new" || true
    chmod 644 "$hosts.new"
    mv "$hosts.new" "$hosts"
    pid=$(cat "$D/dnsmasq-$P_network.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null || true)" = dnsmasq ]; then kill -HUP "$pid"; fi
fi
if [ -e "/run/netns/$P_container" ]; then
    if [ "$P_defaultRoute" = true ]; then rm -f "/etc/netns/$P_container/resolv.conf"; fi
    left=$(ip -n "$P_container" -o link show | grep -vc ': lo:' || true)
    case "$(ip -n "$P_container" -d link show dev lo)" in
        *"alias $P_namespaceMarker"*)
            if [ "$left" = 0 ]; then
                ip netns del "$P_container"
                rm -rf "/etc/netns/$P_container"
            fi ;;
    esac
fi
printf '%s' "$P_nftRemove" | nft -f -
`;

/**
 * The endpoint's line in the network's hosts file (`<address> <container> # ep=<endpoint>`), each
 * value checked to stay one word of the line.
 */
export function hostsLine(spec: ContainerEndpointSpec): string {
    const file = "the network's hosts file";
    return [
        fileAddress(file, "ipAddress", spec.ipAddress),
        fileWord(file, "container", spec.container),
        "# ep=" + fileWord(file, "name", endpointName(spec)),
    ].join(" ");
}

function gatewayOf(spec: ContainerEndpointSpec): string {
    return spec.gateway ?? nthAddress(spec.subnet, 2) ?? "";
}

function addressOf(spec: ContainerEndpointSpec): string {
    return `${spec.ipAddress}/${parseCidr(spec.subnet)?.prefixLength ?? 32}`;
}

/** The resolv.conf the endpoint writes itself ("" when it takes the network's). */
function ownResolvConf(spec: ContainerEndpointSpec): string {
    if (!spec.dns) {
        return "";
    }
    return renderResolvConf(spec.dns.servers ?? [gatewayOf(spec)], spec.dns);
}

/** The alias of the host-side veth: marker plus what other resources read from it. */
export function endpointAlias(spec: ContainerEndpointSpec): string {
    return formatMarker(endpointMarker, {
        container: spec.container,
        interface: spec.interfaceName ?? "eth0",
        address: spec.ipAddress,
        subnet: spec.subnet,
    });
}

function params(spec: ContainerEndpointSpec): Record<string, string> {
    if (spec.container !== undefined) {
        checkNamespaceName(spec.container);
    }
    if (spec.network !== undefined) {
        nftInterface("network", spec.network);
    }
    return {
        name: nftInterface("name", endpointName(spec)).slice(1, -1),
        network: spec.network ?? "",
        container: spec.container ?? "",
        interface: spec.container === undefined ? "" : (spec.interfaceName ?? "eth0"),
        natTable: endpointNatTable(endpointName(spec)),
        marker: endpointMarker,
        namespaceMarker,
        defaultRoute: String(spec.defaultRoute ?? true),
    };
}

/**
 * The spec completed from the veth's marker where it lacks identity fields: other resources look
 * an endpoint up by name alone and read its address from the observation.
 */
function withMarkerDefaults(
    spec: ContainerEndpointSpec,
    marker: Map<string, string> | undefined,
): ContainerEndpointSpec {
    if (spec.container !== undefined || !marker) {
        return spec;
    }
    return {
        ...spec,
        container: marker.get("container") ?? "",
        subnet: spec.subnet ?? marker.get("subnet") ?? "",
        ipAddress: spec.ipAddress ?? marker.get("address") ?? "",
        interfaceName: spec.interfaceName ?? marker.get("interface"),
    };
}

/** The container endpoint kind. */
export const containerEndpointKind: LinuxKind<"containerEndpoint"> = {
    observe(spec) {
        return { script: observeScript, params: params(spec) };
    },
    read(wanted, sections): Observation<"containerEndpoint"> | null {
        const link = parseLinks(sections.get("link") ?? "")[0];
        if (!link) {
            return null;
        }
        const marker = parseMarker(link.alias, endpointMarker);
        const spec = withMarkerDefaults(wanted, marker);
        const peer = parseLinks(sections.get("peer") ?? "")[0];
        const address = peer?.ipv4[0] ?? "";
        const gateway = gatewayOf(spec);
        const defaultRoute = parseRoutes(sections.get("routes") ?? "").find(
            (route) => route.device === (spec.interfaceName ?? "eth0"),
        );
        const wantsDefaultRoute = spec.defaultRoute ?? true;
        const resolv = sections.get("resolv") ?? "";
        const expectedResolv =
            ownResolvConf(spec) ||
            (sections.get("networkResolv") ?? "").split(gatewayPlaceholder).join(gateway);
        const dns =
            !wantsDefaultRoute || resolv.trim() === expectedResolv.trim()
                ? spec.dns
                : parseResolvConf(resolv);
        const subnetPrefix = parseCidr(spec.subnet)?.prefixLength;
        const state = withoutUndefined({
            network: link.master,
            subnet: address.endsWith(`/${subnetPrefix}`) ? spec.subnet : address,
            container: peer ? spec.container : "",
            name: spec.name,
            ipAddress: address.split("/")[0],
            interfaceName: spec.interfaceName === undefined ? undefined : peer?.name,
            macAddress:
                spec.macAddress === undefined || !peer
                    ? undefined
                    : colonMac(spec.macAddress) === colonMac(peer.mac)
                      ? spec.macAddress
                      : dashMac(peer.mac),
            gateway:
                wantsDefaultRoute && defaultRoute
                    ? reportAs(spec.gateway, defaultRoute.gateway, nthAddress(spec.subnet, 2) ?? "")
                    : spec.gateway,
            defaultRoute: reportAs(spec.defaultRoute, defaultRoute !== undefined, true),
            dns,
            outboundNat: readEndpointNat(
                parseNftTable(sections.get("nat") ?? ""),
                spec.outboundNat,
            ),
            mtu: spec.mtu === undefined ? undefined : peer?.mtu,
        });
        return {
            id: link.name,
            owned: marker !== undefined,
            state,
            details: {
                macAddress: dashMac(peer?.mac ?? link.mac),
                hostMacAddress: dashMac(link.mac),
                hairpin: link.hairpin,
                nameRegistered: (sections.get("hosts") ?? "") !== "",
            },
        };
    },
    converge(op: ApplyOp<"containerEndpoint">): HostCall {
        const spec = op.desired;
        return {
            script: convergeScript,
            params: {
                ...params(spec),
                alias: endpointAlias(spec),
                address: addressOf(spec),
                gateway: gatewayOf(spec),
                mtu: spec.mtu === undefined ? "" : String(spec.mtu),
                mac: spec.macAddress ? colonMac(spec.macAddress) : "",
                resolv: ownResolvConf(spec),
                placeholder: gatewayPlaceholder,
                hostsLine: hostsLine(spec),
                nft: endpointNatText(
                    endpointName(spec),
                    spec.ipAddress,
                    spec.network,
                    spec.outboundNat,
                ),
            },
        };
    },
    remove(op: ApplyOp<"containerEndpoint">): HostCall {
        return {
            script: removeScript,
            params: {
                ...params(op.desired),
                nftRemove: endpointNatText(endpointName(op.desired), "", "", undefined),
            },
        };
    },
};
