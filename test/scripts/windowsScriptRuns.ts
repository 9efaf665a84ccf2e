/**
 * Drives the Windows driver through every kind with a given string placed in every free-text
 * field of the specs, against the host double, and returns every script and parameter set sent.
 */
import { ContainerEndpointSpec, NetworkSpec } from "../../provider/model/kinds";
import { RecordedInvoke } from "../support/fakeWindowsSession";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    networkWithDnsAndNat,
    publish8080,
    routesToPeers,
    webContainer,
} from "../drivers/windows/articleScenarios";
import { harness } from "../drivers/windows/driverHarness";

/** Strings that would break out of PowerShell code if they were ever spliced into it. */
export const adversarialValues: Record<string, string> = {
    "single quote and statement": "x'; Remove-Item -Recurse C:\\ ; '",
    "typographic quotes U+2018..U+201B": "a\u2018; Stop-Computer; \u2019b\u201a\u201b",
    subexpression: "$(Stop-Computer -Force)",
    "backtick escapes": "a`n`0`$b`'",
    "newlines and NUL": "line1\r\nline2\n\u0000end",
    "here-string markers": "@'\n'@\n@\"\n\"@",
    "double quotes and variables": '"$env:USERPROFILE" ${x} $Params',
    "unicode and emoji": "réseau-网络-🚀",
};

/** Run create, observe, update and delete of every kind with `value` in the free-text fields. */
export async function runEveryKind(value: string): Promise<RecordedInvoke[]> {
    const h = harness();
    const network: NetworkSpec = {
        ...networkWithDnsAndNat,
        name: value,
        adapter: `Ethernet ${value}`,
        dns: { servers: ["10.127.130.10"], suffix: value, search: [value] },
    };
    const container: ContainerEndpointSpec = {
        ...webContainer,
        network: value,
        container: value,
        name: `ep ${value}`,
    };
    h.host.physicalAdapters = [{ name: network.adapter!, status: "Up" }];
    h.host.namespaces.push({
        ID: "C0FFEE00-1111-4222-8333-444455556666",
        Resources: [{ Type: "Container", Data: { Id: value } }],
    });
    const d = h.driver;
    await d.apply({ kind: "network", action: "create", desired: network, observed: null });
    await d.apply({
        kind: "network",
        action: "update",
        desired: { ...network, dns: {} },
        observed: await d.observe("network", network),
    });
    const gateway = { ...gatewayEndpoint, network: value, name: `gw ${value}` };
    await d.apply({ kind: "gatewayEndpoint", action: "create", desired: gateway, observed: null });
    await d.apply({
        kind: "gatewayEndpoint",
        action: "update",
        desired: gateway,
        observed: await d.observe("gatewayEndpoint", gateway),
    });
    await d.apply({
        kind: "containerEndpoint",
        action: "create",
        desired: container,
        observed: null,
    });
    const backend = { ...container, name: `ep2 ${value}`, ipAddress: "10.244.1.4" };
    h.host.namespaces.push({
        ID: "D00DFEED-2222-4333-8444-555566667777",
        Resources: [{ Type: "Container", Data: { Id: "second" } }],
    });
    await d.apply({
        kind: "containerEndpoint",
        action: "create",
        desired: { ...backend, container: "second" },
        observed: null,
    });
    const publish = { ...publish8080, endpoint: container.name! };
    await d.apply({ kind: "portPublish", action: "create", desired: publish, observed: null });
    const acl = {
        ...aclAllow80FromOne,
        endpoint: container.name!,
        rules: aclAllow80FromOne.rules.map((r) => ({ ...r, name: value })),
    };
    await d.apply({ kind: "endpointAcl", action: "create", desired: acl, observed: null });
    const lb = { ...loadBalancer8090, name: value, network: value };
    await d.apply({ kind: "loadBalancer", action: "create", desired: lb, observed: null });
    await d.apply({
        kind: "loadBalancer",
        action: "update",
        desired: lb,
        observed: await d.observe("loadBalancer", lb),
    });
    const routes = { ...routesToPeers, name: value, interface: `vEthernet (${value})` };
    await d.apply({ kind: "routeSet", action: "create", desired: routes, observed: null });
    await d.apply({
        kind: "routeSet",
        action: "delete",
        desired: routes,
        observed: await d.observe("routeSet", routes),
    });
    await d.apply({
        kind: "loadBalancer",
        action: "delete",
        desired: lb,
        observed: await d.observe("loadBalancer", lb),
    });
    await d.apply({
        kind: "endpointAcl",
        action: "delete",
        desired: acl,
        observed: await d.observe("endpointAcl", acl),
    });
    await d.apply({
        kind: "portPublish",
        action: "delete",
        desired: publish,
        observed: await d.observe("portPublish", publish),
    });
    await d.apply({
        kind: "containerEndpoint",
        action: "delete",
        desired: container,
        observed: await d.observe("containerEndpoint", container),
    });
    await d.apply({
        kind: "gatewayEndpoint",
        action: "delete",
        desired: gateway,
        observed: await d.observe("gatewayEndpoint", gateway),
    });
    await d.apply({
        kind: "network",
        action: "delete",
        desired: network,
        observed: await d.observe("network", network),
    });
    return h.session.calls;
}

/**
 * True when some string in `data` holds `value` exactly, directly or inside JSON text (HCN
 * documents travel as JSON text within the parameters).
 */
export function carriesValue(data: unknown, value: string): boolean {
    if (typeof data === "string") {
        if (data.includes(value)) {
            return true;
        }
        if (data.startsWith("{") || data.startsWith("[")) {
            try {
                return carriesValue(JSON.parse(data), value);
            } catch {
                return false;
            }
        }
        return false;
    }
    if (Array.isArray(data)) {
        return data.some((item) => carriesValue(item, value));
    }
    if (typeof data === "object" && data !== null) {
        return Object.values(data).some((item) => carriesValue(item, value));
    }
    return false;
}
