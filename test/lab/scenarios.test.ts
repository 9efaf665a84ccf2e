/**
 * The l2bridge article's scenarios and the advanced ones, on a two-host lab built from network
 * namespaces, with the Linux driver converging the cluster and real TCP traffic (curl to socat
 * responders that report the client address they saw).
 */
import { expect } from "chai";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { deployTopology } from "../../lab/deploy";
import { kernelHasVxlan, labUnavailableReason } from "../../lab/preflight";
import type { Topology } from "../../lab/topology";
import { labTopology } from "../../lab/topology";
import { httpGet, LabProcesses, resolveName } from "../../lab/traffic";
import { teardownLab } from "../../lab/teardown";
import { closeAll } from "../../provider/transport/pool";
import { LabDrivers } from "../support/labDrivers";

const prefix = "lbt-";

describe("lab: l2bridge scenarios on Linux hosts (real traffic)", function () {
    this.timeout(60000);
    let lab: Lab | undefined;
    let topology: Topology;
    let processes: LabProcesses | undefined;
    let vxlan = false;

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    lab scenarios did not run: ${reason}`);
            this.skip();
        }
        vxlan = await kernelHasVxlan(prefix);
        lab = await createLab({ prefix, hosts: 2, vxlanId: vxlan ? 42 : undefined });
        topology = labTopology(lab.plan);
        await deployTopology(topology, new LabDrivers(lab).driverOf);
        processes = new LabProcesses(prefix);
        for (const host of topology.hosts) {
            for (const container of host.containers) {
                processes.responder(container.namespace, container.namespace);
            }
        }
        processes.responder(lab.plan.underlayNamespace, "outside");
        processes.dnsServer(
            lab.plan.underlayNamespace,
            lab.plan.switchAddress,
            "outside.example",
            lab.plan.switchAddress,
        );
        const waits = topology.hosts.flatMap((host) =>
            host.containers.map((container) => processes!.waitForListener(container.namespace, 80)),
        );
        waits.push(processes.waitForListener(lab.plan.underlayNamespace, 80));
        waits.push(processes.waitForListener(lab.plan.underlayNamespace, 53, true));
        await Promise.all(waits);
    });

    after(async () => {
        await processes?.stop();
        await closeAll();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    const c = (host: number, index: number) => topology.hosts[host - 1].containers[index];
    const hostAddress = (host: number) => lab!.plan.hosts[host - 1].address;
    const hostNamespace = (host: number) => lab!.plan.hosts[host - 1].namespace;

    describe("the seven scenarios of the l2bridge article", () => {
        it("1. outbound: a container reaches an underlay server, SNATed to its host's address", async () => {
            const answer = await httpGet(c(1, 0).namespace, `http://${lab!.plan.switchAddress}/`);
            expect(answer).to.include({ ok: true, server: "outside", peer: hostAddress(1) });
        });
        it("1. outbound from the second host is SNATed to that host's address", async () => {
            const answer = await httpGet(c(2, 0).namespace, `http://${lab!.plan.switchAddress}/`);
            expect(answer).to.include({ ok: true, server: "outside", peer: hostAddress(2) });
        });
        it("2. DNS: a container resolves an outside name through its host's dnsmasq and the upstream server", async () => {
            expect(await resolveName(c(1, 0).namespace, "outside.example")).to.deep.equal([
                lab!.plan.switchAddress,
            ]);
        });
        it("3. container names: a short name resolves to the neighbour's address", async () => {
            expect(await resolveName(c(1, 0).namespace, c(1, 1).namespace)).to.deep.equal([
                c(1, 1).address,
            ]);
        });
        it("3. container names: the name under the DNS suffix works for HTTP", async () => {
            const answer = await httpGet(
                c(1, 0).namespace,
                `http://${c(1, 1).namespace}.${topology.dnsSuffix}/`,
            );
            expect(answer).to.include({ ok: true, server: c(1, 1).namespace });
        });
        it("3. container names: an unknown name under the suffix does not resolve", async () => {
            expect(
                await resolveName(c(1, 0).namespace, `nobody.${topology.dnsSuffix}`),
            ).to.deep.equal([]);
        });
        it("4. host to container: the host reaches its container from the gateway address", async () => {
            const answer = await httpGet(hostNamespace(1), `http://${c(1, 0).address}/`);
            expect(answer).to.include({ ok: true, server: c(1, 0).namespace });
            expect(answer.peer).to.equal(topology.hosts[0].gatewayAddress);
        });
        it("4. container to host: a container reaches a service on its host's underlay address", async () => {
            processes!.responder(hostNamespace(1), "host1", 81);
            await processes!.waitForListener(hostNamespace(1), 81);
            const answer = await httpGet(c(1, 0).namespace, `http://${hostAddress(1)}:81/`);
            expect(answer).to.include({ ok: true, server: "host1", peer: c(1, 0).address });
        });
        it("5. container to container on one host keeps the source address", async () => {
            const answer = await httpGet(c(1, 0).namespace, `http://${c(1, 1).address}/`);
            expect(answer).to.include({
                ok: true,
                server: c(1, 1).namespace,
                peer: c(1, 0).address,
            });
        });
        it("6. container to container across hosts through ContainerRoute keeps the source address", async () => {
            const answer = await httpGet(c(1, 0).namespace, `http://${c(2, 0).address}/`);
            expect(answer).to.include({
                ok: true,
                server: c(2, 0).namespace,
                peer: c(1, 0).address,
            });
        });
        it("6. and back from the second host", async () => {
            const answer = await httpGet(c(2, 0).namespace, `http://${c(1, 1).address}/`);
            expect(answer).to.include({
                ok: true,
                server: c(1, 1).namespace,
                peer: c(2, 0).address,
            });
        });
        it("7. published port reached from outside (the underlay) lands on the container", async () => {
            const { hostAddress: address, hostPort, container } = topology.publish;
            const answer = await httpGet(
                lab!.plan.underlayNamespace,
                `http://${address}:${hostPort}/`,
            );
            expect(answer).to.include({
                ok: true,
                server: container,
                peer: lab!.plan.switchAddress,
            });
        });
        it("7. published port reached from the host itself", async () => {
            const { hostAddress: address, hostPort, container } = topology.publish;
            const answer = await httpGet(hostNamespace(1), `http://${address}:${hostPort}/`);
            expect(answer).to.include({ ok: true, server: container });
        });
        it("7. published port reached from a neighbour container (hairpin)", async () => {
            const { hostAddress: address, hostPort, container } = topology.publish;
            const answer = await httpGet(c(1, 1).namespace, `http://${address}:${hostPort}/`);
            expect(answer).to.include({ ok: true, server: container });
        });
        it("7. published port reached from the published container itself (true hairpin)", async () => {
            const { hostAddress: address, hostPort, container } = topology.publish;
            const answer = await httpGet(c(1, 0).namespace, `http://${address}:${hostPort}/`);
            expect(answer).to.include({ ok: true, server: container });
        });
    });

    describe("advanced scenarios", () => {
        it("load balancer: six requests from outside reach every backend on both hosts", async () => {
            const { vip, port, backends } = topology.loadBalancer;
            const servers: string[] = [];
            for (let request = 0; request < 6; request++) {
                const answer = await httpGet(lab!.plan.underlayNamespace, `http://${vip}:${port}/`);
                expect(answer.ok, `request ${request} to the VIP`).to.equal(true);
                servers.push(answer.server);
            }
            const expected = backends.map(
                (address) =>
                    topology.hosts
                        .flatMap((host) => host.containers)
                        .find((x) => x.address === address)!.namespace,
            );
            expect([...new Set(servers)].sort()).to.deep.equal([...new Set(expected)].sort());
        });
        it("load balancer: the VIP answers the host itself and a container", async () => {
            const { vip, port } = topology.loadBalancer;
            expect((await httpGet(hostNamespace(1), `http://${vip}:${port}/`)).ok).to.equal(true);
            expect((await httpGet(c(1, 2).namespace, `http://${vip}:${port}/`)).ok).to.equal(true);
        });
        it("load balancer: every container on every Linux host reaches the VIP, served by a backend", async () => {
            const { vip, port, backends } = topology.loadBalancer;
            const backendNames = topology.hosts
                .flatMap((host) => host.containers)
                .filter((container) => backends.includes(container.address))
                .map((container) => container.namespace);
            const containers = topology.hosts.flatMap((host) => host.containers);
            expect(new Set(containers.map((container) => container.host)).size).to.equal(2);
            for (const container of containers) {
                const answer = await httpGet(container.namespace, `http://${vip}:${port}/`);
                expect(answer.ok, `${container.namespace} to the VIP`).to.equal(true);
                expect(backendNames, `${container.namespace} answered by`).to.include(
                    answer.server,
                );
            }
        });
        it("ACL: the admitted neighbour reaches the protected container", async function () {
            const answer = await httpGet(topology.acl!.admitted, `http://${c(2, 1).address}/`);
            expect(answer).to.include({ ok: true, server: topology.acl!.protected });
        });
        it("ACL: a container on another host is blocked", async () => {
            const answer = await httpGet(c(1, 0).namespace, `http://${c(2, 1).address}/`, 1);
            expect(answer.ok).to.equal(false);
            expect(answer.exitCode).to.equal(28);
        });
        it("ACL: the protected container's own host is blocked", async () => {
            const answer = await httpGet(hostNamespace(2), `http://${c(2, 1).address}/`, 1);
            expect(answer.ok).to.equal(false);
        });
        it("ACL: the protected container still reaches out (default outbound allow, replies admitted)", async () => {
            const answer = await httpGet(c(2, 1).namespace, `http://${c(2, 0).address}/`);
            expect(answer).to.include({ ok: true, server: c(2, 0).namespace });
        });
        it("multi-NIC: the two-NIC container reaches its host network through its first NIC", async () => {
            const answer = await httpGet(c(1, 2).namespace, `http://${c(1, 0).address}/`);
            expect(answer).to.include({ ok: true, peer: c(1, 2).address });
        });
        it("multi-NIC + VXLAN: the second NIC reaches the other host's container over the extended L2 segment", async function () {
            if (!vxlan) {
                console.log(
                    "    the kernel cannot create VXLAN devices (CONFIG_VXLAN): check not run",
                );
                this.skip();
            }
            const answer = await httpGet(c(1, 2).namespace, `http://${c(2, 2).overlayAddress}/`);
            expect(answer).to.include({
                ok: true,
                server: c(2, 2).namespace,
                peer: c(1, 2).overlayAddress,
            });
        });
    });
});
