/**
 * A mixed lab: one Linux host and one emulated Windows host (PowerShell 7 behind sshd, the HCN
 * emulator, the Windows cmdlets module), deployed directly through the Linux and Windows drivers
 * over SSH. Real traffic crosses the Linux host's route and the Windows host's New-NetRoute route
 * to the Windows gateway endpoint's bridge; the Windows containers stay state checks.
 */
import { expect } from "chai";
import { deployTopology } from "../../lab/deploy";
import { createLab, Lab } from "../../lab/lab";
import { planLab } from "../../lab/labOptions";
import { labDriverOf } from "../../lab/labDrivers";
import { labUnavailableReason, windowsHostsUnavailableReason } from "../../lab/preflight";
import { observeForDrift } from "../../lab/refresh";
import { teardownLab } from "../../lab/teardown";
import { HostTopology, labTopology, Topology } from "../../lab/topology";
import { httpGet, LabProcesses } from "../../lab/traffic";
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

    it("routes every Linux host to the Windows subnet and the Windows host to every Linux subnet", () => {
        const routes = (index: number) =>
            topology.hosts[index].objects.find((o) => o.kind === "routeSet")?.spec;
        expect(routes(0)).to.deep.include({
            routes: [
                { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
                { destinationPrefix: "10.201.3.0/24", nextHop: "10.200.0.13" },
            ],
        });
        expect(routes(2)).to.deep.include({ interface: "Ethernet", persistent: true });
    });

    it("keeps the load balancer, the ACL and served names on Linux hosts", () => {
        const windows = topology.hosts[2];
        expect(windows.objects.map((o) => o.kind)).to.deep.equal([
            "network",
            "gatewayEndpoint",
            "containerEndpoint",
            "containerEndpoint",
            "routeSet",
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
            "network",
            "gatewayEndpoint",
            "containerEndpoint",
            "containerEndpoint",
            "routeSet",
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
        expect(checks).to.have.length(3);
        expect(checks.filter((check) => !check.ok).map((check) => check.label)).to.deep.equal([]);
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
