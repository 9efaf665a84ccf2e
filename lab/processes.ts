/**
 * Processes the lab and the tests started: telling when one has exited, finding a process's
 * descendants, and ending a set of them by PID, waiting until they are gone.
 */
import { promises as fs } from "fs";

/** True when `pid` no longer runs (gone, or a zombie waiting to be reaped). */
export async function hasExited(pid: number): Promise<boolean> {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    if (!stat) {
        return true;
    }
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
}

/** PIDs of the descendants of `root`, from /proc. */
export async function descendantPids(root: number): Promise<number[]> {
    const parents = new Map<number, number>();
    for (const entry of await fs.readdir("/proc")) {
        const pid = Number(entry);
        if (!Number.isInteger(pid)) {
            continue;
        }
        const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields.length > 1) {
            parents.set(pid, Number(fields[1]));
        }
    }
    const result: number[] = [];
    const frontier = [root];
    while (frontier.length > 0) {
        const parent = frontier.pop()!;
        for (const [pid, ppid] of parents) {
            if (ppid === parent && !result.includes(pid)) {
                result.push(pid);
                frontier.push(pid);
            }
        }
    }
    return result;
}

/** Sends `signal` to each of `pids` still running, then waits at most `waitMs` for all to exit. */
async function signalAndWait(
    pids: number[],
    signal: NodeJS.Signals,
    waitMs: number,
): Promise<void> {
    for (const pid of pids) {
        if (await hasExited(pid)) continue;
        try {
            process.kill(pid, signal);
        } catch {
            // already gone
        }
    }
    for (let waited = 0; waited < waitMs; waited += 20) {
        if ((await Promise.all(pids.map(hasExited))).every(Boolean)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/**
 * Ends `pids` (processes the caller started): SIGTERM, at most `graceMs` for them to exit, then
 * SIGKILL for those still running and at most 1 s more. When it returns, none of them writes
 * anything any more unless the kernel could not end it within that second.
 */
export async function endProcesses(pids: number[], graceMs: number): Promise<void> {
    await signalAndWait(pids, "SIGTERM", graceMs);
    await signalAndWait(pids, "SIGKILL", 1000);
}
