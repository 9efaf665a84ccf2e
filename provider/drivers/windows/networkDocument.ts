/** Builds the HCN network document of an `L2BridgeNetwork` spec. */
import { NetworkSpec } from "../../model/kinds";
import { nthAddress } from "../../validate/cidr";
import { HcnDns, HcnNetwork, HcnPolicy, HcnSubnet, schemaV2 } from "./hcnTypes";
import { DnsSettings } from "../../../sdk/common";

/** HCN `Dns` of DNS settings; undefined when nothing is set. */
export function hcnDns(dns: DnsSettings | undefined): HcnDns | undefined {
    if (!dns) {
        return undefined;
    }
    const result: HcnDns = {};
    if (dns.suffix) {
        result.Domain = dns.suffix;
    }
    if (dns.search && dns.search.length > 0) {
        result.Search = [...dns.search];
    }
    if (dns.servers && dns.servers.length > 0) {
        result.ServerList = [...dns.servers];
    }
    return Object.keys(result).length > 0 ? result : undefined;
}

/** The nominal gateway of a network: `gateway`, or `.1` of the subnet. */
export function networkGateway(spec: Pick<NetworkSpec, "subnet" | "gateway">): string {
    return spec.gateway ?? nthAddress(spec.subnet, 1) ?? "";
}

/**
 * The HCN network. `adapter` is the physical adapter resolved on the host when the spec leaves it
 * unset. Outbound NAT is not part of it: HNS has no network-level OutBoundNAT for L2Bridge, so it
 * is recorded on the host and applied to every endpoint.
 */
export function buildNetworkDocument(spec: NetworkSpec, adapter: string | undefined): HcnNetwork {
    const subnet: HcnSubnet = {
        IpAddressPrefix: spec.subnet,
        Routes: [{ NextHop: networkGateway(spec), DestinationPrefix: "0.0.0.0/0" }],
    };
    if (spec.vlan !== undefined) {
        subnet.Policies = [{ Type: "VLAN", Settings: { IsolationId: spec.vlan } }];
    }
    const policies: HcnPolicy[] = [];
    const uplink = spec.adapter ?? adapter;
    if (uplink) {
        policies.push({ Type: "NetAdapterName", Settings: { NetworkAdapterName: uplink } });
    }
    const document: HcnNetwork = {
        Name: spec.name,
        Type: spec.mode === "l2tunnel" ? "L2Tunnel" : "L2Bridge",
        Ipams: [{ Type: "Static", Subnets: [subnet] }],
        Policies: policies,
        Flags: 0,
        SchemaVersion: schemaV2,
    };
    const dns = hcnDns(spec.dns);
    if (dns) {
        document.Dns = dns;
    }
    return document;
}

/** The `HcnModifyNetwork` request that sets the network's DNS in place. */
export function buildDnsUpdateRequest(spec: NetworkSpec): string {
    const dns = hcnDns(spec.dns) ?? {};
    return JSON.stringify({
        ResourceType: "DNS",
        RequestType: "Update",
        Settings: {
            Domain: dns.Domain ?? "",
            Search: dns.Search ?? [],
            ServerList: dns.ServerList ?? [],
        },
    });
}
