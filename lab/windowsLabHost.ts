/**
 * An emulated Windows host of a lab, in a host namespace already wired to the switch: its uplink
 * gets the Windows alias `Ethernet`, its own host directory holds the HCN state (one physical
 * adapter `Ethernet` with the uplink's address and MAC) and the PowerShell environment, its HCN
 * emulator runs as a process in the namespace, and its sshd runs every session in pwsh.
 */
import { join } from "path";
import { initHcnState } from "../tools/hcn-emulator/state";
import type { HcnEmulatorProcess } from "./hcnEmulatorProcess";
import { startHcnEmulatorProcess } from "./hcnEmulatorProcess";
import type { HostSshd, LabKeys } from "./hostSshd";
import type { LabHostPlan, LabPlan } from "./labOptions";
import { windowsUplinkAlias } from "./labOptions";
import { ip } from "./system";
import { startWindowsHostSshd } from "./windowsHostSshd";

/** The HNS version the lab's emulated hosts report (a recent Windows Server 2022). */
export const labHnsVersion = { major: 15, minor: 4 };

/** A running emulated Windows host. */
export interface WindowsLabHost {
    hostDir: string;
    /** HCN state directory (what the emulator keeps on disk). */
    stateDir: string;
    emulator: HcnEmulatorProcess;
    /**
     * The file the emulator appends the name of every HCN call it answers to, one per line; only
     * when the lab was asked for it (`LabOptions.hcnCallLog`).
     */
    hcnCallLog?: string;
    /** Started only when the lab runs sshd. */
    sshd?: HostSshd;
    /** End sshd and the emulator, by PID. */
    stop(): Promise<void>;
}

async function macOf(namespace: string, device: string): Promise<string> {
    const [link] = JSON.parse(await ip("-n", namespace, "-j", "link", "show", device)) as {
        address: string;
    }[];
    return link.address.toUpperCase().replace(/:/g, "-");
}

/** Make `host` (a built host namespace) an emulated Windows host. */
export async function startWindowsLabHost(
    plan: LabPlan,
    host: LabHostPlan,
    shimDir: string,
    keys: LabKeys | undefined,
): Promise<WindowsLabHost> {
    const hostDir = host.hostDir ?? join(plan.directory, `windows${host.index}`);
    const stateDir = join(hostDir, "hcn");
    const hcnSocket = join(hostDir, "hcn.sock");
    await ip("-n", host.namespace, "link", "set", host.uplink, "alias", windowsUplinkAlias);
    await ip("-n", host.namespace, "route", "add", "default", "via", plan.switchAddress);
    initHcnState(stateDir, {
        version: labHnsVersion,
        adapters: [
            {
                name: windowsUplinkAlias,
                ipAddress: host.address,
                prefixLength: plan.prefixLength,
                macAddress: await macOf(host.namespace, host.uplink),
            },
        ],
    });
    const hcnCallLog = plan.hcnCallLog ? join(hostDir, "hcn-calls.log") : undefined;
    const emulator = await startHcnEmulatorProcess(
        host.namespace,
        stateDir,
        hcnSocket,
        undefined,
        hcnCallLog,
    );
    try {
        const sshd = keys
            ? await startWindowsHostSshd({
                  namespace: host.namespace,
                  address: host.address,
                  hostDir,
                  shimDir,
                  hcnSocket,
                  keys,
              })
            : undefined;
        return {
            hostDir,
            stateDir,
            emulator,
            hcnCallLog,
            sshd,
            stop: async () => {
                await sshd?.stop();
                await emulator.stop();
            },
        };
    } catch (error) {
        await emulator.stop();
        throw error;
    }
}
