/** A throw-away emulated host for tests: a temp state dir, a fresh state and a running emulator. */
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { HcnClient } from "../../tools/hcn-emulator/client";
import { startHcnEmulator, type HcnEmulator } from "../../tools/hcn-emulator/server";
import { initHcnState, type HnsVersion } from "../../tools/hcn-emulator/state";

/** A running emulated host. */
export interface EmulatedHost {
    stateDir: string;
    emulator: HcnEmulator;
    client: HcnClient;
    dispose(): Promise<void>;
}

/** The physical adapter every test host has. */
export const testAdapter = {
    name: "Ethernet",
    ipAddress: "10.0.0.4",
    prefixLength: 24,
    macAddress: "00-15-5D-00-00-04",
};

/** Starts a host reporting HNS `version` (default 15.4, a recent Windows Server 2022). */
export async function startEmulatedHost(
    version: HnsVersion = { major: 15, minor: 4 },
): Promise<EmulatedHost> {
    const stateDir = mkdtempSync(join(tmpdir(), "hcn-"));
    initHcnState(stateDir, { version, adapters: [testAdapter] });
    const emulator = await startHcnEmulator({ stateDir });
    return {
        stateDir,
        emulator,
        client: new HcnClient(emulator.socketPath),
        dispose: async () => {
            await emulator.stop();
            rmSync(stateDir, { recursive: true, force: true });
        },
    };
}

/** An l2bridge network document as Microsoft documents it. */
export function l2bridgeNetwork(name = "cbr0", prefix = "10.244.1.0/24", gateway = "10.244.1.1") {
    return {
        Name: name,
        Type: "L2Bridge",
        Ipams: [
            {
                Type: "Static",
                Subnets: [
                    {
                        IpAddressPrefix: prefix,
                        Routes: [{ NextHop: gateway, DestinationPrefix: "0.0.0.0/0" }],
                    },
                ],
            },
        ],
        Policies: [{ Type: "NetAdapterName", Settings: { NetworkAdapterName: "Ethernet" } }],
        SchemaVersion: { Major: 2, Minor: 0 },
    };
}

/** A pod endpoint document. */
export function podEndpoint(
    name: string,
    ip: string,
    policies: unknown[] = [],
): Record<string, unknown> {
    return {
        Name: name,
        IpConfigurations: [{ IpAddress: ip, PrefixLength: 24 }],
        Routes: [{ NextHop: "10.244.1.2", DestinationPrefix: "0.0.0.0/0" }],
        Policies: policies,
        SchemaVersion: { Major: 2, Minor: 0 },
    };
}

/** A query document. */
export function query(major = 2, filter?: Record<string, unknown>, flags = 0): string {
    return JSON.stringify({
        SchemaVersion: { Major: major, Minor: 0 },
        Flags: flags,
        ...(filter ? { Filter: JSON.stringify(filter) } : {}),
    });
}
