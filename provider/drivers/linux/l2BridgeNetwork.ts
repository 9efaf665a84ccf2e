/**
 * L2BridgeNetwork on Linux: a bridge marked with the package's alias, outbound NAT as an nft
 * masquerade with exceptions in the network's own table, and (with `serveNames`) a dnsmasq bound to
 * the bridge that answers container names.
 */
import type { DnsSettings } from "../../model/dnsSettings";
import type { L2BridgeNetworkSpec } from "../../model/kinds";
import type { ApplyOp, Observation } from "../hostDriver";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import { parseLinks } from "./ipJson";
import type { LinuxKind } from "./linuxKind";
import { decodeAddresses, hasStatement, parseNftTable, payloadMatch, rulesOf } from "./nftJson";
import { deleteTable, nftAddress, nftComment, nftInterface, replaceTable } from "./nftText";
import { formatMarker, parseMarker } from "./marker";
import { reportAs, withoutUndefined } from "./observedValue";
import { aliasMarker, tableName } from "./ownership";
import { networkResolvTemplate } from "./resolvConf";
import { shellQuote } from "./shellQuote";
import { nthAddress } from "../../validate";

/** Alias marker of a network bridge. */
export const networkMarker = `${aliasMarker} network`;

/** DNS settings a network keeps on its host, read by its endpoints. */
export interface NetworkDnsState {
    dns: DnsSettings;
    serveNames: boolean;
}

const observeScript = `${prelude}
D=$(state_dir)
section link; ip -j -d addr show dev "$P_name" 2>/dev/null || true
section ports; ip -j -d addr show master "$P_name" 2>/dev/null || true
section nat; nft -j list table ip "$P_natTable" 2>/dev/null || true
section dns; cat "$D/net-$P_name.json" 2>/dev/null || true
section dnsmasq
pid=$(cat "$D/dnsmasq-$P_name.pid" 2>/dev/null || true)
if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null || true)" = dnsmasq ]; then
    cat "$D/dnsmasq-$P_name.args" 2>/dev/null || true
fi
`;

const convergeScript = `${prelude}lock_host

D=$(state_dir)
ip link show dev "$P_name" >/dev/null 2>&1 || ip link add "$P_name" type bridge
ip link set dev "$P_name" alias "$P_alias"
ip link set dev "$P_name" up
if [ -n "$P_adapter" ]; then
    ip link set dev "$P_adapter" master "$P_name"
    ip link set dev "$P_adapter" up
fi
printf '%s' "$P_nft" | nft -f -
printf '%s\\n' "$P_dnsState" > "$D/net-$P_name.json"
printf '%s' "$P_resolvTemplate" > "$D/net-$P_name.resolv"
touch "$D/hosts-$P_name"
chmod 644 "$D/hosts-$P_name"
pidfile="$D/dnsmasq-$P_name.pid"
pid=$(cat "$pidfile" 2>/dev/null || true)
running=""
if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null || true)" = dnsmasq ]; then running=$pid; fi
if [ -n "$running" ] && [ "$P_dnsmasqArgs" != "$(cat "$D/dnsmasq-$P_name.args" 2>/dev/null || true)" ]; then
    kill "$running"; running=""
    n=0; while [ -d /proc/$pid ] && [ $n -lt 50 ]; do sleep 0.02; n=$((n+1)); done
fi
if [ -n "$P_dnsmasqArgs" ] && [ -z "$running" ]; then
    eval "set -- $P_dnsmasqArgs"
    if ! dnsmasq --pid-file="$pidfile" --addn-hosts="$D/hosts-$P_name" "$@" \
        </dev/null >/dev/null 2>"$D/dnsmasq-$P_name.log" 9>&-; then
        cat "$D/dnsmasq-$P_name.log" >&2; exit 4
    fi
    printf '%s' "$P_dnsmasqArgs" > "$D/dnsmasq-$P_name.args"
fi
if [ -z "$P_dnsmasqArgs" ] && [ -n "$running" ]; then kill "$running"; rm -f "$pidfile"; fi
`;

const removeScript = `${prelude}lock_host

D=$(state_dir)
pid=$(cat "$D/dnsmasq-$P_name.pid" 2>/dev/null || true)
if [ -n "$pid" ] && [ "$(cat /proc/$pid/comm 2>/dev/null || true)" = dnsmasq ]; then kill "$pid"; fi
rm -f "$D/dnsmasq-$P_name.pid" "$D/dnsmasq-$P_name.args" "$D/net-$P_name.json" "$D/net-$P_name.resolv" "$D/hosts-$P_name" "$D/dnsmasq-$P_name.log"
printf '%s' "$P_nft" | nft -f -
if ip link show dev "$P_name" >/dev/null 2>&1; then
    case "$(ip -d link show dev "$P_name")" in
        *"alias $P_marker"*) ip link del dev "$P_name" ;;
    esac
fi
`;

/** The nominal gateway of the spec (`.1` unless set). */
function nominalGateway(spec: L2BridgeNetworkSpec): string {
    return spec.gateway ?? nthAddress(spec.subnet, 1) ?? "";
}

/** The alias that marks the bridge and records its subnet and gateway. */
export function networkAlias(spec: L2BridgeNetworkSpec): string {
    return formatMarker(networkMarker, { subnet: spec.subnet, gateway: nominalGateway(spec) });
}

