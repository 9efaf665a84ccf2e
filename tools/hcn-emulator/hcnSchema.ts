/**
 * The HCN schema facts (reference hns.md §1–§4) as a checker of documents this package sends:
 * exact type names and casing, integer flags and protocol numbers, ACL fields as strings, the
 * default-route rule hcsshim enforces, read-only fields left out. Returns every violation.
 */

type Json = Record<string, unknown>;

const guid = /^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$/;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const cidr = /^[0-9.]+\/(3[0-2]|[12]?\d)$/;

/** HCN network types (hns.md §2.1). */
export const networkTypes = [
    "NAT",
    "ICS",
    "Transparent",
    "L2Bridge",
    "L2Tunnel",
    "Overlay",
    "Private",
    "Internal",
];
/** Policy types HCN accepts on a network (hns.md §2.3). */
export const networkPolicyTypes = [
    "NetAdapterName",
    "InterfaceConstraint",
    "SourceMacAddress",
    "VSwitchExtension",
    "ProviderAddress",
    "DrMacAddress",
    "AutomaticDNS",
    "RemoteSubnetRoute",
    "VxlanPort",
    "HostRoute",
    "SetPolicy",
    "L4Proxy",
    "LayerConstraint",
    "NetworkACL",
];
/** Policy types HCN accepts on an endpoint (hns.md §3.3). */
export const endpointPolicyTypes = [
    "PortMapping",
    "ACL",
    "QOS",
    "L2Driver",
    "OutBoundNAT",
    "SDNRoute",
    "L4Proxy",
    "L4WFPPROXY",
    "ProviderAddress",
    "PortName",
    "EncapOverhead",
    "InterfaceConstraint",
    "Encryption",
    "VLAN",
    "InterfaceParameters",
    "Iov",
    "TierAcl",
];

