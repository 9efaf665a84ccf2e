/**
 * Builds a lab: the underlay namespace with its switch bridge, and N host namespaces each with an
 * uplink on the switch (veths are created directly inside the namespaces, so nothing ever appears
 * in the root namespace) and, optionally, a unicast VXLAN device between the Linux hosts. Emulated
 * Windows hosts follow the Linux hosts, each with its HCN emulator and a pwsh login. Leftovers of an
 * earlier run with the same prefix are removed first.
 */
import { join } from "path";
import type { HostConnection } from "../provider/model/hostConnection";
import { buildShim } from "../tools/hcn-emulator/buildShim";
import type { HostSshd, LabKeys } from "./hostSshd";
import { generateLabKeys, startHostSshd } from "./hostSshd";
import type { LabHostPlan, LabOptions, LabPlan } from "./labOptions";
import { planLab } from "./labOptions";
import { teardownLab } from "./teardown";
import { inNamespace, ip } from "./system";
import type { WindowsLabHost } from "./windowsLabHost";
import { startWindowsLabHost } from "./windowsLabHost";

/** A running lab. */
export interface Lab {
    plan: LabPlan;
    /** The sshd of each host, by host index (empty without SSH). */
    sshd: Map<number, HostSshd>;
    /** The emulated Windows hosts, by host index. */
    windows: Map<number, WindowsLabHost>;
    /** How to reach host `index` over SSH (through a socat proxy started in the underlay). */
    connectionOf(index: number): HostConnection;
    /** Remove everything the lab created (namespaces, processes, files). */
    teardown(): Promise<void>;
}

async function buildHost(plan: LabPlan, host: LabHostPlan): Promise<void> {
    await ip("netns", "add", host.namespace);
    await ip("-n", host.namespace, "link", "set", "lo", "up");
    await ip(
        "-n",
        plan.underlayNamespace,
        "link",
        "add",
        host.switchPort,
        "type",
        "veth",
        "peer",
        "name",
        host.uplink,
        "netns",
        host.namespace,
    );
    await ip(
        "-n",
        plan.underlayNamespace,
        "link",
        "set",
        host.switchPort,
        "master",
        plan.switchBridge,
        "up",
    );
    await ip(
        "-n",
        host.namespace,
        "addr",
        "add",
        `${host.address}/${plan.prefixLength}`,
        "dev",
        host.uplink,
    );
    await ip("-n", host.namespace, "link", "set", host.uplink, "up");
}

async function addVxlan(plan: LabPlan, host: LabHostPlan, vxlanId: number): Promise<void> {
    const device = host.vxlanDevice ?? `${plan.prefix}vx0`;
    await ip(
        "-n",
        host.namespace,
        "link",
        "add",
        device,
        "type",
        "vxlan",
        "id",
        String(vxlanId),
        "dstport",
        "4789",
        "local",
        host.address,
        "dev",
        host.uplink,
        "nolearning",
    );
    for (const peer of plan.hosts.filter((other) => other !== host && other.os === "linux")) {
        await inNamespace(host.namespace, [
            "bridge",
            "fdb",
            "append",
            "00:00:00:00:00:00",
            "dev",
            device,
            "dst",
            peer.address,
        ]);
    }
    await ip("-n", host.namespace, "link", "set", device, "up");
}

/** How SSH reaches a lab host: through the underlay namespace, where the hosts' addresses live. */
export function labProxyCommand(plan: LabPlan): string {
    return `ip netns exec ${plan.underlayNamespace} socat STDIO TCP:%h:%p`;
}

function connectionOf(plan: LabPlan, sshd: Map<number, HostSshd>, index: number): HostConnection {
    const host = plan.hosts[index - 1];
    const server = sshd.get(index);
    if (!host || !server) {
        throw new Error(`lab host ${index} has no sshd; build the lab with ssh enabled`);
    }
    return {
        host: host.address,
        port: 22,
        user: "root",
        os: host.os,
        ...(host.os === "windows" ? { powerShell: "pwsh" as const } : {}),
        transport: "ssh",
        privateKey: server.clientPrivateKey,
        hostKey: server.hostKeyFingerprint,
        proxyCommand: labProxyCommand(plan),
        timeouts: { connectSeconds: 10, commandSeconds: 60 },
    };
}

async function startWindowsHosts(
    plan: LabPlan,
    keys: LabKeys | undefined,
    windows: Map<number, WindowsLabHost>,
    sshd: Map<number, HostSshd>,
): Promise<void> {
    const hosts = plan.hosts.filter((host) => host.os === "windows");
    if (hosts.length === 0) return;
    const shimDir = await buildShim(join(plan.directory, "hcn-shim"));
    for (const host of hosts) {
        const started = await startWindowsLabHost(plan, host, shimDir, keys);
        windows.set(host.index, started);
        if (started.sshd) sshd.set(host.index, started.sshd);
    }
}

/** Build the lab described by `options` (removing leftovers with the same prefix first). */
export async function createLab(options: LabOptions = {}): Promise<Lab> {
    const plan = planLab(options);
    await teardownLab(plan.prefix);
    const sshd = new Map<number, HostSshd>();
    const windows = new Map<number, WindowsLabHost>();
    const lab: Lab = {
        plan,
        sshd,
        windows,
        connectionOf: (index) => connectionOf(plan, sshd, index),
        teardown: async () => {
            await Promise.all([...windows.values()].map((host) => host.stop()));
            await Promise.all([...sshd.values()].map((server) => server.stop()));
            await teardownLab(plan.prefix);
        },
    };
    try {
        await ip("netns", "add", plan.underlayNamespace);
        await ip("-n", plan.underlayNamespace, "link", "set", "lo", "up");
        await ip("-n", plan.underlayNamespace, "link", "add", plan.switchBridge, "type", "bridge");
        await ip(
            "-n",
            plan.underlayNamespace,
            "addr",
            "add",
            `${plan.switchAddress}/${plan.prefixLength}`,
            "dev",
            plan.switchBridge,
        );
        await ip("-n", plan.underlayNamespace, "link", "set", plan.switchBridge, "up");
        for (const host of plan.hosts) {
            await buildHost(plan, host);
        }
        const linuxHosts = plan.hosts.filter((host) => host.os === "linux");
        if (plan.vxlanId !== undefined) {
            for (const host of linuxHosts) {
                await addVxlan(plan, host, plan.vxlanId);
            }
        }
        const keys = plan.ssh ? await generateLabKeys(plan.directory) : undefined;
        if (keys) {
            const servers = await Promise.all(
                linuxHosts.map((host) => startHostSshd(host.namespace, host.address, keys)),
            );
            servers.forEach((server, offset) => sshd.set(linuxHosts[offset].index, server));
        }
        await startWindowsHosts(plan, keys, windows, sshd);
    } catch (error) {
        await lab.teardown();
        throw error;
    }
    return lab;
}
