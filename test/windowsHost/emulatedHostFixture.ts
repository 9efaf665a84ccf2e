/**
 * A throwaway emulated Windows host for the tests: its own network namespace (`l2bwh-<random>`)
 * holding a veth pair addressed in 10.200.0.0/16 (the uplink aliased "Ethernet 2" unless told), its
 * own host directory, the native stand-ins of the host's DLLs (built once into
 * `emulatedShimCache`), and a way to run pwsh inside the namespace with the host's environment.
 * `remove()` ends the processes inside the namespace, then deletes it and the directory; nothing in
 * the root namespace is touched.
 */
import { execFile } from "child_process";
import { randomBytes } from "crypto";
import { mkdtempSync, rmSync } from "fs";
import { homedir, tmpdir } from "os";
import { join } from "path";
import { endNamespaceProcesses } from "../../lab/netns";
import { buildShim } from "../../tools/hcn-emulator/buildShim";
import {
    emulatedWindowsEnvironment,
    prepareEmulatedWindowsHost,
} from "../../tools/windows-host/environment";

/**
 * Where the native stand-ins (`computenetwork.dll.so`, `iphlpapi.dll.so`, …) are built, once per
 * machine.
 */
export const emulatedShimCache = join(homedir(), ".cache", "pulumi-l2bridge", "hcn-shim");

/** Runs a command without a shell; rejects with its stderr. */
export function runCommand(
    file: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(
            file,
            args,
            { env: options.env, timeout: options.timeoutMs ?? 15000, maxBuffer: 8 << 20 },
            (error, stdout, stderr) =>
                error
                    ? reject(
                          new Error(`${file} ${args.join(" ")} failed: ${stderr || error.message}`),
                      )
                    : resolve(stdout),
        );
    });
}

/** One emulated Windows host in its own namespace. */
export interface EmulatedHostFixture {
    namespace: string;
    hostDir: string;
    /** The directory of the native stand-ins the host's pwsh loads (its LD_LIBRARY_PATH). */
    shimDir: string;
    /** Third octet of the host's /24 in 10.200.0.0/16. */
    subnet: string;
    /** The uplink's address (on device `whup0`, alias "Ethernet 2"). */
    address: string;
    /** Runs `script` in pwsh in the namespace; `$P` holds `params`; returns its stdout. */
    pwsh(script: string, params?: unknown): Promise<string>;
    /** Runs `ip -n <namespace> -j <args>` and parses the JSON. */
    ipJson(args: string[]): Promise<Record<string, unknown>[]>;
    /** Deletes the namespace and the host directory. */
    remove(): Promise<void>;
}

const readParams = "$P = ConvertFrom-Json -InputObject $env:L2B_TEST_PARAMS\n";

/** Creates the namespace, the veth pair (its uplink aliased `adapterAlias`) and the host directory. */
export async function createEmulatedHost(
    adapterAlias = "Ethernet 2",
): Promise<EmulatedHostFixture> {
    const shimDir = await buildShim(emulatedShimCache);
    const namespace = `l2bwh-${randomBytes(3).toString("hex")}`;
    const subnet = String(10 + (randomBytes(1)[0] % 200));
    const address = `10.200.${subnet}.2`;
    const hostDir = mkdtempSync(join(tmpdir(), `${namespace}-`));
    const remove = async (): Promise<void> => {
        // A pwsh of the host that is still exiting (an SSH session's shell, after its connection
        // closed) writes its module cache under the host's home: end and await every process in
        // the namespace before the directory goes, so none writes into it while it is removed.
        await endNamespaceProcesses(namespace);
        await runCommand("ip", ["netns", "del", namespace]).catch(() => undefined);
        rmSync(hostDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    };
    try {
        await runCommand("ip", ["netns", "add", namespace]);
        const inNs = (...args: string[]): Promise<string> =>
            runCommand("ip", ["-n", namespace, ...args]);
        await inNs("link", "set", "lo", "up");
        await inNs("link", "add", "whup0", "type", "veth", "peer", "name", "whpeer0");
        await inNs("link", "set", "whup0", "alias", adapterAlias);
        await inNs("addr", "add", `${address}/24`, "dev", "whup0");
        await inNs("addr", "add", `10.200.${subnet}.3/24`, "dev", "whpeer0");
        await inNs("link", "set", "whup0", "up");
        await inNs("link", "set", "whpeer0", "up");
    } catch (error) {
        await remove();
        throw error;
    }
    const paths = { hostDir, shimDir, hcnSocket: join(hostDir, "hcn.sock") };
    prepareEmulatedWindowsHost(paths);
    const environment = emulatedWindowsEnvironment(paths);
    return {
        namespace,
        hostDir,
        shimDir,
        subnet,
        address,
        pwsh: (script, params = {}) =>
            runCommand(
                "ip",
                [
                    "netns",
                    "exec",
                    namespace,
                    "pwsh",
                    "-NoLogo",
                    "-NoProfile",
                    "-NonInteractive",
                    "-Command",
                    readParams + script,
                ],
                {
                    env: { ...environment, L2B_TEST_PARAMS: JSON.stringify(params) },
                    timeoutMs: 60000,
                },
            ),
        ipJson: async (args) =>
            JSON.parse(await runCommand("ip", ["-n", namespace, "-j", ...args])) as Record<
                string,
                unknown
            >[],
        remove,
    };
}
