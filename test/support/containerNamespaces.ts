/**
 * Containers' HNS namespaces as a container runtime leaves them on an emulated Windows host: a
 * Host namespace with the given ID, the container added to it when one is named.
 */
import { expect } from "chai";
import type { EmulatedWindowsDriver } from "./emulatedWindowsDriver";

/** One container's namespace: its HNS ID and, unless it has none yet, the container's ID. */
export interface ContainerNamespace {
    id: string;
    container?: string;
}

/** Make every namespace of `containers` in HNS on `h`'s host, as a runtime does. */
export async function addContainerNamespaces(
    h: EmulatedWindowsDriver,
    containers: ContainerNamespace[],
): Promise<void> {
    for (const { id, container } of containers) {
        const made = await h.client.create(
            "Namespace",
            { Type: "Host", SchemaVersion: { Major: 2, Minor: 0 } },
            id,
        );
        expect(made.hresult, String(made.errorRecord)).to.equal(0);
        if (container !== undefined) {
            const added = await h.client.modify("Namespace", made.handle!, {
                ResourceType: "Container",
                RequestType: "Add",
                Settings: { ContainerId: container },
            });
            expect(added.hresult, String(added.errorRecord)).to.equal(0);
        }
        await h.client.close("Namespace", made.handle!);
    }
}
