/**
 * Preview cost of `L2BridgeCluster`: for each size from 10 to 100 hosts, a fresh Node process
 * (as in a real `pulumi preview`, which builds one program per process) builds the cluster under
 * Pulumi mocks in preview mode and measures the time from construction until every child is
 * registered; module loading and provider serialisation are excluded by a warm-up cluster.
 * Prints a table of sizes, wall-clock and CPU milliseconds, and CPU milliseconds per host (CPU
 * time is the steadier figure on a shared machine).
 * Target: under 3 s for 100 hosts, growing linearly. Run: `npm run bench:preview`.
 */
import { execFileSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { MockRecorder } from "../tools/pulumi-mocks/mockRecorder";
import { windowsHosts } from "../tools/pulumi-mocks/hostFixtures";

const sizes = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
const sizeVariable = "L2BRIDGE_BENCH_HOSTS";

/** One measured build: wall-clock and CPU milliseconds, and the number of registrations. */
interface Measurement {
    ms: number;
    cpuMs: number;
    children: number;
}

function urnOf(resource: pulumi.Resource): Promise<string> {
    return new Promise((resolve) => resource.urn.apply((urn) => resolve(urn)));
}

/** Builds one cluster of `size` hosts and returns the milliseconds until all children registered. */
async function measure(size: number): Promise<Measurement> {
    const mocks = new MockRecorder();
    await pulumi.runtime.setMocks(mocks, "bench", "preview", true);
    const { L2BridgeCluster } = await import("../components/l2BridgeCluster");
    const warmUp = new L2BridgeCluster("warmup", {
        hosts: windowsHosts(2),
        hostSubnet: "10.0.0.0/16",
    });
    await Promise.all(Object.values(warmUp.hostResources).map((host) => urnOf(host.routes)));
    mocks.reset();

    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const cluster = new L2BridgeCluster("bench", {
        hosts: windowsHosts(size),
        hostSubnet: "10.0.0.0/16",
    });
    await Promise.all(
        Object.values(cluster.hostResources).flatMap((host) => [
            urnOf(host.network),
            urnOf(host.gateway),
            urnOf(host.routes),
        ]),
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, children: mocks.registrations.length };
}

function runSize(size: number): Measurement {
    const output = execFileSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", __filename],
        { env: { ...process.env, [sizeVariable]: String(size) }, encoding: "utf8" },
    );
    return JSON.parse(output.trim().split("\n").pop() ?? "{}") as Measurement;
}

async function main(): Promise<void> {
    const single = process.env[sizeVariable];
    if (single !== undefined) {
        console.log(JSON.stringify(await measure(Number(single))));
        return;
    }
    console.log("hosts  children  wall ms  cpu ms  cpu ms/host");
    for (const size of sizes) {
        const { ms, cpuMs, children } = runSize(size);
        const columns = [
            String(size).padStart(5),
            String(children).padStart(8),
            ms.toFixed(0).padStart(7),
            cpuMs.toFixed(0).padStart(6),
            (cpuMs / size).toFixed(1).padStart(11),
        ];
        console.log(columns.join("  "));
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
