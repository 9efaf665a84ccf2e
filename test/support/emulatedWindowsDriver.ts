/**
 * The Windows driver on an emulated Windows host: the product's unchanged scripts reach real
 * PowerShell 7 over real SSH (the host's sshd hands the exec request to pwsh, as Windows OpenSSH
 * does; one long-lived `pwsh -EncodedCommand` shell) inside a network namespace of the test's own, their P/Invoke calls reach the HCN emulator through the native shim,
 * and their NetTCPIP cmdlets act on that namespace's kernel. Tests read and change HNS state out of
 * band, as a reboot, an HNS restart or another tool would.
 */
import { readFileSync } from "fs";
import { join } from "path";
import type { HostRecord } from "../../provider/drivers/windows/hostViews";
import type { WindowsDriverOptions } from "../../provider/drivers/windows/windowsDriver";
import { WindowsDriver } from "../../provider/drivers/windows/windowsDriver";
import { powerShellCodecFor } from "../../provider/transport/powershell/codec";
import { ShellSession } from "../../provider/transport/shell/shellSession";
import type { HostSession } from "../../provider/transport/types";
import type { HostConnection } from "../../sdk/hostConnection";
import { HcnClient } from "../../tools/hcn-emulator/client";
import { NetnsHostKernel } from "../../tools/hcn-emulator/hostKernel";
import type { HcnEmulator } from "../../tools/hcn-emulator/server";
import { startHcnEmulator } from "../../tools/hcn-emulator/server";
import type { HcnState, HnsVersion } from "../../tools/hcn-emulator/state";
import { initHcnState, readHcnState, writeHcnState } from "../../tools/hcn-emulator/state";
import { emulatedWindowsEnvironment } from "../../tools/windows-host/environment";
import { findPwshDirectory } from "../../tools/windows-host/pwshLocation";
import type { HostSshd } from "../../lab/hostSshd";
import { startWindowsHostSshd } from "../../lab/windowsHostSshd";
import { ReconnectingTransport } from "../../provider/transport/shell/reconnectingTransport";
import { SshTransport } from "../../provider/transport/ssh/sshTransport";
import type { EmulatedHostFixture } from "../windowsHost/emulatedHostFixture";
import { createEmulatedHost, runCommand } from "../windowsHost/emulatedHostFixture";
import { recordScriptRun } from "./scriptCoverage";

/** The connection the driver is given (the session is local; nothing dials it). */
export const emulatedConnection: HostConnection = {
    host: "emulated-windows",
    user: "Administrator",
    os: "windows",
    transport: "ssh",
    powerShell: "pwsh",
    password: "not-used-by-a-local-session",
    timeouts: { reconnectSeconds: 120 },
};

/** A running emulated host with a driver on it. */
export interface EmulatedWindowsDriver {
    host: EmulatedHostFixture;
    driver: WindowsDriver;
    session: HostSession;
    client: HcnClient;
    /** Names of the HCN functions called so far, in order (failed calls included). */
    hcnCalls: string[];
    /** HNS as it is now. */
    hcn(): HcnState;
    /** Change HNS out of band. */
    editHcn(change: (state: HcnState) => void): void;
    /** The package's ownership records on the host. */
    records(): HostRecord[];
    /** `ip -j <args>` in the host's namespace. */
    ipJson(args: string[]): Promise<Record<string, unknown>[]>;
    /** Run a command in the host's namespace. */
    inNamespace(args: string[]): Promise<string>;
    /** Another long-lived shell on the host, over its own SSH connection (closed by `stop`). */
    newSession(): HostSession;
    /** The emulator's state file (tests watch it from the host). */
    stateFile: string;
    /** End the shell and the emulator and remove the namespace and files. */
    stop(): Promise<void>;
}

/** Why the emulated Windows host cannot run here, or undefined when it can. */
export function emulatedWindowsUnavailable(): string | undefined {
    if (process.getuid?.() !== 0) return "network namespaces need root";
    if (!findPwshDirectory()) {
        return "PowerShell 7 (pwsh) is not installed; `dotnet tool install --global PowerShell --version 7.6.9`";
    }
    return undefined;
}

/** Call from `before`: skips the suite with the printed reason when it cannot run. */
export function skipWithoutEmulatedWindows(context: Mocha.Context): void {
    const reason = emulatedWindowsUnavailable();
    if (reason) {
        console.log(`    skipped: ${reason}`);
        context.skip();
    }
}

/**
 * Start an emulated host reporting HNS `version` (default 15.4) with two physical adapters,
 * `Ethernet` (the default route's) and `Ethernet 2`, and a driver on it.
 */
