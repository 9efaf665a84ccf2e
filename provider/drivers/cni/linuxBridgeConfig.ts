/**
 * The CNI configuration list of a network on a Linux host: the standard `bridge` plugin on the
 * network's own bridge, which it neither addresses nor masquerades (the GatewayEndpoint holds the
 * gateway address and the network its NAT), with `host-local` addresses from `rangeStart` to
 * `rangeEnd`, routes through `gateway` and the DNS settings. Composed as an object, checked value by
 * value, and read back into the spec's fields so drift shows field by field.
 */
import type { RuntimeNetworkConfigSpec } from "../../model/kinds";
import { lastHostAddress, nthAddress } from "../../validate";
import { runtimeNetworkConfigDefaults } from "../../model/defaults";
import { cniAddress, cniDirectory, cniDnsName, cniNetworkName, cniPrefix } from "./cniValues";
import { cniMarker, cniMarkerKey } from "./configFile";

/** The DNS section of a CNI configuration (the CNI specification's `dns`). */
export interface CniDns {
    nameservers?: string[];
    domain?: string;
    search?: string[];
}

/** The `dns` section of `spec`, or undefined when it sets nothing. */
export function linuxDns(spec: RuntimeNetworkConfigSpec): CniDns | undefined {
    const servers = (spec.dns?.servers ?? []).map((server, index) =>
        cniAddress(`dns.servers[${index}]`, server),
    );
    const search = (spec.dns?.search ?? []).map((name, index) =>
        cniDnsName(`dns.search[${index}]`, name),
    );
    const suffix = spec.dns?.suffix ? cniDnsName("dns.suffix", spec.dns.suffix) : undefined;
    if (servers.length === 0 && !suffix && search.length === 0) {
        return undefined;
    }
    return {
        ...(servers.length > 0 ? { nameservers: servers } : {}),
        ...(suffix ? { domain: suffix } : {}),
        ...(search.length > 0 ? { search } : {}),
    };
}

/** The configuration list of `spec` as a JSON document. */
export function linuxBridgeConfig(spec: RuntimeNetworkConfigSpec): Record<string, unknown> {
    const network = cniNetworkName(spec.network);
    const subnet = cniPrefix("subnet", spec.subnet);
    const gateway = cniAddress(
        "gateway",
        spec.gateway ?? nthAddress(subnet, runtimeNetworkConfigDefaults.gatewayOffset),
    );
    const range = {
        subnet,
        rangeStart: cniAddress(
            "rangeStart",
            spec.rangeStart ?? nthAddress(subnet, runtimeNetworkConfigDefaults.rangeStartOffset),
        ),
        rangeEnd: cniAddress("rangeEnd", spec.rangeEnd ?? lastHostAddress(subnet)),
        gateway,
    };
    const routes = (spec.routes ?? runtimeNetworkConfigDefaults.routes).map((route, index) => ({
        dst: cniPrefix(`routes[${index}]`, route),
        gw: gateway,
    }));
    const dns = linuxDns(spec);
    return {
        cniVersion: spec.cniVersion ?? runtimeNetworkConfigDefaults.cniVersion,
        name: network,
        [cniMarkerKey]: cniMarker(network),
        plugins: [
            {
                type: "bridge",
                bridge: network,
                isGateway: false,
                isDefaultGateway: false,
                ipMasq: false,
                hairpinMode: true,
                ipam: {
                    type: "host-local",
                    ranges: [[range]],
                    routes,
                    ...(spec.ipamDataDirectory === undefined
                        ? {}
                        : {
                              dataDir: cniDirectory(
                                  "ipamDataDirectory",
                                  spec.ipamDataDirectory,
                                  "linux",
                              ),
                          }),
                },
                ...(dns ? { dns } : {}),
            },
        ],
    };
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
}

function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

function texts(value: unknown): string[] | undefined {
    return Array.isArray(value) ? value.map((item) => String(item)) : undefined;
}

/** The spec fields a configuration list holds (undefined where it holds none). */
export function readLinuxBridgeConfig(
    document: Record<string, unknown>,
): Partial<RuntimeNetworkConfigSpec> {
    const plugin = record(Array.isArray(document.plugins) ? document.plugins[0] : undefined);
    const ipam = record(plugin.ipam);
    const ranges = Array.isArray(ipam.ranges) ? ipam.ranges : [];
    const range = record(Array.isArray(ranges[0]) ? ranges[0][0] : undefined);
    const routes = Array.isArray(ipam.routes)
        ? ipam.routes.map((route) => String(record(route).dst))
        : undefined;
    const dns = record(plugin.dns);
    return {
        network: text(plugin.bridge),
        subnet: text(range.subnet),
        gateway: text(range.gateway),
        rangeStart: text(range.rangeStart),
        rangeEnd: text(range.rangeEnd),
        routes,
        dns: {
            servers: texts(dns.nameservers) ?? [],
            ...(text(dns.domain) ? { suffix: text(dns.domain) } : {}),
            search: texts(dns.search) ?? [],
        },
        cniVersion: text(document.cniVersion) as RuntimeNetworkConfigSpec["cniVersion"],
        ipamDataDirectory: text(ipam.dataDir),
    };
}
