/**
 * Removes everything a lab with a given prefix left behind, also after a crash: the processes in
 * its namespaces (by PID, from `ip netns pids`), the driver state of each namespace, the namespaces
 * and `/etc/netns/<prefix>*`. Deleting a namespace deletes its interfaces and nft tables with it.
 */
import { existsSync, readdirSync, rmdirSync, rmSync, statSync } from "fs";
import { endNamespaceProcesses } from "./netns";
import { ip } from "./system";

/** Names of the network namespaces that start with `prefix`. */
export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
    const listing = await ip("netns", "list");
    return listing
        .split("\n")
        .map((line) => line.split(" ")[0])
        .filter((name) => name !== undefined && name.startsWith(prefix));
}

/**
 * Remove every namespace, process and file of the lab with `prefix` (a lab prefix such as `lbt-`,
 * or a sub-prefix such as `lbt-td-` that a test uses for its own objects).
 */
export async function teardownLab(prefix: string): Promise<void> {
    if (!/^[a-z][a-z0-9]{0,4}-([a-z0-9]{1,8}-)?$/.test(prefix)) {
        throw new Error(`refusing to tear down prefix ${JSON.stringify(prefix)}: not a lab prefix`);
    }
    const namespaces = await namespacesWithPrefix(prefix);
    await Promise.all(namespaces.map(endNamespaceProcesses));
    for (const namespace of namespaces) {
        const path = `/run/netns/${namespace}`;
        if (existsSync(path)) {
            const inode = statSync(path).ino;
            rmSync(`/run/l2bridge/${inode}`, { recursive: true, force: true });
        }
        await ip("netns", "del", namespace).catch(() => undefined);
    }
    try {
        rmdirSync("/run/l2bridge");
    } catch {
        // still used by another lab or host: keep it
    }
    rmSync(`/tmp/${prefix}lab`, { recursive: true, force: true });
    if (existsSync("/etc/netns")) {
        for (const entry of readdirSync("/etc/netns")) {
            if (entry.startsWith(prefix)) {
                rmSync(`/etc/netns/${entry}`, { recursive: true, force: true });
            }
        }
    }
}
