/**
 * Builds a lab: the underlay namespace with its switch bridge, and N host namespaces each with an
 * uplink on the switch (veths are created directly inside the namespaces, so nothing ever appears
 * in the root namespace) and, optionally, a unicast VXLAN device. Leftovers of an earlier run with
 * the same prefix are removed first.
 */
import { LabHostPlan, LabOptions, LabPlan, planLab } from "./labOptions";
import { teardownLab } from "./teardown";
import { inNamespace, ip } from "./system";

/** A running lab. */
export interface Lab {
    plan: LabPlan;
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
    for (const peer of plan.hosts.filter((other) => other !== host)) {
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

/** Build the lab described by `options` (removing leftovers with the same prefix first). */
export async function createLab(options: LabOptions = {}): Promise<Lab> {
    const plan = planLab(options);
    await teardownLab(plan.prefix);
    const lab: Lab = { plan, teardown: () => teardownLab(plan.prefix) };
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
        if (plan.vxlanId !== undefined) {
            for (const host of plan.hosts) {
                await addVxlan(plan, host, plan.vxlanId);
            }
        }
    } catch (error) {
        await lab.teardown();
        throw error;
    }
    return lab;
}