/** The outbound NAT table of a network. */
export function natTableText(spec: L2BridgeNetworkSpec): string {
    const table = tableName("nat", spec.name);
    const subnet = nftAddress("subnet", spec.subnet);
    const bridge = nftInterface("name", spec.name);
    const exceptions = spec.outboundNat?.exceptions ?? [];
    const rules = exceptions.map(
        (exception, index) =>
            `ip saddr ${subnet} ip daddr ${nftAddress(`outboundNat.exceptions[${index}]`, exception)} return ${nftComment("exception")}`,
    );
    if (spec.outboundNat?.enabled ?? true) {
        rules.push(
            `ip saddr ${subnet} oifname != ${bridge} masquerade ${nftComment("masquerade")}`,
        );
    }
    return replaceTable("ip", table, [
        {
            name: "postrouting",
            base: "type nat hook postrouting priority srcnat; policy accept;",
            rules,
        },
    ]);
}

/** The dnsmasq arguments of a network ("" when it serves no names), each POSIX-quoted. */
export function dnsmasqArguments(spec: L2BridgeNetworkSpec): string {
    if (!(spec.serveNames ?? true)) {
        return "";
    }
    const args = [
        "--conf-file=/dev/null",
        "--no-resolv",
        "--no-hosts",
        `--interface=${spec.name}`,
        "--except-interface=lo",
        "--bind-dynamic",
    ];
    const suffix = spec.dns?.suffix;
    if (suffix) {
        args.push(`--domain=${suffix}`, `--local=/${suffix}/`, "--expand-hosts");
    }
    for (const server of spec.dns?.servers ?? []) {
        args.push(`--server=${server}`);
    }
    return args.map(shellQuote).join(" ");
}

function dnsState(spec: L2BridgeNetworkSpec): NetworkDnsState {
    return { dns: spec.dns ?? {}, serveNames: spec.serveNames ?? true };
}

function params(spec: L2BridgeNetworkSpec): Record<string, string> {
    return {
        name: spec.name,
        natTable: tableName("nat", spec.name),
        marker: networkMarker,
    };
}

function unsupported(spec: L2BridgeNetworkSpec): void {
    if (spec.mode !== undefined && spec.mode !== "l2bridge") {
        throw new Error(
            `mode ${JSON.stringify(spec.mode)} is not available on Linux hosts; use "l2bridge"`,
        );
    }
    if (spec.vlan !== undefined) {
        throw new Error(
            `vlan ${spec.vlan} is not available on Linux hosts (the driver does not tag frames); remove vlan and isolate with a separate network or a VXLAN adapter`,
        );
    }
}

/** The network kind. */
export const l2BridgeNetworkKind: LinuxKind<"l2BridgeNetwork"> = {
    observe(spec) {
        return { script: observeScript, params: params(spec) };
    },
    read(spec, sections): Observation<"l2BridgeNetwork"> | null {
        const bridge = parseLinks(sections.get("link") ?? "")[0];
        if (!bridge) {
            return null;
        }
        const marker = parseMarker(bridge.alias, networkMarker);
        const ports = parseLinks(sections.get("ports") ?? "");
        const adapter = ports.find((port) => !port.alias.startsWith(aliasMarker));
        const table = parseNftTable(sections.get("nat") ?? "");
        const exceptions: string[] = [];
        let masquerade = false;
        for (const rule of table ? rulesOf(table, "postrouting") : []) {
            if (rule.comment === "exception" && hasStatement(rule, "return")) {
                exceptions.push(...decodeAddresses(payloadMatch(rule, "ip", "daddr")?.right));
            }
            if (rule.comment === "masquerade" && hasStatement(rule, "masquerade")) {
                masquerade = true;
            }
        }
        const dnsText = sections.get("dns") ?? "";
        const stored: NetworkDnsState = dnsText
            ? (JSON.parse(dnsText) as NetworkDnsState)
            : { dns: {}, serveNames: false };
        const dnsmasqRunningWith = sections.get("dnsmasq") ?? "";
        const serving = stored.serveNames && dnsmasqRunningWith !== "";
        const servingAsConfigured = dnsmasqRunningWith === dnsmasqArguments(spec);
        const state = withoutUndefined({
            name: bridge.name,
            mode: spec.mode,
            subnet: marker?.get("subnet") ?? "",
            gateway: spec.gateway === undefined ? undefined : (marker?.get("gateway") ?? ""),
            adapter: adapter?.name,
            vlan: undefined,
            dns: reportAs(spec.dns, stored.dns, {}),
            outboundNat: reportAs(
                spec.outboundNat,
                withoutUndefined({
                    enabled:
                        spec.outboundNat?.enabled === undefined && masquerade
                            ? undefined
                            : masquerade,
                    exceptions:
                        spec.outboundNat?.exceptions === undefined && exceptions.length === 0
                            ? undefined
                            : exceptions,
                }),
                {},
            ),
            serveNames: reportAs(
                spec.serveNames,
                serving && (servingAsConfigured || !(spec.serveNames ?? true)),
                true,
            ),
        });
        return {
            id: bridge.name,
            owned: marker !== undefined,
            state,
            details: {
                hostInterface: bridge.name,
                managementIp: adapter?.ipv4[0]?.split("/")[0] ?? "",
                natTable: table ? tableName("nat", spec.name) : "",
            },
        };
    },
    converge(op: ApplyOp<"l2BridgeNetwork">): HostCall {
        const spec = op.desired;
        unsupported(spec);
        return {
            script: convergeScript,
            params: {
                ...params(spec),
                alias: networkAlias(spec),
                adapter: spec.adapter ?? "",
                nft: natTableText(spec),
                dnsState: JSON.stringify(dnsState(spec)),
                dnsmasqArgs: dnsmasqArguments(spec),
                resolvTemplate: networkResolvTemplate(spec.dns ?? {}, spec.serveNames ?? true),
            },
        };
    },
    remove(op: ApplyOp<"l2BridgeNetwork">): HostCall {
        return {
            script: removeScript,
            params: {
                ...params(op.desired),
                nft: deleteTable("ip", tableName("nat", op.desired.name)),
            },
        };
    },
};
