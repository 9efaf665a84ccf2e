/**
 * The containers of emulated Windows hosts as a container runtime leaves them in HNS before the
 * network is wired: one HCN namespace per container (HcnCreateNamespace), with the container added
 * to it (HcnModifyNamespace, ResourceType `Container`). Made out of band through the emulator's
 * socket, before deploy; a container that already has its namespace keeps it.
 */
import { randomUUID } from "crypto";
import { HcnClient } from "../tools/hcn-emulator/client";
import type { ReplyFrame } from "../tools/hcn-emulator/frames";
import { readHcnState } from "../tools/hcn-emulator/state";
import type { Topology } from "./topology";
import type { WindowsLabHost } from "./windowsLabHost";

type Resource = { Type?: string; Data?: { ID?: string; Id?: string } };

function containersWithNamespace(stateDir: string): Set<string> {
    return new Set(
        readHcnState(stateDir).namespaces.flatMap((namespace) =>
            ((namespace["Resources"] as Resource[] | undefined) ?? [])
                .filter((resource) => resource.Type === "Container")
                .map((resource) => resource.Data?.ID ?? resource.Data?.Id ?? ""),
        ),
    );
}

/** Create the HCN namespace of every Windows container of `topology` that has none yet. */
export async function createWindowsContainerNamespaces(
    topology: Topology,
    windows: Map<number, WindowsLabHost>,
): Promise<void> {
    for (const host of topology.hosts) {
        const labHost = windows.get(host.host.index);
        if (!labHost || host.windowsContainers.length === 0) continue;
        const existing = containersWithNamespace(labHost.stateDir);
        const client = new HcnClient(labHost.emulator.socketPath);
        for (const container of host.windowsContainers) {
            if (existing.has(container.container)) continue;
            const id = randomUUID().toUpperCase();
            const fail = (call: string, reply: ReplyFrame): Error =>
                new Error(
                    `host ${host.host.index}: ${call} for container ${container.container} failed: ${String(reply.errorRecord)}`,
                );
            const created = await client.create(
                "Namespace",
                { Type: "Host", SchemaVersion: { Major: 2, Minor: 0 } },
                id,
            );
            if (created.hresult !== 0) throw fail("HcnCreateNamespace", created);
            const opened = await client.open("Namespace", id);
            if (opened.hresult !== 0 || !opened.handle) throw fail("HcnOpenNamespace", opened);
            try {
                const added = await client.modify("Namespace", opened.handle, {
                    ResourceType: "Container",
                    RequestType: "Add",
                    Settings: { ContainerId: container.container },
                });
                if (added.hresult !== 0) throw fail("HcnModifyNamespace", added);
            } finally {
                await client.close("Namespace", opened.handle);
            }
        }
    }
}
