/**
 * Drives the Windows driver through every kind with a given string placed in every free-text
 * field of the specs, in real PowerShell on an emulated Windows host, and returns every script and
 * parameter set sent.
 */
import type {
    ContainerEndpointSpec,
    KindSpecs,
    L2BridgeNetworkSpec,
    ObjectKind,
} from "../../provider/model/kinds";
import { WindowsDriver } from "../../provider/drivers/windows/windowsDriver";
import type { HostSession } from "../../provider/transport/types";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import { emulatedConnection, startEmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import { scriptNameOf } from "../support/scriptCoverage";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    networkWithDnsAndNat,
    publish8080,
    webContainer,
} from "../drivers/windows/articleScenarios";

/** One request as the driver sent it. */
export interface RecordedInvoke {
    name: string;
    script: string;
    params: Record<string, unknown>;
}

/** A session wrapper recording every request into `calls`. */
export function recording(calls: RecordedInvoke[]): (session: HostSession) => HostSession {
    return (session) => ({
        os: "windows",
        hostKeyFingerprint: () => "",
        invoke: (script, params = {}, options) => {
            calls.push({
                name: scriptNameOf(script) ?? "(not in the catalog)",
                script,
                params: JSON.parse(JSON.stringify(params)) as Record<string, unknown>,
            });
            return session.invoke(script, params, options);
        },
    });
}

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

const runs = new Map<string, Promise<RecordedInvoke[]>>();

/** `value` as `runEveryKind` sends it: without NUL, which P/Invoke strings cannot hold. */
export function valueAsSent(value: string): string {
    return value.replace(/\u0000/g, "");
}

/**
 * Run create, observe, update and delete of every kind with `value` in the free-text fields, in
 * real PowerShell on an emulated host, and return every request sent (one run per value). A NUL
 * cannot cross P/Invoke (UTF-16 strings end there, on Windows too), so it is dropped from the value.
 */
export function runEveryKind(value: string): Promise<RecordedInvoke[]> {
    let run = runs.get(value);
    if (!run) {
        run = runOnEmulatedHost(valueAsSent(value));
        runs.set(value, run);
    }
    return run;
}

async function runOnEmulatedHost(value: string): Promise<RecordedInvoke[]> {
    const calls: RecordedInvoke[] = [];
    const h = await startEmulatedWindowsDriver({ wrapSession: recording(calls) });
    try {
        await everyKind(h, value);
    } finally {
        await h.stop();
    }
    return calls;
}

async function addContainer(
    h: EmulatedWindowsDriver,
    id: string,
    container: string,
): Promise<void> {
    const made = await h.client.create(
        "Namespace",
        { Type: "Host", SchemaVersion: { Major: 2, Minor: 0 } },
        id,
    );
    await h.client.modify("Namespace", made.handle!, {
        ResourceType: "Container",
        RequestType: "Add",
        Settings: { ContainerId: container },
    });
    await h.client.close("Namespace", made.handle!);
}

async function everyKind(h: EmulatedWindowsDriver, value: string): Promise<void> {
    const network: L2BridgeNetworkSpec = {
        ...networkWithDnsAndNat,
        name: value,
        adapter: "Ethernet",
        dns: { servers: ["10.127.130.10"], suffix: value, search: [value] },
    };
    const container: ContainerEndpointSpec = {
        ...webContainer,
        network: value,
        container: value,
        name: `ep ${value}`,
    };
    await addContainer(h, "C0FFEE00-1111-4222-8333-444455556666", value);
    const d = h.driver;
    await d.apply({ kind: "l2BridgeNetwork", action: "create", desired: network, observed: null });
    await d.apply({
        kind: "l2BridgeNetwork",
        action: "update",
        desired: { ...network, dns: {} },
        observed: await d.observe("l2BridgeNetwork", network),
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
    await addContainer(h, "D00DFEED-2222-4333-8444-555566667777", "second");
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
    await d.apply({ kind: "hnsLoadBalancer", action: "create", desired: lb, observed: null });
    await d.apply({
        kind: "hnsLoadBalancer",
        action: "update",
        desired: lb,
        observed: await d.observe("hnsLoadBalancer", lb),
    });
    const routes = {
        name: value,
        routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: `10.200.${h.host.subnet}.5` }],
        interface: "Ethernet",
        persistent: true,
    };
    await d.apply({ kind: "containerRoute", action: "create", desired: routes, observed: null });
    await d.apply({
        kind: "containerRoute",
        action: "delete",
        desired: routes,
        observed: await d.observe("containerRoute", routes),
    });
    await d.apply({
        kind: "hnsLoadBalancer",
        action: "delete",
        desired: lb,
        observed: await d.observe("hnsLoadBalancer", lb),
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
    const second = { ...backend, container: "second" };
    await d.apply({
        kind: "containerEndpoint",
        action: "delete",
        desired: second,
        observed: await d.observe("containerEndpoint", second),
    });
    await d.apply({
        kind: "gatewayEndpoint",
        action: "delete",
        desired: gateway,
        observed: await d.observe("gatewayEndpoint", gateway),
    });
    await d.apply({
        kind: "l2BridgeNetwork",
        action: "delete",
        desired: network,
        observed: await d.observe("l2BridgeNetwork", network),
    });
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

/**
 * The first request of every kind's observe and create with `value` in every free-text field,
 * recorded without a host: each request is refused as a failing script would be, so nothing is
 * answered on the driver's behalf.
 */
export async function firstRequestsOfEveryKind(value: string): Promise<RecordedInvoke[]> {
    const calls: RecordedInvoke[] = [];
    const refusing: HostSession = {
        os: "windows",
        hostKeyFingerprint: () => "",
        invoke: async () => {
            const error = new Error("refused by the recording session");
            error.name = "RemoteScriptError";
            throw error;
        },
    };
    const driver = new WindowsDriver(recording(calls)(refusing), emulatedConnection);
    const specs: [ObjectKind, KindSpecs[ObjectKind]][] = [
        [
            "l2BridgeNetwork",
            {
                ...networkWithDnsAndNat,
                name: value,
                dns: { servers: [], suffix: value, search: [value] },
            },
        ],
        ["gatewayEndpoint", { ...gatewayEndpoint, network: value, name: value }],
        ["containerEndpoint", { ...webContainer, network: value, container: value, name: value }],
        ["portPublish", { ...publish8080, endpoint: value }],
        ["endpointAcl", { ...aclAllow80FromOne, endpoint: value }],
        ["hnsLoadBalancer", { ...loadBalancer8090, name: value, network: value }],
        ["containerRoute", { name: value, routes: [], interface: value, persistent: true }],
    ];
    for (const [kind, spec] of specs) {
        await driver.observe(kind, spec).catch(() => undefined);
        await driver
            .apply({ kind, action: "create", desired: spec, observed: null })
            .catch(() => undefined);
    }
    return calls;
}
