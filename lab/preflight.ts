/**
 * What a lab needs from the machine: root, the commands it runs, and kernel features that some
 * checks depend on (probed in a throwaway namespace, never in the root namespace).
 */
import { execFileSync } from "child_process";
import { findPwshDirectory } from "../tools/windows-host/pwshLocation";
import { ip, run } from "./system";

const requiredCommands = [
    "ip",
    "bridge",
    "nft",
    "socat",
    "curl",
    "dnsmasq",
    "nsenter",
    "getent",
    "ss",
];

function hasCommand(command: string): boolean {
    try {
        execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

/**
 * Why emulated Windows hosts cannot run here (PowerShell 7 runs the host scripts, gcc builds the
 * native HCN shim), or undefined when they can.
 */
export function windowsHostsUnavailableReason(): string | undefined {
    if (!findPwshDirectory()) {
        return "emulated Windows hosts need PowerShell 7 (pwsh), not found on PATH or in ~/.dotnet/tools; install it with scripts/install-pwsh (dotnet tool install --global PowerShell --version 7.6.9)";
    }
    if (!hasCommand("gcc")) {
        return "emulated Windows hosts need gcc to build the native HCN shim; run scripts/install-system-deps as root";
    }
    return undefined;
}

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailableReason(): string | undefined {
    if (process.getuid?.() !== 0) {
        return "the lab needs root (network namespaces); run the tests as root";
    }
    const missing = requiredCommands.filter((command) => !hasCommand(command));
    if (missing.length > 0) {
        return `missing commands: ${missing.join(", ")}; run scripts/install-system-deps as root`;
    }
    return undefined;
}

/** True when the kernel can create a VXLAN device (checked inside a throwaway namespace). */
export async function kernelHasVxlan(prefix: string): Promise<boolean> {
    const namespace = `${prefix}probe`;
    await ip("netns", "del", namespace).catch(() => undefined);
    await ip("netns", "add", namespace);
    try {
        await run("ip", [
            "-n",
            namespace,
            "link",
            "add",
            "probe0",
            "type",
            "vxlan",
            "id",
            "1",
            "dstport",
            "4789",
        ]);
        return true;
    } catch {
        return false;
    } finally {
        await ip("netns", "del", namespace).catch(() => undefined);
    }
}
