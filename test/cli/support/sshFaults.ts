/**
 * Applies a planned SSH fault to one lab host while `pulumi up` runs, at a point of up's progress
 * counted in kernel changes on that host: kill the sshd processes that serve live connections
 * (sshd keeps listening), or stop sshd and start it again with the same keys once the other host
 * has seen `downChanges` more changes, or up has ended. Only processes the lab started are
 * signalled, by PID.
 */
import { join } from "path";
import type { Lab } from "../../../lab/lab";
import { startHostSshd } from "../../../lab/hostSshd";
import { descendantPids } from "../../../lab/processes";
import type { PlannedFault } from "./faultPlan";
import type { HostChanges } from "./hostChanges";

/** How far `up` has got, and when it ends. */
export interface UpProgress {
    /** Changes on the faulted host. */
    faulted: HostChanges;
    /** Changes on another host (they go on while the faulted host's sshd is down). */
    other: HostChanges;
    /** The count of `faulted` at which the fault hits. */
    atChange: number;
    /** Settles when `up` ends, however it ends. */
    ended: Promise<unknown>;
}

/** Waits for the fault point (or the end of `up`), then applies the fault; says what it did. */
export async function applyFault(
    lab: Lab,
    hostIndex: number,
    fault: PlannedFault,
    progress: UpProgress,
): Promise<string> {
    const point = await Promise.race([
        progress.faulted.reached(progress.atChange).then(() => "reached" as const),
        progress.ended.then(() => "ended" as const),
    ]);
    if (point === "ended") return "none: up finished before the fault point";
    const server = lab.sshd.get(hostIndex);
    if (!server) throw new Error(`lab host ${hostIndex} has no sshd`);
    const where = `at host change ${progress.atChange}`;
    if (fault.kind === "cut-connections") {
        // The change just seen came over a pooled connection, which stays open between requests.
        const children = await descendantPids(server.pid);
        for (const pid of children) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // Already gone.
            }
        }
        return `cut ${children.length} sshd connection process(es) ${where}`;
    }
    await server.stop();
    await Promise.race([
        progress.other.reached(progress.other.count() + fault.downChanges),
        progress.ended,
    ]);
    const host = lab.plan.hosts[hostIndex - 1];
    const restarted = await startHostSshd(host.namespace, host.address, {
        directory: lab.plan.directory,
        hostKeyFile: join(lab.plan.directory, "host_ed25519"),
        hostKeyFingerprint: server.hostKeyFingerprint,
        clientKeyFile: join(lab.plan.directory, "client_ed25519"),
    });
    lab.sshd.set(hostIndex, restarted);
    return `stopped sshd ${where} for ${fault.downChanges} change(s) on the other host`;
}
