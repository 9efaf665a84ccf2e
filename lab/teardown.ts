/**
 * Removes everything a lab with a given prefix left behind, also after a crash: the processes in
 * its namespaces (by PID, from `ip netns pids`), the driver state of each namespace, the namespaces
 * and `/etc/netns/<prefix>*`. Deleting a namespace deletes its interfaces and nft tables with it.
 */
import { existsSync, readFileSync, readdirSync, rmdirSync, rmSync, statSync } from "fs";
import { ip } from "./system";

/** Names of the network namespaces that start with `prefix`. */
export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
    const listing = await ip("netns", "list");
    return listing
        .split("\n")
        .map((line) => line.split(" ")[0])
        .filter((name) => name !== undefined && name.startsWith(prefix));
}

/** True when `pid` has exited: no /proc entry, or a zombie waiting to be reaped. */
function processGone(pid: number): boolean {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
    } catch {
        return true;
    }
}

async function killNamespaceProcesses(namespace: string): Promise<void> {
    const listing = await ip("netns", "pids", namespace).catch(() => "");
    const pids = listing
        .split("\n")
        .map((line) => Number(line.trim()))
        .filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGTERM");
        } catch {
            // already gone
        }
    }
    for (let round = 0; round < 50 && pids.some((pid) => !processGone(pid)); round++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const pid of pids.filter((pid) => !processGone(pid))) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
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
    await Promise.all(namespaces.map(killNamespaceProcesses));
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