function isObject(v: unknown): v is Json {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isInt(v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): boolean {
    return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}
function isStringList(v: unknown): boolean {
    return Array.isArray(v) && v.every((x) => typeof x === "string");
}

function checkSchemaVersion(doc: Json, at: string, out: string[]): void {
    const sv = doc["SchemaVersion"];
    if (!isObject(sv) || !isInt(sv["Major"]) || !isInt(sv["Minor"]) || sv["Major"] !== 2) {
        out.push(`${at}.SchemaVersion must be {Major: 2, Minor: n}`);
    }
}

function checkPolicyEnvelope(
    p: unknown,
    at: string,
    allowed: string[],
    out: string[],
): p is { Type: string; Settings: Json } {
    if (!isObject(p) || typeof p["Type"] !== "string" || !isObject(p["Settings"])) {
        out.push(`${at} must be {Type: string, Settings: object}`);
        return false;
    }
    if (!allowed.includes(p["Type"])) {
        out.push(
            `${at}.Type "${p["Type"]}" is not an HCN policy type of this object (case matters)`,
        );
        return false;
    }
    return true;
}

function checkDns(dns: unknown, at: string, out: string[]): void {
    if (dns === undefined) return;
    if (!isObject(dns)) {
        out.push(`${at} must be an object`);
        return;
    }
    if (dns["Domain"] !== undefined && typeof dns["Domain"] !== "string")
        out.push(`${at}.Domain must be a string`);
    for (const k of ["Search", "ServerList", "Options"]) {
        if (dns[k] !== undefined && !isStringList(dns[k]))
            out.push(`${at}.${k} must be a list of strings`);
    }
    if (
        dns["ServerList"] !== undefined &&
        !(dns["ServerList"] as string[]).every((s) => ipv4.test(s))
    ) {
        out.push(`${at}.ServerList must hold IP addresses`);
    }
}

function checkRoutes(routes: unknown, at: string, requireDefault: boolean, out: string[]): void {
    if (routes === undefined) {
        if (requireDefault) out.push(`${at} needs a default route`);
        return;
    }
    if (!Array.isArray(routes)) {
        out.push(`${at} must be a list`);
        return;
    }
    routes.forEach((r, i) => {
        if (
            !isObject(r) ||
            typeof r["NextHop"] !== "string" ||
            !ipv4.test(r["NextHop"] as string)
        ) {
            out.push(
                `${at}[${i}].NextHop must be an IPv4 address (hcsshim refuses routes without one)`,
            );
        }
        if (
            !isObject(r) ||
            typeof r["DestinationPrefix"] !== "string" ||
            !cidr.test(r["DestinationPrefix"] as string)
        ) {
            out.push(`${at}[${i}].DestinationPrefix must be a CIDR`);
        }
    });
    if (
        requireDefault &&
        !routes.some((r) => isObject(r) && r["DestinationPrefix"] === "0.0.0.0/0")
    ) {
        out.push(`${at} needs a 0.0.0.0/0 route (hcsshim: "no default gateway")`);
    }
}

/** Violations of an HCN network document to be created. */
export function networkViolations(doc: unknown): string[] {
    const out: string[] = [];
    if (!isObject(doc)) return ["network must be an object"];
    if (doc["ID"] !== undefined) out.push("network.ID is assigned by HNS; leave it out");
    if (typeof doc["Name"] !== "string" || doc["Name"] === "")
        out.push("network.Name must be a non-empty string");
    if (!networkTypes.includes(doc["Type"] as string))
        out.push(`network.Type "${String(doc["Type"])}" is not an HCN network type`);
    if (doc["Flags"] !== undefined && !isInt(doc["Flags"]))
        out.push("network.Flags must be an integer");
    if (isInt(doc["Flags"]) && ((doc["Flags"] as number) & 8) !== 0)
        out.push("network.Flags has EnableNonPersistent (8): the network would vanish on reboot");
    checkSchemaVersion(doc, "network", out);
    checkDns(doc["Dns"], "network.Dns", out);
    const ipams = doc["Ipams"];
    if (!Array.isArray(ipams) || ipams.length === 0)
        out.push("network.Ipams must hold one Static IPAM");
    (Array.isArray(ipams) ? ipams : []).forEach((ipam, i) => {
        if (!isObject(ipam) || (ipam["Type"] !== "Static" && ipam["Type"] !== "Dhcp"))
            out.push(`network.Ipams[${i}].Type must be "Static" or "Dhcp"`);
        const subnets = isObject(ipam) ? ipam["Subnets"] : undefined;
        (Array.isArray(subnets) ? subnets : []).forEach((s, j) => {
            const at = `network.Ipams[${i}].Subnets[${j}]`;
            if (
                !isObject(s) ||
                typeof s["IpAddressPrefix"] !== "string" ||
                !cidr.test(s["IpAddressPrefix"] as string)
            )
                out.push(`${at}.IpAddressPrefix must be a CIDR`);
            checkRoutes(isObject(s) ? s["Routes"] : undefined, `${at}.Routes`, true, out);
            const policies = isObject(s) ? s["Policies"] : undefined;
            (Array.isArray(policies) ? policies : []).forEach((p, k) => {
                if (
                    checkPolicyEnvelope(p, `${at}.Policies[${k}]`, ["VLAN", "VSID"], out) &&
                    !isInt(p.Settings["IsolationId"], 1, 4094)
                ) {
                    out.push(
                        `${at}.Policies[${k}].Settings.IsolationId must be an integer 1..4094`,
                    );
                }
            });
        });
    });
    const policies = doc["Policies"];
    (Array.isArray(policies) ? policies : []).forEach((p, i) => {
        if (
            checkPolicyEnvelope(p, `network.Policies[${i}]`, networkPolicyTypes, out) &&
            p.Type === "NetAdapterName"
        ) {
            const name = p.Settings["NetworkAdapterName"];
            if (typeof name !== "string" || name === "" || name.startsWith("vEthernet")) {
                out.push(
                    `network.Policies[${i}].Settings.NetworkAdapterName must be a physical adapter name, never vEthernet (…)`,
                );
            }
        }
    });
    return out;
}

/** Violations of endpoint policies. */
export function endpointPolicyViolations(policies: unknown, at = "endpoint.Policies"): string[] {
    const out: string[] = [];
    if (!Array.isArray(policies)) return [`${at} must be a list`];
    policies.forEach((p, i) => {
        const here = `${at}[${i}]`;
        if (!checkPolicyEnvelope(p, here, endpointPolicyTypes, out)) return;
        const s = p.Settings;
        if (p.Type === "OutBoundNAT") {
            if (
                s["Exceptions"] !== undefined &&
                !(
                    isStringList(s["Exceptions"]) &&
                    (s["Exceptions"] as string[]).every((c) => cidr.test(c) || ipv4.test(c))
                )
            ) {
                out.push(`${here}.Settings.Exceptions must be a list of CIDRs`);
            }
            if (s["ExceptionList"] !== undefined)
                out.push(`${here}.Settings.ExceptionList is the v1 name; v2 uses Exceptions`);
        }
        if (p.Type === "PortMapping") {
            if (s["Protocol"] !== 6 && s["Protocol"] !== 17)
                out.push(`${here}.Settings.Protocol must be the number 6 or 17`);
            if (!isInt(s["InternalPort"], 1, 65535))
                out.push(
                    `${here}.Settings.InternalPort must be 1..65535 (0 is HCN_E_INVALID_INTERNAL_PORT)`,
                );
            if (!isInt(s["ExternalPort"], 1, 65535))
                out.push(`${here}.Settings.ExternalPort must be 1..65535`);
            if (s["Flags"] !== undefined && !isInt(s["Flags"]))
                out.push(`${here}.Settings.Flags must be an integer`);
            if (s["VIP"] !== undefined && !ipv4.test(String(s["VIP"])))
                out.push(`${here}.Settings.VIP must be an IP address`);
        }
        if (p.Type === "ACL") {
            if (!["Allow", "Block", "Pass"].includes(s["Action"] as string))
                out.push(`${here}.Settings.Action must be Allow, Block or Pass`);
            if (!["In", "Out"].includes(s["Direction"] as string))
                out.push(`${here}.Settings.Direction must be In or Out`);
            if (!["Host", "Switch"].includes(s["RuleType"] as string))
                out.push(`${here}.Settings.RuleType must be Host or Switch`);
            if (!isInt(s["Priority"], 0, 65535))
                out.push(`${here}.Settings.Priority must be an integer 0..65535`);
            for (const k of [
                "Id",
                "Protocols",
                "LocalAddresses",
                "RemoteAddresses",
                "LocalPorts",
                "RemotePorts",
            ]) {
                if (s[k] !== undefined && typeof s[k] !== "string")
                    out.push(`${here}.Settings.${k} must be a string (comma-separated)`);
            }
        }
        if (p.Type === "SDNRoute" && typeof s["NeedEncap"] !== "boolean")
            out.push(`${here}.Settings.NeedEncap must be a boolean`);
        if (p.Type === "InterfaceParameters" && !isInt(s["Mtu"], 576, 65535))
            out.push(`${here}.Settings.Mtu must be an integer`);
    });
    return out;
}

/** Violations of an HCN endpoint document to be created. */
export function endpointViolations(doc: unknown): string[] {
    const out: string[] = [];
    if (!isObject(doc)) return ["endpoint must be an object"];
    if (doc["HostComputeNamespace"] !== undefined)
        out.push(
            "endpoint.HostComputeNamespace is read-only at create; attach through the namespace",
        );
    if (doc["HostComputeNetwork"] !== undefined && !guid.test(String(doc["HostComputeNetwork"])))
        out.push("endpoint.HostComputeNetwork must be a GUID");
    if (typeof doc["Name"] !== "string" || doc["Name"] === "")
        out.push("endpoint.Name must be a non-empty string");
    checkSchemaVersion(doc, "endpoint", out);
    const ips = doc["IpConfigurations"];
    if (!Array.isArray(ips) || ips.length === 0)
        out.push("endpoint.IpConfigurations must hold the static address");
    (Array.isArray(ips) ? ips : []).forEach((c, i) => {
        if (!isObject(c) || !ipv4.test(String(c["IpAddress"])))
            out.push(`endpoint.IpConfigurations[${i}].IpAddress must be an IPv4 address`);
        if (!isObject(c) || !isInt(c["PrefixLength"], 0, 32))
            out.push(`endpoint.IpConfigurations[${i}].PrefixLength must be 0..32`);
    });
    checkRoutes(doc["Routes"], "endpoint.Routes", false, out);
    checkDns(doc["Dns"], "endpoint.Dns", out);
    if (
        doc["MacAddress"] !== undefined &&
        !/^([0-9A-F]{2}-){5}[0-9A-F]{2}$/.test(String(doc["MacAddress"]))
    )
        out.push("endpoint.MacAddress must be dash-separated upper-case hex");
    if (doc["Flags"] !== undefined && !isInt(doc["Flags"]))
        out.push("endpoint.Flags must be an integer");
    out.push(...endpointPolicyViolations(doc["Policies"]));
    return out;
}

/** Violations of an HCN load balancer document (before the host adds HostComputeEndpoints). */
export function loadBalancerViolations(doc: unknown): string[] {
    const out: string[] = [];
    if (!isObject(doc)) return ["loadBalancer must be an object"];
    checkSchemaVersion(doc, "loadBalancer", out);
    if (
        !isStringList(doc["FrontendVIPs"]) ||
        !(doc["FrontendVIPs"] as string[]).every((v) => ipv4.test(v))
    )
        out.push("loadBalancer.FrontendVIPs must be a list of IP addresses");
    if (doc["SourceVIP"] !== undefined && !ipv4.test(String(doc["SourceVIP"])))
        out.push("loadBalancer.SourceVIP must be an IP address");
    if (!isInt(doc["Flags"])) out.push("loadBalancer.Flags must be an integer");
    const mappings = doc["PortMappings"];
    if (!Array.isArray(mappings) || mappings.length !== 1)
        out.push("loadBalancer.PortMappings must hold exactly one mapping");
    (Array.isArray(mappings) ? mappings : []).forEach((m, i) => {
        const at = `loadBalancer.PortMappings[${i}]`;
        if (!isObject(m) || (m["Protocol"] !== 6 && m["Protocol"] !== 17))
            out.push(`${at}.Protocol must be the number 6 or 17`);
        if (!isObject(m) || !isInt(m["InternalPort"], 1, 65535))
            out.push(`${at}.InternalPort must be 1..65535`);
        if (!isObject(m) || !isInt(m["ExternalPort"], 1, 65535))
            out.push(`${at}.ExternalPort must be 1..65535`);
        if (!isObject(m) || !isInt(m["Flags"])) out.push(`${at}.Flags must be an integer`);
    });
    if (
        doc["HostComputeEndpoints"] !== undefined &&
        !(
            isStringList(doc["HostComputeEndpoints"]) &&
            (doc["HostComputeEndpoints"] as string[]).every((id) => guid.test(id))
        )
    ) {
        out.push("loadBalancer.HostComputeEndpoints must be a list of GUIDs");
    }
    return out;
}
