/**
 * The shape of a lab: an underlay namespace with a bridge (the "switch", whose address doubles as
 * the outside world) and N host namespaces wired to it. Everything is named with the prefix and
 * addressed inside the underlay prefix, so two labs with different prefixes and ranges never meet.
 */
import { nthAddress, parseCidr } from "../provider/validate";

/** The Windows adapter alias (Linux `ifalias`) of every emulated Windows host's uplink. */
export const windowsUplinkAlias = "Ethernet";

/** What to build. */
export interface LabOptions {
    /**
     * Start of every namespace, interface and file name of the lab (`lbt-`).
     * @default "lbt-"
     */
    prefix?: string;
    /**
     * The underlay /24: the switch is its `.1`, host i (from 1) its `.(10 + i)`.
     * @default "10.200.0.0/24"
     */
    underlay?: string;
    /**
     * Number of Linux hosts, 1..50.
     * @default 2
     */
    hosts?: number;
    /**
     * Number of emulated Windows hosts added after the Linux hosts (PowerShell 7 behind sshd, the
     * HCN emulator, the Windows cmdlets module); Linux and Windows hosts together at most 50.
     * @default 0
     */
    windowsHosts?: number;
    /**
     * Also give every host a unicast VXLAN device `<prefix>vx0` (this VNI, UDP 4789) whose flood
     * list holds every other host, for networks that extend layer 2 across hosts.
     * @default unset: no VXLAN device
     */
    vxlanId?: number;
    /**
     * Start Debian's sshd in every host (keys generated per lab), so the hosts are reached over SSH
     * through `connectionOf`.
     * @default true
     */
    ssh?: boolean;
    /**
     * Have each emulated Windows host's HCN emulator append the name of every call it answers to
     * `WindowsLabHost.hcnCallLog` (for benchmarks that count HCN calls per request).
     * @default false
     */
    hcnCallLog?: boolean;
}

/** The options with defaults filled and every address computed. */
export interface LabPlan {
    prefix: string;
    underlay: string;
    prefixLength: number;
    /** Underlay namespace and its bridge. */
    underlayNamespace: string;
    switchBridge: string;
    switchAddress: string;
    hosts: LabHostPlan[];
    vxlanId?: number;
    ssh: boolean;
    /** Whether Windows hosts log their HCN calls (`LabOptions.hcnCallLog`). */
    hcnCallLog: boolean;
    /** Scratch directory of the lab (keys, configs, scripts): `/tmp/<prefix>lab`. */
    directory: string;
}

/** One host of the plan. */
export interface LabHostPlan {
    /** 1-based index (Linux hosts first, then emulated Windows hosts). */
    index: number;
    /** The host's operating system: an emulated Windows host answers as Windows does. */
    os: "linux" | "windows";
    namespace: string;
    /** Uplink inside the host namespace (`<prefix>eth0`). */
    uplink: string;
    /** The uplink's peer on the switch. */
    switchPort: string;
    address: string;
    /** VXLAN device name, when the lab has one (Linux hosts only). */
    vxlanDevice?: string;
    /** Directory of an emulated Windows host (HCN state, ProgramData, temp, home). */
    hostDir?: string;
}

/** Fill defaults and compute names and addresses; fails naming the bad option. */
export function planLab(options: LabOptions = {}): LabPlan {
    const prefix = options.prefix ?? "lbt-";
    const underlay = options.underlay ?? "10.200.0.0/24";
    const hosts = options.hosts ?? 2;
    const windowsHosts = options.windowsHosts ?? 0;
    if (!/^[a-z][a-z0-9]{0,4}-$/.test(prefix)) {
        throw new Error(
            `prefix ${JSON.stringify(prefix)} must be 1 to 5 lower-case letters or digits followed by '-', such as "lbt-"`,
        );
    }
    const cidr = parseCidr(underlay);
    if (!cidr || cidr.prefixLength !== 24 || nthAddress(underlay, 0) !== underlay.split("/")[0]) {
        throw new Error(
            `underlay ${JSON.stringify(underlay)} must be a canonical /24 such as "10.200.0.0/24"`,
        );
    }
    if (!Number.isInteger(hosts) || hosts < 1 || hosts > 50) {
        throw new Error(`hosts ${JSON.stringify(hosts)} must be a whole number from 1 to 50`);
    }
    if (!Number.isInteger(windowsHosts) || windowsHosts < 0 || hosts + windowsHosts > 50) {
        throw new Error(
            `windowsHosts ${JSON.stringify(windowsHosts)} must be a whole number from 0 to ${50 - hosts} (at most 50 hosts in all)`,
        );
    }
    const directory = `/tmp/${prefix}lab`;
    return {
        prefix,
        underlay,
        prefixLength: 24,
        underlayNamespace: `${prefix}net`,
        switchBridge: `${prefix}br0`,
        switchAddress: nthAddress(underlay, 1) ?? "",
        vxlanId: options.vxlanId,
        ssh: options.ssh ?? true,
        hcnCallLog: options.hcnCallLog ?? false,
        directory,
        hosts: Array.from({ length: hosts + windowsHosts }, (_, offset): LabHostPlan => {
            const index = offset + 1;
            const windows = index > hosts;
            return {
                index,
                os: windows ? "windows" : "linux",
                namespace: `${prefix}host${index}`,
                uplink: `${prefix}eth0`,
                switchPort: `${prefix}up${index}`,
                address: nthAddress(underlay, 10 + index) ?? "",
                vxlanDevice: options.vxlanId === undefined || windows ? undefined : `${prefix}vx0`,
                hostDir: windows ? `${directory}/windows${index}` : undefined,
            };
        }),
    };
}
