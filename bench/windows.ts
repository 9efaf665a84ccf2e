/**
 * Windows driver benchmark on an emulated Windows lab host reached over SSH (pwsh behind sshd, the
 * HCN emulator in the host namespace): converge the host's objects from empty, converge again (a
 * no-op), then observe every object in turn `COUNT` times after `warmUp` untimed rounds. Prints
 * bytes on the wire per request (both directions, counted on the shell's stdin and stdout), the
 * first request of the shell (which carries the module load) apart from the rest, remote
 * invocations per object, the median and p95 of the network's no-op observe and the median of
 * every other object's, beside the targets, and the HCN calls each object's no-op observe makes (a
 * count, free of the machine's noise: what the host's HNS service answers per read), and the
 * PersistentStore read a ContainerRoute's first observe in a shell adds.
 *
 * Run as root: `npm run bench:windows` (COUNT=<n> to change the number of rounds).
 */
import { LOADER_SCRIPT } from "../provider/drivers/windows/hostModule";
import { HostModuleSession } from "../provider/drivers/windows/hostModuleSession";
import { WindowsDriver } from "../provider/drivers/windows/windowsDriver";
import { powerShellCodecFor } from "../provider/transport/powershell/codec";
import { ShellSession } from "../provider/transport/shell/shellSession";
import { ReconnectingTransport } from "../provider/transport/shell/reconnectingTransport";
import { SshTransport } from "../provider/transport/ssh/sshTransport";
import type { HostSession, InvokeOptions, RemoteProcess } from "../provider/transport/types";
import { converge } from "../lab/converge";
import { createLab } from "../lab/lab";
import { labUnavailableReason, windowsHostsUnavailableReason } from "../lab/preflight";
import { labTopology } from "../lab/topology";
import { createWindowsContainerNamespaces } from "../lab/windowsContainers";
import { existsSync, readFileSync } from "fs";

const count = Number(process.env.COUNT ?? 100);

/**
 * Rounds of observes run before the timed ones and left out of the figures: PowerShell
 * interprets a script block at first and compiles it once it has run a number of times, and .NET
 * compiles new code on first use, so the first reads in a shell are slower than the rest.
 */
const warmUp = 20;

/** The read of the PersistentStore the host module makes once per shell for ContainerRoutes. */
const persistentStoreRead =
    "$null = @(Get-NetRoute -AddressFamily IPv4 -PolicyStore PersistentStore -ErrorAction SilentlyContinue)";

/** Bytes written to and read from one remote process, per request. */
class WireCounter {
    sent = 0;
    received = 0;
    /** One entry per request: bytes sent and received while it ran. */
    readonly requests: { sent: number; received: number; ms: number; load: boolean }[] = [];

    wrap(process: RemoteProcess): RemoteProcess {
        process.onStdout((chunk) => (this.received += chunk.length));
        return {
            write: (data) => {
                this.sent += Buffer.byteLength(data);
                return process.write(data);
            },
            onStdout: (listener) => process.onStdout(listener),
            onStderr: (listener) => process.onStderr(listener),
            onExit: (listener) => process.onExit(listener),
            close: () => process.close(),
        };
    }

    /** A session that records the bytes and time of every request it forwards. */
    session(inner: HostSession): HostSession {
        return {
            os: inner.os,
            invoke: async (
                script: string,
                params?: Record<string, unknown>,
                options?: InvokeOptions,
            ) => {
                const sent = this.sent;
                const received = this.received;
                const started = process.hrtime.bigint();
                try {
                    return await inner.invoke(script, params, options);
                } finally {
                    this.requests.push({
                        sent: this.sent - sent,
                        received: this.received - received,
                        ms: Number(process.hrtime.bigint() - started) / 1e6,
                        load: script === LOADER_SCRIPT,
                    });
                }
            },
            hostKeyFingerprint: () => inner.hostKeyFingerprint(),
        };
    }
}

