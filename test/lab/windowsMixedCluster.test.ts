/**
 * A mixed lab: one Linux host and one emulated Windows host (PowerShell 7 behind sshd, the HCN
 * emulator, the Windows cmdlets module), deployed directly through the Linux and Windows drivers
 * over SSH. Real traffic crosses the Linux host's route and the Windows host's New-NetRoute route
 * to the Windows gateway endpoint's bridge; the Windows containers and the Windows load balancer's
 * VIP stay state checks (HCN load balancer, VIP routes on the container endpoints), beside the real
 * kernel route of the VIP's /32 on the Linux host.
 */
import { expect } from "chai";
import { deployTopology } from "../../lab/deploy";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { planLab } from "../../lab/labOptions";
import { labDriverOf } from "../../lab/labDrivers";
import { labUnavailableReason, windowsHostsUnavailableReason } from "../../lab/preflight";
import { observeForDrift } from "../../lab/refresh";
import { teardownLab } from "../../lab/teardown";
import type { HostTopology, Topology } from "../../lab/topology";
import { labTopology } from "../../lab/topology";
import { expectedReach, matrixAxes } from "../../lab/matrix";
import { stateHolds } from "../../lab/windowsChecks";
import { httpGet, LabProcesses } from "../../lab/traffic";
import { inNamespace } from "../../lab/system";
import { windowsStateChecks } from "../../lab/windowsChecks";
import { createWindowsContainerNamespaces } from "../../lab/windowsContainers";
import { closeAll } from "../../provider/transport/pool";

const prefix = "lbw-";

