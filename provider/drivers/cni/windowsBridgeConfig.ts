/**
 * The CNI configuration of a network on a Windows host, for Microsoft's `sdnbridge` plugin
 * (microsoft/windows-container-networking; the plugin finds the HNS network by the configuration's
 * `name`, so it is the network's name). HNS hands out the addresses of the network's subnet; the
 * containers' gateway is `ipam.routes[0].GW`; endpoint policies travel in `AdditionalArgs` in the
 * HCN v2 form (`OutBoundNAT` with `Settings.Exceptions`, `SDNRoute` with `DestinationPrefix` and
 * `NeedEncap`). Composed as an object, checked value by value, and read back into the spec's fields.
 */
import type { RuntimeNetworkConfigSpec } from "../../model/kinds";
import { nthAddress } from "../../validate";
import { runtimeNetworkConfigDefaults } from "../../model/defaults";
import { cniAddress, cniDnsName, cniNetworkName, cniPrefix } from "./cniValues";
import { cniMarker, cniMarkerKey } from "./configFile";

/** The plugin binary containerd runs (`sdnbridge.exe` in the plugins' release archive). */
export const windowsBridgePlugin = "sdnbridge";

function endpointPolicy(type: string, settings: Record<string, unknown>): Record<string, unknown> {
    return { Name: "EndpointPolicy", Value: { Type: type, Settings: settings } };
}

/** The configuration of `spec` as a JSON document. */
export function windowsBridgeConfig(spec: RuntimeNetworkConfigSpec): Record<string, unknown> {
    const network = cniNetworkName(spec.network);
    const subnet = cniPrefix("subnet", spec.subnet);
    const gateway = cniAddress(
        "gateway",
        spec.gateway ?? nthAddress(subnet, runtimeNetworkConfigDefaults.gatewayOffset),
    );
    const nat = spec.outboundNat ?? runtimeNetworkConfigDefaults.outboundNat;
    const policies = [
        ...((nat.enabled ?? true)
            ? [
                  endpointPolicy("OutBoundNAT", {
                      Exceptions: (nat.exceptions ?? []).map((prefix, index) =>
                          cniPrefix(`outboundNat.exceptions[${index}]`, prefix),
                      ),
                  }),
              ]
            : []),
        ...(spec.encapRoutes ?? []).map((prefix, index) =>
            endpointPolicy("SDNRoute", {
                DestinationPrefix: cniPrefix(`encapRoutes[${index}]`, prefix),
                NeedEncap: true,
            }),
        ),
    ];
    const servers = (spec.dns?.servers ?? []).map((server, index) =>
        cniAddress(`dns.servers[${index}]`, server),
    );
    const search = (spec.dns?.search ?? []).map((name, index) =>
        cniDnsName(`dns.search[${index}]`, name),
    );
    const suffix = spec.dns?.suffix ? cniDnsName("dns.suffix", spec.dns.suffix) : undefined;
    return {
        cniVersion: spec.cniVersion ?? runtimeNetworkConfigDefaults.cniVersion,
        name: network,
        type: windowsBridgePlugin,
        [cniMarkerKey]: cniMarker(network),
        capabilities: { portMappings: true, dnsCapabilities: true },
        ipam: { subnet, routes: [{ GW: gateway }] },
        dns: {
            Nameservers: servers,
            ...(suffix ? { Domain: suffix } : {}),
            Search: search,
        },
        AdditionalArgs: policies,
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

/** The spec fields a configuration holds (undefined where it holds none). */
export function readWindowsBridgeConfig(
    document: Record<string, unknown>,
): Partial<RuntimeNetworkConfigSpec> {
    const ipam = record(document.ipam);
    const firstRoute = record(Array.isArray(ipam.routes) ? ipam.routes[0] : undefined);
    const dns = record(document.dns);
    const policies = (Array.isArray(document.AdditionalArgs) ? document.AdditionalArgs : [])
        .map((entry) => record(record(entry).Value))
        .map((value) => ({ type: text(value.Type), settings: record(value.Settings) }));
    const nat = policies.find((policy) => policy.type === "OutBoundNAT");
    return {
        subnet: text(ipam.subnet),
        gateway: text(firstRoute.GW),
        encapRoutes: policies
            .filter((policy) => policy.type === "SDNRoute")
            .map((policy) => String(policy.settings.DestinationPrefix)),
        outboundNat: {
            enabled: nat !== undefined,
            exceptions: texts(nat?.settings.Exceptions) ?? [],
        },
        dns: {
            servers: texts(dns.Nameservers) ?? [],
            ...(text(dns.Domain) ? { suffix: text(dns.Domain) } : {}),
            search: texts(dns.Search) ?? [],
        },
        cniVersion: text(document.cniVersion) as RuntimeNetworkConfigSpec["cniVersion"],
    };
}