function percentile(sorted: number[], fraction: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/** The number of HCN calls the emulator has logged to `file` so far. */
function loggedCalls(file: string): number {
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0;
}

function kb(bytes: number): string {
    return `${(bytes / 1024).toFixed(2)} KB`;
}

async function main(): Promise<void> {
    const reason = labUnavailableReason() ?? windowsHostsUnavailableReason();
    if (reason) {
        console.log(`bench/windows: ${reason}`);
        return;
    }
    const lab = await createLab({ prefix: "lbw-", hosts: 1, windowsHosts: 1, hcnCallLog: true });
    try {
        const topology = labTopology(lab.plan);
        await createWindowsContainerNamespaces(topology, lab.windows);
        const host = topology.hosts.find((candidate) => candidate.host.os === "windows")!;
        const connection = { ...lab.connectionOf(host.host.index), powerShell: "pwsh" as const };
        const counter = new WireCounter();
        const transport = new ReconnectingTransport(() => SshTransport.connect(connection));
        const shell = new ShellSession({
            os: "windows",
            host: connection.host,
            spawn: async (command) => counter.wrap(await transport.spawn(command)),
            hostKeyFingerprint: () => transport.hostKeyFingerprint(),
            codec: powerShellCodecFor("pwsh"),
        });
        const driver = new WindowsDriver(counter.session(shell), connection);
        const objects = host.objects.length;

        const createStart = Date.now();
        for (const object of host.objects) await converge(driver, object.kind, object.spec);
        const createMs = Date.now() - createStart;
        const createRequests = counter.requests.length;
        const loads = counter.requests.filter((request) => request.load);
        const loadIndex = counter.requests.findIndex((request) => request.load);
        // The shell's first request is refused (no module) and sent again after the load.
        const oneTime = loadIndex >= 0 ? 2 : 0;

        const noopStart = Date.now();
        for (const object of host.objects) await converge(driver, object.kind, object.spec);
        const noopMs = Date.now() - noopStart;
        const noopRequests = counter.requests.length - createRequests;

        const observeTimes = async (run: () => Promise<unknown>) => {
            for (let index = 0; index < warmUp; index++) await run();
            const before = counter.requests.length;
            for (let index = 0; index < count; index++) await run();
            return counter.requests.slice(before);
        };
        const median = (requests: { ms: number }[]) =>
            percentile(
                requests.map((request) => request.ms).sort((a, b) => a - b),
                0.5,
            ).toFixed(1);
        const p95 = (requests: { ms: number }[]) =>
            percentile(
                requests.map((request) => request.ms).sort((a, b) => a - b),
                0.95,
            ).toFixed(1);
        // Every object's observe in turn, so each kind is timed under the same conditions over
        // the shell's life; the first `warmUp` rounds are left out.
        const rounds = host.objects.map(() => [] as WireCounter["requests"]);
        for (let round = 0; round < warmUp + count; round++) {
            for (const [index, object] of host.objects.entries()) {
                const before = counter.requests.length;
                await driver.observe(object.kind, object.spec);
                if (round >= warmUp) rounds[index].push(...counter.requests.slice(before));
            }
        }
        const callLog = lab.windows.get(host.host.index)!.hcnCallLog!;
        const callsPerObserve: string[] = [];
        for (const object of host.objects) {
            const before = loggedCalls(callLog);
            await driver.observe(object.kind, object.spec);
            callsPerObserve.push(`${object.kind} ${loggedCalls(callLog) - before}`);
        }
        // A ContainerRoute reads the PersistentStore once per shell (its first read there): the
        // cmdlet call it makes then, timed as a request of its own in this warm shell.
        const storeReads: number[] = [];
        for (let index = 0; index < warmUp + count; index++) {
            const start = process.hrtime.bigint();
            await shell.invoke(persistentStoreRead, {});
            if (index >= warmUp) storeReads.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        const observes = rounds[0];
        const perObject = host.objects
            .slice(1)
            .map((object, index) => `${object.kind} ${median(rounds[index + 1])}`);
        const module = new HostModuleSession(counter.session(shell));
        const versions = await observeTimes(() => module.run("observeVersion", {}));
        const later = counter.requests.filter(
            (request, index) => !request.load && index > loadIndex,
        );
        const largest = later.reduce((max, request) => Math.max(max, request.sent), 0);
        const largestReceived = later.reduce((max, request) => Math.max(max, request.received), 0);
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        const lines = [
            `objects on the host: ${objects} (${host.objects.map((o) => o.kind).join(", ")})`,
            loads.length > 0
                ? `module load (once per shell, apart from the figures below): ${loads.length}× sent ${kb(loads[0].sent)}, ${loads[0].ms.toFixed(0)} ms`
                : "module load: none (the module travels with every request)",
            `requests after the load: sent mean ${kb(mean(later.map((r) => r.sent)))}, largest ${kb(largest)}; received mean ${kb(mean(later.map((r) => r.received)))}, largest ${kb(largestReceived)}   (target ≤ 2 KB per request)`,
            `no-op observe of the network: sent ${kb(mean(observes.map((r) => r.sent)))}, received ${kb(mean(observes.map((r) => r.received)))}; median ${median(observes)} ms, p95 ${p95(observes)} ms over ${count}   (target median ≤ 10 ms)`,
            `no-op observe of each other object, median ms over ${count}: ${perObject.join(", ")}`,
            `HCN calls per no-op observe: ${callsPerObserve.join(", ")}`,
            `PersistentStore read (a ContainerRoute's first observe in a shell adds it; later ones reuse it): median ${percentile(
                storeReads.sort((a, b) => a - b),
                0.5,
            ).toFixed(1)} ms as a request of its own`,
            `observeVersion (one HNS call, no cmdlets): median ${median(versions)} ms, p95 ${p95(versions)} ms`,
            `create from empty: ${createMs} ms, ${((createRequests - oneTime) / objects).toFixed(2)} invocations/object without the one-time load (${(createRequests / objects).toFixed(2)} with it)   (target ≤ 2)`,
            `no-op converge: ${noopMs} ms, ${(noopRequests / objects).toFixed(2)} invocations/object   (target 1)`,
        ];
        console.log(lines.join("\n"));
        await shell.close();
        await transport.close();
    } finally {
        await lab.teardown();
    }
}

main().then(
    () => process.exit(0),
    (error: Error) => {
        console.error(error);
        process.exit(1);
    },
);