describe("lab plan with emulated Windows hosts", () => {
    const plan = planLab({ hosts: 2, windowsHosts: 1, vxlanId: 42 });
    const topology = labTopology(plan);

    it("adds Windows hosts after the Linux hosts, without VXLAN, each with its own directory", () => {
        expect(plan.hosts.map((host) => [host.os, host.namespace, host.vxlanDevice])).to.deep.equal(
            [
                ["linux", "lbt-host1", "lbt-vx0"],
                ["linux", "lbt-host2", "lbt-vx0"],
                ["windows", "lbt-host3", undefined],
            ],
        );
        expect(plan.hosts[2].hostDir).to.equal("/tmp/lbt-lab/windows3");
        expect(() => planLab({ hosts: 40, windowsHosts: 11 })).to.throw(/windowsHosts 11/);
    });

    it("routes every Linux host to the Windows subnet and the Windows VIP's /32, and the Windows host to every Linux subnet", () => {
        const routes = (index: number) =>
            topology.hosts[index].objects.find((o) => o.kind === "containerRoute")?.spec;
        expect(routes(0)).to.deep.include({
            routes: [
                { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
                { destinationPrefix: "10.201.3.0/24", nextHop: "10.200.0.13" },
                { destinationPrefix: "10.200.0.103/32", nextHop: "10.200.0.13" },
            ],
        });
        expect(routes(2)).to.deep.include({
            interface: "Ethernet",
            persistent: true,
            routes: [
                { destinationPrefix: "10.201.1.0/24", nextHop: "10.200.0.11" },
                { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
            ],
        });
    });

    it("runs a load balancer on the Windows host over its own containers, its VIP an underlay address no host has", () => {
        const lb = topology.hosts[2].objects.find((o) => o.kind === "hnsLoadBalancer");
        expect(lb?.spec).to.deep.include({
            name: "lbt-lb3",
            network: "lbt-cbr0",
            frontendVip: "10.200.0.103",
            backends: ["10.201.3.11", "10.201.3.12"],
        });
        expect(topology.windowsVips).to.deep.equal([
            {
                host: 3,
                hostAddress: "10.200.0.13",
                vip: "10.200.0.103",
                port: 80,
                endpoints: ["lbt-v3a", "lbt-v3b"],
            },
        ]);
        expect(plan.hosts.map((host) => host.address)).to.not.include("10.200.0.103");
        expect(topology.loadBalancer.vip).to.not.equal("10.200.0.103");
    });

    it("the matrix has the Windows VIP as a state column that containers and hosts reach and the outside does not", () => {
        const { sources, targets } = matrixAxes(plan, topology);
        const vip = targets.find((target) => target.label === "vip3")!;
        expect(vip).to.include({ kind: "windowsVip", check: "state", stateKey: "vip3" });
        const reach = (label: string) =>
            expectedReach(
                sources.find((source) => source.label === label)!,
                vip,
                topology,
            );
        expect(["outside", "host1", "c1a", "c2b"].map(reach)).to.deep.equal([
            false,
            true,
            true,
            true,
        ]);
    });

    const holds: { proves: string; checks: { ok: boolean; stateKey?: string }[]; held: boolean }[] =
        [
            {
                proves: "every check of the key holds",
                checks: [
                    { ok: true, stateKey: "vip3" },
                    { ok: true, stateKey: "vip3" },
                    { ok: false },
                ],
                held: true,
            },
            {
                proves: "one failing check of the key fails the cell",
                checks: [
                    { ok: true, stateKey: "vip3" },
                    { ok: false, stateKey: "vip3" },
                ],
                held: false,
            },
            {
                proves: "a key without checks is not held",
                checks: [{ ok: true, stateKey: "lbt-c3a" }],
                held: false,
            },
        ];
    for (const c of holds) {
        it(`a state cell: ${c.proves}`, () => {
            const checks = c.checks.map((check, i) => ({ label: `check ${i}`, ...check }));
            expect(stateHolds(checks, "vip3")).to.equal(c.held);
        });
    }

    it("keeps the Linux load balancer, the ACL and served names on Linux hosts", () => {
        const windows = topology.hosts[2];
        expect(windows.objects.map((o) => o.kind)).to.deep.equal([
            "l2BridgeNetwork",
            "gatewayEndpoint",
            "containerEndpoint",
            "containerEndpoint",
            "containerRoute",
            "hnsLoadBalancer",
        ]);
        expect(windows.objects[0].spec).to.not.have.property("serveNames");
        expect(windows.containers).to.deep.equal([]);
        expect(windows.windowsContainers.map((c) => c.address)).to.deep.equal([
            "10.201.3.11",
            "10.201.3.12",
        ]);
        expect(topology.acl?.protected).to.equal("lbt-c2b");
        expect(topology.loadBalancer.backends).to.deep.equal([
            "10.201.1.11",
            "10.201.1.12",
            "10.201.2.11",
        ]);
    });
});

describe("lab: a mixed cluster of a Linux host and an emulated Windows host", function () {
    this.timeout(240_000);
    let lab: Lab | undefined;
    let topology: Topology;
    let processes: LabProcesses | undefined;
    const linuxHost = (): HostTopology => topology.hosts[0];
    const windowsHost = (): HostTopology => topology.hosts[1];

    before(async function () {
        const reason = labUnavailableReason() ?? windowsHostsUnavailableReason();
        if (reason) {
            console.log(`    mixed lab did not run: ${reason}`);
            this.skip();
        }
        lab = await createLab({
            prefix,
            underlay: "10.200.1.0/24",
            hosts: 1,
            windowsHosts: 1,
        });
        topology = labTopology(lab.plan);
        await createWindowsContainerNamespaces(topology, lab.windows);
        const deployed = await deployTopology(topology, (host) => labDriverOf(lab!, host));
        expect(deployed.filter((d) => d.host === 2).map((d) => d.kind)).to.deep.equal([
            "l2BridgeNetwork",
            "gatewayEndpoint",
            "containerEndpoint",
            "containerEndpoint",
            "containerRoute",
            "hnsLoadBalancer",
        ]);
        processes = new LabProcesses(prefix);
        processes.responder(windowsHost().host.namespace, "windows-gateway");
        processes.responder(linuxHost().containers[0].namespace, "linux-container");
        await processes.waitForListener(windowsHost().host.namespace, 80);
        await processes.waitForListener(linuxHost().containers[0].namespace, 80);
    });

    after(async () => {
        await processes?.stop();
        await closeAll();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    it("a Linux container reaches the Windows host's gateway endpoint through both hosts' routes (real traffic)", async () => {
        const container = linuxHost().containers[0];
        const answer = await httpGet(
            container.namespace,
            `http://${windowsHost().gatewayAddress}/`,
            5,
        );
        expect(answer).to.include({ ok: true, server: "windows-gateway", peer: container.address });
    });

    it("the Windows host reaches a Linux container through its New-NetRoute route (real traffic)", async () => {
        const answer = await httpGet(
            windowsHost().host.namespace,
            `http://${linuxHost().containers[0].address}/`,
            5,
        );
        expect(answer).to.include({ ok: true, server: "linux-container" });
    });

    it("the Windows containers' HCN endpoints and the routes in Get-NetRoute are in place (state)", async () => {
        const checks = await windowsStateChecks(lab!, topology);
        expect(checks.filter((check) => check.stateKey !== "vip2")).to.have.length(3);
        expect(checks.filter((check) => !check.ok).map((check) => check.label)).to.deep.equal([]);
    });

    it("the Windows load balancer: HCN serves its VIP and each Windows container endpoint has the VIP route (state); the Linux host has the real kernel route of the VIP's /32 via the Windows host", async () => {
        const checks = (await windowsStateChecks(lab!, topology)).filter(
            (check) => check.stateKey === "vip2",
        );
        expect(checks.map((check) => [check.label, check.ok])).to.deep.equal([
            ["host2 HCN load balancer serves 10.200.1.102:80", true],
            [
                "host2 HCN endpoint lbw-v2a has the VIP route 10.200.1.102/32 (SDNRoute, NeedEncap)",
                true,
            ],
            [
                "host2 HCN endpoint lbw-v2b has the VIP route 10.200.1.102/32 (SDNRoute, NeedEncap)",
                true,
            ],
            ["host1 kernel route 10.200.1.102/32 via 10.200.1.12 (real route)", true],
        ]);
        const route = await inNamespace(linuxHost().host.namespace, [
            "ip",
            "route",
            "get",
            "10.200.1.102",
        ]);
        expect(route).to.match(/^10\.200\.1\.102 via 10\.200\.1\.12 dev /);
    });

    it("the Linux load balancer's VIP answers each Linux container, served by a backend (real traffic)", async () => {
        const { vip, port, backends } = topology.loadBalancer;
        const [first, second] = linuxHost().containers;
        expect(backends).to.deep.equal([first.address, second.address]);
        processes!.responder(second.namespace, "linux-container-2");
        await processes!.waitForListener(second.namespace, 80);
        for (const container of linuxHost().containers) {
            const answer = await httpGet(container.namespace, `http://${vip}:${port}/`, 5);
            expect(answer.ok, container.namespace).to.equal(true);
            expect(["linux-container", "linux-container-2"]).to.include(answer.server);
        }
    });

    it("a second converge changes nothing and a refresh observes no drift", async () => {
        const again = await deployTopology(topology, (host) => labDriverOf(lab!, host));
        expect(again.filter((d) => d.action !== "none").map((d) => d.label)).to.deep.equal([]);
        const { observed, drift } = await observeForDrift(topology, (host) =>
            labDriverOf(lab!, host),
        );
        expect(observed).to.equal(again.length);
        expect(drift).to.deep.equal([]);
    });
});
