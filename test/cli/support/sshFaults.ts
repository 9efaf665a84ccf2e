/**
 * Applies a planned SSH fault to one lab host while `pulumi up` runs: kill the sshd processes that
 * serve live connections (sshd keeps listening; when none is open at the planned time, the first
 * one to open is cut), or stop sshd and start it again with the same keys after a pause. Only processes the lab started are signalled, by PID.
 */
import { join } from "path";
import { Lab } from "../../../lab/lab";
import { startHostSshd } from "../../../lab/hostSshd";
import { descendantPids } from "../../../lab/sshd";
import { PlannedFault } from "./faultPlan";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `fault.delayMs` (or until `finished()`), then applies the fault; says what it did. */
export async function applyFault(
    lab: Lab,
    hostIndex: number,
    fault: PlannedFault,
    finished: () => boolean,
): Promise<string> {
    const deadline = Date.now() + fault.delayMs;
    while (Date.now() < deadline) {
        if (finished()) return "none: up finished before the fault time";
        await sleep(Math.min(50, deadline - Date.now()));
    }
    const server = lab.sshd.get(hostIndex);
    if (!server) throw new Error(`lab host ${hostIndex} has no sshd`);
    if (fault.kind === "cut-connections") {
        // Wait for a live connection (at most until up finishes), so the cut hits one.
        let children = await descendantPids(server.pid);
        while (children.length === 0 && !finished()) {
            await sleep(50);
            children = await descendantPids(server.pid);
        }
        for (const pid of children) {
            try {
                process.kill(pid, "SIGKILL");
            } catch {
                // Already gone.
            }
        }
        const at = fault.delayMs + (Date.now() - deadline);
        return `cut ${children.length} sshd connection process(es) at ${at} ms`;
    }
    await server.stop();
    await sleep(fault.downMs);
    const host = lab.plan.hosts[hostIndex - 1];
    const restarted = await startHostSshd(host.namespace, host.address, {
        directory: lab.plan.directory,
        hostKeyFile: join(lab.plan.directory, "host_ed25519"),
        hostKeyFingerprint: server.hostKeyFingerprint,
        clientKeyFile: join(lab.plan.directory, "client_ed25519"),
    });
    lab.sshd.set(hostIndex, restarted);
    return `stopped sshd at ${fault.delayMs} ms for ${fault.downMs} ms`;
}
