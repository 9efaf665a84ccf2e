/**
 * Check of `L2BridgeNetwork` inputs.
 */
import { subnetProblem } from "./cidrRules";
import { withoutUndefined } from "./fields";
import { problem } from "./messages";
import { linuxInterfaceNameProblem, uplinkAdapterProblem } from "./names";
import { vlanRange } from "./ports";
import type { CheckOutcome } from "./shared";
import {
    known,
    readAddressInSubnet,
    readDns,
    readHostBound,
    readOutboundNat,
    startReading,
} from "./shared";
import { l2BridgeNetworkDefaults } from "../model/defaults";

/** Validate and normalise `L2BridgeNetwork` inputs. */
export function checkL2BridgeNetwork(news: unknown): CheckOutcome {
    const { reader, raw } = startReading(news);
    const { connection, adopt } = readHostBound(reader, raw);
    const name = reader.requiredString("name", raw.name, "cbr0", (path, value) =>
        linuxInterfaceNameProblem(path, value, "cbr0"),
    );
    const mode = reader.choice(
        "mode",
        raw.mode,
        ["l2bridge", "l2tunnel"] as const,
        l2BridgeNetworkDefaults.mode,
    );
    if (mode === "l2tunnel" && known(connection) && connection.os === "linux") {
        reader.add('mode: l2tunnel exists only on Windows; use "l2bridge" on Linux hosts');
    }
    const subnet = reader.requiredString("subnet", raw.subnet, "10.244.3.0/24", subnetProblem);
    const gateway = readAddressInSubnet(reader, "gateway", raw.gateway, subnet, {
        example: "10.244.3.1",
        reserved: [{ offset: 2, reason: "is the host gateway endpoint address (.2)" }],
        defaultOffset: 1,
    });
    const dns = readDns(reader, "dns", raw.dns ?? l2BridgeNetworkDefaults.dns);
    const outboundNat = readOutboundNat(
        reader,
        "outboundNat",
        raw.outboundNat ?? l2BridgeNetworkDefaults.outboundNat,
    );
    const vlan = reader.integer("vlan", raw.vlan, vlanRange);
    const serveNames = reader.boolean("serveNames", raw.serveNames);
    const os = known(connection) ? connection.os : undefined;
    if (os === "linux" && typeof vlan === "number") {
        reader.add(
            problem(
                "vlan",
                vlan,
                "is not available on Linux hosts (the driver does not tag frames)",
                "remove vlan and isolate with a separate network or a VXLAN adapter",
            ),
        );
    }
    if (os === "windows" && serveNames === true) {
        reader.add(
            problem(
                "serveNames",
                serveNames,
                "is not available on Windows hosts (container name resolution is not implemented there)",
                "remove serveNames and set dns.servers to a DNS server that knows the containers' names",
            ),
        );
    }
    return {
        inputs: withoutUndefined({
            connection,
            adopt,
            name,
            mode,
            subnet,
            gateway,
            adapter: reader.string("adapter", raw.adapter, "Ethernet", uplinkAdapterProblem),
            vlan,
            dns,
            outboundNat,
            serveNames,
        }),
        problems: reader.problems,
    };
}

export { l2BridgeNetworkDefaults };
