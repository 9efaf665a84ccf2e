/**
 * Idempotency and drift on a real two-host lab: a second converge performs no apply and observes the
 * same state; objects damaged out of band (a route, an nft rule, a bridge, a container's default
 * route, an ACL rule, a load balancer table) are reported by observe and restored by the update.
 */
import { expect } from "chai";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { converge, matchesSpec } from "../../lab/converge";
import { deployTopology } from "../../lab/deploy";
import { labUnavailableReason } from "../../lab/preflight";
import { inNamespace, ip } from "../../lab/system";
import { teardownLab } from "../../lab/teardown";
import type { HostTopology, Topology, TopologyObject } from "../../lab/topology";
import { labTopology } from "../../lab/topology";
import { httpGet, LabProcesses } from "../../lab/traffic";
import type { LinuxDriver } from "../../provider/drivers/linux/linuxDriver";
import { tableName } from "../../provider/drivers/linux/ownership";
import { closeAll } from "../../provider/transport/pool";
import { LabDrivers } from "../support/labDrivers";

const prefix = "lbt-";

describe("lab: idempotency and drift of the Linux driver", function () {
    this.timeout(60000);
    let lab: Lab | undefined;
    let topology: Topology;
    let drivers: LabDrivers;
    let processes: LabProcesses | undefined;

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    lab suite did not run: ${reason}`);
            this.skip();
        }
        lab = await createLab({ prefix, hosts: 2 });
        topology = labTopology(lab.plan);
        drivers = new LabDrivers(lab);
        await deployTopology(topology, drivers.driverOf);
        processes = new LabProcesses(prefix);
        for (const host of topology.hosts) {
            processes.responder(host.containers[0].namespace, host.containers[0].namespace);
        }
        processes.responder(lab.plan.underlayNamespace, "outside");
        await Promise.all([
            ...topology.hosts.map((host) =>
                processes!.waitForListener(host.containers[0].namespace, 80),
            ),
            processes.waitForListener(lab.plan.underlayNamespace, 80),
        ]);
    });

    after(async () => {
        await processes?.stop();
        await closeAll();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    const host1 = (): HostTopology => topology.hosts[0];
    const driver1 = (): LinuxDriver => drivers.driverOf(host1());
    const objectOf = (host: HostTopology, label: string): TopologyObject => {
        const found = host.objects.find((object) => object.label === label);
        if (!found) throw new Error(`no object ${label}`);
        return found;
    };

    it("a second converge applies nothing, costs one invocation per object over one SSH connection per host, and observes the same state", async () => {
        const before = drivers.invocations();
        const firstStates = await Promise.all(
            topology.hosts.map((host) =>
                Promise.all(
                    host.objects.map((object) =>
                        drivers.driverOf(host).observe(object.kind, object.spec),
                    ),
                ),
            ),
        );
        const afterObserve = drivers.invocations();
        const results = await deployTopology(topology, drivers.driverOf);
        const afterSecond = drivers.invocations();
        expect(results.filter((result) => result.action !== "none")).to.deep.equal([]);
        for (const host of topology.hosts) {
            const index = host.host.index;
            expect(afterSecond.get(index)! - afterObserve.get(index)!).to.equal(
                host.objects.length,
            );
            expect(afterObserve.get(index)! - before.get(index)!).to.equal(host.objects.length);
        }
        for (const [index, server] of lab!.sshd) {
            expect(server.connectionCount(), `SSH connections to host ${index}`).to.equal(1);
        }
        expect(results.map((result) => result.observation.state)).to.deep.equal(
            firstStates.flat().map((observation) => observation!.state),
        );
    });

    it("an endpoint looked up by name alone (as dependants do) reports its container and address", async () => {
        const observed = await driver1().observe("containerEndpoint", {
            name: `${prefix}v1a`,
        } as never);
        expect(observed!.state).to.include({
            container: host1().containers[0].namespace,
            ipAddress: host1().containers[0].address,
            network: `${prefix}cbr0`,
        });
    });

    it("a route deleted out of band is reported missing and restored by the update", async () => {
        const routes = objectOf(host1(), "route mesh");
        const remote = topology.hosts[1];
        await ip("-n", host1().host.namespace, "route", "del", remote.subnet);
        const observed = await driver1().observe("containerRoute", routes.spec as never);
        expect(observed!.state).to.deep.include({ routes: [] });
        const result = await converge(driver1(), "containerRoute", routes.spec as never);
        expect(result.action).to.equal("update");
        const answer = await httpGet(
            host1().containers[0].namespace,
            `http://${remote.containers[0].address}/`,
        );
        expect(answer).to.include({ ok: true, server: remote.containers[0].namespace });
    });

    it("the masquerade rule deleted out of band shows NAT disabled and the update restores SNAT", async () => {
        const network = objectOf(host1(), `network ${prefix}cbr0`);
        const table = tableName("nat", `${prefix}cbr0`);
        const listing = await inNamespace(host1().host.namespace, [
            "nft",
            "-a",
            "list",
            "table",
            "ip",
            table,
        ]);
        const handle = /masquerade comment "masquerade" # handle (\d+)/.exec(listing)?.[1];
        expect(handle, "masquerade rule handle").to.be.a("string");
        await inNamespace(host1().host.namespace, [
            "nft",
            "delete",
            "rule",
            "ip",
            table,
            "postrouting",
            "handle",
            handle!,
        ]);
        const observed = await driver1().observe("l2BridgeNetwork", network.spec as never);
        expect(
            (observed!.state as { outboundNat?: { enabled?: boolean } }).outboundNat?.enabled,
        ).to.equal(false);
        const blocked = await httpGet(
            host1().containers[0].namespace,
            `http://${lab!.plan.switchAddress}/`,
            1,
        );
        expect(blocked.ok, "no SNAT means no way back from the underlay").to.equal(false);
        expect(
            (await converge(driver1(), "l2BridgeNetwork", network.spec as never)).action,
        ).to.equal("update");
        const answer = await httpGet(
            host1().containers[0].namespace,
            `http://${lab!.plan.switchAddress}/`,
        );
        expect(answer).to.include({ ok: true, peer: host1().host.address });
    });

    it("a container's default route deleted out of band is reported and restored", async () => {
        const endpoint = objectOf(host1(), `endpoint ${host1().containers[0].namespace}`);
        await ip("-n", host1().containers[0].namespace, "route", "del", "default");
        const observed = await driver1().observe("containerEndpoint", endpoint.spec as never);
        expect(matchesSpec(observed!, endpoint.spec as never)).to.equal(false);
        expect(
            (await converge(driver1(), "containerEndpoint", endpoint.spec as never)).action,
        ).to.equal("update");
        const answer = await httpGet(
            host1().containers[0].namespace,
            `http://${lab!.plan.switchAddress}/`,
        );
        expect(answer.ok).to.equal(true);
    });

    it("an ACL rule deleted out of band is reported missing and restored", async () => {
        const host2 = topology.hosts[1];
        const acl = objectOf(host2, "acl");
        const driver2 = drivers.driverOf(host2);
        const table = tableName("acl", `${prefix}v2b`);
        const listing = await inNamespace(host2.host.namespace, [
            "nft",
            "-a",
            "list",
            "table",
            "inet",
            table,
        ]);
        const handle = /comment "in 100 name=web-from-neighbour" # handle (\d+)/.exec(listing)?.[1];
        expect(handle, "ACL rule handle").to.be.a("string");
        await inNamespace(host2.host.namespace, [
            "nft",
            "delete",
            "rule",
            "inet",
            table,
            "to_endpoint",
            "handle",
            handle!,
        ]);
        const observed = await driver2.observe("endpointAcl", acl.spec as never);
        expect(observed!.state).to.deep.include({ rules: [] });
        expect((await converge(driver2, "endpointAcl", acl.spec as never)).action).to.equal(
            "update",
        );
        const again = await driver2.observe("endpointAcl", acl.spec as never);
        expect(matchesSpec(again!, acl.spec as never)).to.equal(true);
    });

    it("a load balancer table deleted out of band is reported absent and created again", async () => {
        const balancer = objectOf(host1(), "load balancer");
        await inNamespace(host1().host.namespace, [
            "nft",
            "delete",
            "table",
            "ip",
            tableName("lb", `${prefix}lb`),
        ]);
        expect(await driver1().observe("hnsLoadBalancer", balancer.spec as never)).to.equal(null);
        expect(
            (await converge(driver1(), "hnsLoadBalancer", balancer.spec as never)).action,
        ).to.equal("create");
        const answer = await httpGet(
            lab!.plan.underlayNamespace,
            `http://${topology.loadBalancer.vip}/`,
        );
        expect(answer.ok).to.equal(true);
    });

    it("a bridge deleted out of band is reported absent; converging the host restores traffic", async () => {
        const network = objectOf(host1(), `network ${prefix}cbr0`);
        await ip("-n", host1().host.namespace, "link", "del", `${prefix}cbr0`);
        expect(await driver1().observe("l2BridgeNetwork", network.spec as never)).to.equal(null);
        const results = await deployTopology({ ...topology, hosts: [host1()] }, drivers.driverOf);
        const changed = results
            .filter((result) => result.action !== "none")
            .map((result) => result.label);
        expect(changed).to.include.members([
            `network ${prefix}cbr0`,
            "gateway 10.201.1.2",
            `endpoint ${host1().containers[0].namespace}`,
        ]);
        const answer = await httpGet(
            topology.hosts[1].containers[0].namespace,
            `http://${host1().containers[0].address}/`,
        );
        expect(answer).to.include({ ok: true, server: host1().containers[0].namespace });
    });

    it("a route set refuses to replace a route it did not create, naming it", async () => {
        const routes = objectOf(host1(), "route mesh");
        const foreign = "10.201.77.0/24";
        await ip(
            "-n",
            host1().host.namespace,
            "route",
            "add",
            foreign,
            "via",
            lab!.plan.switchAddress,
        );
        const spec = {
            ...(routes.spec as { routes: unknown[] }),
            routes: [{ destinationPrefix: foreign, nextHop: topology.hosts[1].host.address }],
        };
        let message = "";
        await converge(driver1(), "containerRoute", spec as never).catch(
            (error: Error) => (message = error.message),
        );
        expect(message).to.match(
            /a route to 10\.201\.77\.0\/24 exists that this package did not create/,
        );
        const kept = await ip("-n", host1().host.namespace, "route", "show", foreign);
        expect(kept).to.include(`via ${lab!.plan.switchAddress}`);
        const untouched = await ip("-n", host1().host.namespace, "route", "show", "proto", "233");
        expect(untouched, "the set's own routes stay when the change is refused").to.include(
            topology.hosts[1].subnet,
        );
        await ip("-n", host1().host.namespace, "route", "del", foreign);
        expect((await converge(driver1(), "containerRoute", routes.spec as never)).action).to.equal(
            "none",
        );
    });

    it("a foreign bridge with the network's name is reported as not owned and survives a delete", async () => {
        const host = topology.hosts[1];
        const driver = drivers.driverOf(host);
        const spec = { name: `${prefix}fbr0`, subnet: "10.201.99.0/24" };
        await ip("-n", host.host.namespace, "link", "add", spec.name, "type", "bridge");
        const observed = await driver.observe("l2BridgeNetwork", spec as never);
        expect(observed!.owned).to.equal(false);
        await driver.apply({
            kind: "l2BridgeNetwork",
            action: "delete",
            desired: spec as never,
            observed,
        });
        expect(await ip("-n", host.host.namespace, "-br", "link", "show", spec.name)).to.include(
            spec.name,
        );
        await ip("-n", host.host.namespace, "link", "del", spec.name);
    });

    it("an endpoint's own outbound NAT overrides its network's, in place, and unset inherits again", async () => {
        const container = host1().containers[1];
        const endpoint = objectOf(host1(), `endpoint ${container.namespace}`);
        const outside = `http://${lab!.plan.switchAddress}/`;
        const withNat = (outboundNat: unknown) =>
            ({ ...(endpoint.spec as object), outboundNat }) as never;
        const off = await converge(driver1(), "containerEndpoint", withNat({ enabled: false }));
        expect(off.action).to.equal("update");
        expect(
            (await httpGet(container.namespace, outside, 1)).ok,
            "no SNAT, no way back",
        ).to.equal(false);
        const neighbour = await httpGet(
            container.namespace,
            `http://${host1().containers[0].address}/`,
        );
        expect(neighbour.ok, "the bridge is not affected").to.equal(true);
        const back = await converge(driver1(), "containerEndpoint", endpoint.spec as never);
        expect(back.action).to.equal("update");
        const answer = await httpGet(container.namespace, outside);
        expect(answer).to.include({ ok: true, peer: host1().host.address });
    });

    it("an ACL is refused on a host where br_netfilter is off (it could not see same-bridge traffic)", async () => {
        const host2 = topology.hosts[1];
        const acl = objectOf(host2, "acl");
        const sysctl = "net.bridge.bridge-nf-call-iptables";
        await inNamespace(host2.host.namespace, ["sysctl", "-qw", `${sysctl}=0`]);
        try {
            const changed = { ...(acl.spec as object), defaultOutbound: "block" };
            let message = "";
            await converge(drivers.driverOf(host2), "endpointAcl", changed as never).catch(
                (error: Error) => (message = error.message),
            );
            expect(message).to.match(
                /br_netfilter is not active on this host.*modprobe br_netfilter/,
            );
        } finally {
            await inNamespace(host2.host.namespace, ["sysctl", "-qw", `${sysctl}=1`]);
        }
    });

    it("deleting every object leaves no owned bridge, table, route or namespace behind", async () => {
        const host = topology.hosts[1];
        const driver = drivers.driverOf(host);
        for (const object of [...host.objects].reverse()) {
            const observed = await driver.observe(object.kind, object.spec);
            await driver.apply({
                kind: object.kind,
                action: "delete",
                desired: object.spec,
                observed,
            });
            expect(await driver.observe(object.kind, object.spec), object.label).to.equal(null);
        }
        const tables = await inNamespace(host.host.namespace, ["nft", "list", "tables"]);
        expect(tables).to.not.include("l2b_");
        expect(await ip("-n", host.host.namespace, "route", "show", "proto", "233")).to.equal("");
        const namespaces = await ip("netns", "list");
        for (const container of host.containers) {
            expect(namespaces).to.not.include(container.namespace);
        }
    });
});
