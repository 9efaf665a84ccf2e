/**
 * GatewayEndpoint on Linux: the host's own address on the network's bridge (the `.2`), IPv4
 * forwarding for the bridge, and an optional permanent neighbor entry for the nominal gateway.
 */
import type { GatewayEndpointSpec } from "../../model/kinds";
import type { ApplyOp, Observation } from "../hostDriver";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import { colonMac, dashMac, parseLinks, parseNeighbors } from "./ipJson";
import type { LinuxKind } from "./linuxKind";
import { reportAs, withoutUndefined } from "./observedValue";
import { aliasMarker } from "./ownership";
import { nthAddress, parseCidr } from "../../validate";

const observeScript = `${prelude}
section link; ip -j -d addr show dev "$P_network" 2>/dev/null || true
section forwarding
if ip link show dev "$P_network" >/dev/null 2>&1; then
    printf '%s %s\\n' "$(cat /proc/sys/net/ipv4/ip_forward)" "$(cat "/proc/sys/net/ipv4/conf/$P_network/forwarding")"
fi
section neighbor; ip -j neigh show dev "$P_network" to "$P_nominalGateway" 2>/dev/null || true
`;

const convergeScript = `${prelude}lock_host

if ! ip link show dev "$P_network" >/dev/null 2>&1; then
    echo "network bridge $P_network does not exist on this host; create the L2BridgeNetwork first" >&2
    exit 3
fi
ip addr replace "$P_address" dev "$P_network"
if [ "$P_forwarding" = true ]; then
    [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || echo 1 > /proc/sys/net/ipv4/ip_forward
    echo 1 > "/proc/sys/net/ipv4/conf/$P_network/forwarding"
else
    echo 0 > "/proc/sys/net/ipv4/conf/$P_network/forwarding"
fi
if [ -n "$P_neighborMac" ]; then
    ip neigh replace "$P_nominalGateway" lladdr "$P_neighborMac" dev "$P_network" nud permanent
else
    ip neigh del "$P_nominalGateway" dev "$P_network" 2>/dev/null || true
fi
`;

const removeScript = `${prelude}lock_host

if ip link show dev "$P_network" >/dev/null 2>&1; then
    ip addr del "$P_address" dev "$P_network" 2>/dev/null || true
    if [ -n "$P_neighborMac" ]; then ip neigh del "$P_nominalGateway" dev "$P_network" 2>/dev/null || true; fi
fi
`;

function addressOf(spec: GatewayEndpointSpec): string {
    const address = spec.ipAddress ?? nthAddress(spec.subnet, 2) ?? "";
    return `${address}/${parseCidr(spec.subnet)?.prefixLength ?? 32}`;
}

function params(spec: GatewayEndpointSpec): Record<string, string> {
    return {
        network: spec.network,
        address: addressOf(spec),
        nominalGateway: nthAddress(spec.subnet, 1) ?? "",
        neighborMac: spec.gatewayNeighborMac ? colonMac(spec.gatewayNeighborMac) : "",
    };
}

/** The gateway endpoint kind. */
export const gatewayEndpointKind: LinuxKind<"gatewayEndpoint"> = {
    observe(spec) {
        return { script: observeScript, params: params(spec) };
    },
    read(spec, sections): Observation<"gatewayEndpoint"> | null {
        const bridge = parseLinks(sections.get("link") ?? "")[0];
        const address = addressOf(spec);
        if (!bridge || !bridge.ipv4.includes(address)) {
            return null;
        }
        const [global, perInterface] = (sections.get("forwarding") ?? "").split(/\s+/);
        const forwarding = global === "1" && perInterface === "1";
        const neighbor = parseNeighbors(sections.get("neighbor") ?? "").find(
            (entry) => entry.permanent,
        );
        const neighborMac =
            neighbor && spec.gatewayNeighborMac
                ? colonMac(spec.gatewayNeighborMac) === colonMac(neighbor.mac)
                    ? spec.gatewayNeighborMac
                    : dashMac(neighbor.mac)
                : neighbor
                  ? dashMac(neighbor.mac)
                  : undefined;
        const state = withoutUndefined({
            network: bridge.name,
            subnet: spec.subnet,
            name: spec.name,
            ipAddress: spec.ipAddress === undefined ? undefined : address.split("/")[0],
            forwarding: reportAs(spec.forwarding, forwarding, true),
            gatewayNeighborMac: neighborMac,
        });
        return {
            id: `${bridge.name}/${address.split("/")[0]}`,
            owned: bridge.alias.startsWith(aliasMarker),
            state,
            details: { interfaceAlias: bridge.name, macAddress: dashMac(bridge.mac) },
        };
    },
    converge(op: ApplyOp<"gatewayEndpoint">): HostCall {
        return {
            script: convergeScript,
            params: {
                ...params(op.desired),
                forwarding: String(op.desired.forwarding ?? true),
            },
        };
    },
    remove(op: ApplyOp<"gatewayEndpoint">): HostCall {
        return { script: removeScript, params: params(op.desired) };
    },
};
