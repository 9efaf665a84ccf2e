/**
 * Lab benchmark: for clusters of N = 2, 10 and 30 hosts (override with arguments), build the lab,
 * converge the whole topology from empty over SSH, check traffic around the ring of hosts, then
 * converge again (a no-op). Prints wall time, remote invocations per object and SSH connections
 * per host for both passes.
 *
 *   npx ts-node --transpile-only bench/lab.ts [N …]
 */
import { LinuxDriver } from "../provider/drivers/linux/linuxDriver";
import { closeAll, sessionFor } from "../provider/transport/pool";
import { deployTopology } from "../lab/deploy";
import { createLab } from "../lab/lab";
import { labUnavailableReason } from "../lab/preflight";
import { labTopology } from "../lab/topology";
import { httpGet, LabProcesses } from "../lab/traffic";
import { CountingSession } from "../lab/countingSession";

async function measure(hosts: number): Promise<string> {
    const built = Date.now();
    const lab = await createLab({ prefix: "lbt-", hosts });
    const labMs = Date.now() - built;
    const processes = new LabProcesses("lbt-");
    try {
        const topology = labTopology(lab.plan);
        const sessions = new Map<number, CountingSession>();
        const driverOf = (index: number): LinuxDriver => {
            const connection = lab.connectionOf(index);
            let session = sessions.get(index);
            if (!session) {
                session = new CountingSession(sessionFor(connection));
                sessions.set(index, session);
            }
            return new LinuxDriver(session, connection);
        };
        const total = (): number =>
            [...sessions.values()].reduce((sum, session) => sum + session.invocations, 0);
        const objects = topology.hosts.reduce((sum, host) => sum + host.objects.length, 0);

        const createStart = Date.now();
        const created = await deployTopology(topology, (host) => driverOf(host.host.index));
        const createMs = Date.now() - createStart;
        const createInvocations = total();

        for (const host of topology.hosts) {
            processes.responder(host.containers[0].namespace, host.containers[0].namespace);
        }
        await Promise.all(
            topology.hosts.map((host) =>
                processes.waitForListener(host.containers[0].namespace, 80),
            ),
        );
        let ringOk = 0;
        for (const host of topology.hosts) {
            const next = topology.hosts[host.host.index % topology.hosts.length];
            const answer = await httpGet(
                host.containers[0].namespace,
                `http://${next.containers[0].address}/`,
            );
            ringOk += answer.ok && answer.server === next.containers[0].namespace ? 1 : 0;
        }

        const noopStart = Date.now();
        const again = await deployTopology(topology, (host) => driverOf(host.host.index));
        const noopMs = Date.now() - noopStart;
        const noopInvocations = total() - createInvocations;
        const connections = [...lab.sshd.values()].map((server) => server.connectionCount());
        const changed = again.filter((result) => result.action !== "none").length;
        return [
            `N=${String(hosts).padEnd(3)}`,
            `lab ${labMs} ms`,
            `converge ${objects} objects (${created.length} applied) ${createMs} ms`,
            `${(createInvocations / objects).toFixed(2)} invocations/object`,
            `no-op ${noopMs} ms ${(noopInvocations / objects).toFixed(2)} invocations/object, ${changed} changed`,
            `SSH connections/host ${Math.min(...connections)}..${Math.max(...connections)}`,
            `ring ${ringOk}/${hosts}`,
        ].join(" | ");
    } finally {
        await processes.stop();
        await closeAll();
        await lab.teardown();
    }
}

async function main(): Promise<void> {
    const reason = labUnavailableReason();
    if (reason) {
        console.log(`bench/lab: ${reason}`);
        return;
    }
    const sizes = process.argv.slice(2).map(Number);
    for (const hosts of sizes.length > 0 ? sizes : [2, 10, 30]) {
        console.log(await measure(hosts));
    }
}

main().then(
    () => process.exit(0),
    (error: Error) => {
        console.error(error);
        process.exit(1);
    },
);