export async function startEmulatedWindowsDriver(
    options: {
        version?: HnsVersion;
        driver?: WindowsDriverOptions;
        /** Wraps the session the driver uses (to inject connection faults). */
        wrapSession?: (session: HostSession) => HostSession;
    } = {},
): Promise<EmulatedWindowsDriver> {
    const host = await createEmulatedHost("Ethernet");
    const { shimDir } = host;
    let emulator: HcnEmulator | undefined;
    let session: ShellSession | undefined;
    let sshd: HostSshd | undefined;
    const transports: ReconnectingTransport[] = [];
    const stop = async (): Promise<void> => {
        await Promise.all(transports.map((t) => t.close().catch(() => undefined)));
        await sshd?.stop();
        await emulator?.stop();
        await host.remove();
    };
    try {
        const inNamespace = (args: string[]): Promise<string> =>
            runCommand("ip", ["netns", "exec", host.namespace, ...args]);
        await inNamespace(["ip", "link", "set", "whpeer0", "alias", "Ethernet 2"]);
        const gateway = `10.200.${host.subnet}.1`;
        await inNamespace(["ip", "route", "add", "default", "via", gateway, "dev", "whup0"]);
        const stateDir = join(host.hostDir, "hcn");
        const mac = async (device: string): Promise<string> =>
            String((await host.ipJson(["link", "show", device]))[0].address)
                .toUpperCase()
                .replace(/:/g, "-");
        initHcnState(stateDir, {
            version: options.version ?? { major: 15, minor: 4 },
            adapters: [
                {
                    name: "Ethernet",
                    ipAddress: host.address,
                    prefixLength: 24,
                    macAddress: await mac("whup0"),
                },
                {
                    name: "Ethernet 2",
                    ipAddress: `10.200.${host.subnet}.3`,
                    prefixLength: 24,
                    macAddress: await mac("whpeer0"),
                },
            ],
        });
        const hcnCalls: string[] = [];
        const hcnSocket = join(host.hostDir, "hcn.sock");
        emulator = await startHcnEmulator({
            stateDir,
            socketPath: hcnSocket,
            kernel: new NetnsHostKernel(host.namespace),
            onCall: (name) => hcnCalls.push(name),
        });
        const environment = emulatedWindowsEnvironment({
            hostDir: host.hostDir,
            shimDir,
            hcnSocket,
        });
        sshd = await startWindowsHostSshd({
            namespace: host.namespace,
            address: host.address,
            hostDir: host.hostDir,
            shimDir,
            hcnSocket,
        });
        const connection: HostConnection = {
            ...emulatedConnection,
            host: host.address,
            user: "root",
            password: undefined,
            privateKey: sshd.clientPrivateKey,
            hostKey: sshd.hostKeyFingerprint,
            proxyCommand: `ip netns exec ${host.namespace} socat STDIO TCP:%h:%p`,
        };
        const newSession = (): ShellSession => {
            const overSsh = new ReconnectingTransport(() => SshTransport.connect(connection));
            transports.push(overSsh);
            return new ShellSession({
                os: "windows",
                host: emulatedConnection.host,
                spawn: (command) => overSsh.spawn(command),
                hostKeyFingerprint: () => overSsh.hostKeyFingerprint(),
                codec: powerShellCodecFor("pwsh"),
                defaultTimeoutMs: 180_000,
            });
        };
        session = newSession();
        const inner: HostSession = session;
        const recording: HostSession = {
            os: "windows",
            invoke: (script, params, invokeOptions) => {
                recordScriptRun(script);
                return inner.invoke(script, params, invokeOptions);
            },
            hostKeyFingerprint: () => "",
        };
        const driver = new WindowsDriver(
            options.wrapSession?.(recording) ?? recording,
            emulatedConnection,
            {
                pollIntervalMs: 200,
                maxPollIntervalMs: 1000,
                ...options.driver,
            },
        );
        const recordsPath = join(environment.ProgramData, "pulumi-l2bridge", "records.jsonl");
        return {
            host,
            driver,
            session: recording,
            client: new HcnClient(hcnSocket),
            hcnCalls,
            hcn: () => readHcnState(stateDir),
            editHcn: (change) => {
                const state = readHcnState(stateDir);
                change(state);
                writeHcnState(stateDir, state);
            },
            records: () => {
                try {
                    return readFileSync(recordsPath, "utf8")
                        .split("\n")
                        .filter((line) => line.trim() !== "")
                        .map((line) => JSON.parse(line) as HostRecord);
                } catch {
                    return [];
                }
            },
            ipJson: (args) => host.ipJson(args),
            inNamespace,
            newSession,
            stateFile: join(stateDir, "state.json"),
            stop,
        };
    } catch (error) {
        await stop();
        throw error;
    }
}
