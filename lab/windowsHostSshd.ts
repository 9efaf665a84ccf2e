/**
 * sshd for an emulated Windows lab host: the lab's Linux host sshd, with every session forced
 * through the Windows host login command, so each exec request's command runs in pwsh with that
 * host's environment, as Windows OpenSSH runs it through its DefaultShell.
 */
import { join } from "path";
import type { EmulatedWindowsHostPaths } from "../tools/windows-host/environment";
import { prepareEmulatedWindowsHost, WINDOWS_HOST_LOGIN } from "../tools/windows-host/environment";
import type { HostSshd, LabKeys } from "./hostSshd";
import { generateLabKeys, startHostSshd } from "./hostSshd";

/** Where and how to start an emulated Windows host's sshd. */
export interface WindowsHostSshdOptions extends EmulatedWindowsHostPaths {
    /** Lab network namespace of the host (must exist). */
    namespace: string;
    /** Address to listen on (port 22) inside the namespace. */
    address: string;
    /** The lab's keys. @default new keys generated under `<hostDir>/ssh` */
    keys?: LabKeys;
}

/** Paths written into sshd's ForceCommand line, which sshd splits at whitespace and quotes. */
const PLAIN_PATH = /^[A-Za-z0-9_./+-]+$/;

/** Start the sshd of an emulated Windows host; resolves once it listens. */
export async function startWindowsHostSshd(options: WindowsHostSshdOptions): Promise<HostSshd> {
    const environmentFile = prepareEmulatedWindowsHost(options);
    for (const path of [WINDOWS_HOST_LOGIN, environmentFile]) {
        if (!PLAIN_PATH.test(path)) {
            throw new Error(`path "${path}" must hold only letters, digits and _ . / + -`);
        }
    }
    const keys = options.keys ?? (await generateLabKeys(join(options.hostDir, "ssh")));
    return startHostSshd(options.namespace, options.address, keys, {
        forceCommand: `${WINDOWS_HOST_LOGIN} ${environmentFile}`,
    });
}
