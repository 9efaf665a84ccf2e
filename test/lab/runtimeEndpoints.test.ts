/**
 * Policies on endpoints this package did not make, on a one-host Linux lab reached over SSH: the
 * test plays the container runtime (as the CNI bridge plugin or Docker does, it creates a network
 * namespace and a veth whose host side joins our bridge, with the container's address inside), and
 * the providers put a PortPublish, an EndpointAcl and a load balancer on those endpoints by address.
 * Real traffic proves each; deleting our resources leaves the runtime's veths; a removed veth is
 * reported by read and refused by apply with the address, the host and the fix.
 */
import { expect } from "chai";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { labUnavailableReason } from "../../lab/preflight";
import { inNamespace, ip } from "../../lab/system";
import { teardownLab } from "../../lab/teardown";
import { httpGet, LabProcesses } from "../../lab/traffic";
import { provider as containerEndpoint } from "../../provider/resources/containerEndpoint";
import { provider as endpointAcl } from "../../provider/resources/endpointAcl";
import { provider as gatewayEndpoint } from "../../provider/resources/gatewayEndpoint";
import { provider as hnsLoadBalancer } from "../../provider/resources/hnsLoadBalancer";
import { provider as l2BridgeNetwork } from "../../provider/resources/l2BridgeNetwork";
import { provider as portPublish } from "../../provider/resources/portPublish";
import { closeAll } from "../../provider/transport/pool";
import type { HostConnection } from "../../sdk/hostConnection";

const prefix = "rep-";
const underlay = "10.200.173.0/24";
const subnet = "10.200.174.0/24";
const bridge = `${prefix}br`;
const vip = "10.200.173.100";

type Provider = typeof portPublish;
type Bag = Record<string, unknown>;

/** A container as a runtime makes it: its namespace, host-side veth and address. */
interface RuntimeContainer {
    namespace: string;
    veth: string;
    address: string;
}

const containers: RuntimeContainer[] = [1, 2, 3].map((index) => ({
    namespace: `${prefix}c${index}`,
    veth: `${prefix}v${index}`,
    address: `10.200.174.${10 + index}`,
}));
const [published, guarded, balanced] = containers;

/** What the runtime does on the host: a namespace, a veth into it on our bridge, the address. */
async function startContainer(host: string, container: RuntimeContainer): Promise<void> {
    await ip("netns", "add", container.namespace);
    await ip("-n", container.namespace, "link", "set", "lo", "up");
    await ip(
        "-n",
        host,
        "link",
        "add",
        container.veth,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        container.namespace,
    );
    await ip("-n", host, "link", "set", container.veth, "master", bridge, "up");
    await ip("-n", container.namespace, "addr", "add", `${container.address}/24`, "dev", "eth0");
    await ip("-n", container.namespace, "link", "set", "eth0", "up");
    await ip("-n", container.namespace, "route", "add", "default", "via", "10.200.174.2");
}

async function checked(provider: Provider, inputs: Bag): Promise<Bag> {
    const result = await provider.check({}, inputs);
    expect(result.failures ?? []).to.deep.equal([]);
    return result.inputs as Bag;
}

async function create(provider: Provider, inputs: Bag): Promise<{ id: string; outs: Bag }> {
    const result = await provider.create(await checked(provider, inputs));
    return { id: result.id, outs: result.outs as Bag };
}

async function linkExists(namespace: string, name: string): Promise<boolean> {
    return ip("-n", namespace, "link", "show", "dev", name).then(
        () => true,
        () => false,
    );
}

describe("lab: policies on endpoints a container runtime made (real traffic)", function () {
    this.timeout(90000);
    let lab: Lab | undefined;
    let processes: LabProcesses | undefined;
    let connection: HostConnection;
    let hostNamespace: string;
    let hostAddress: string;
    const made = new Map<string, { provider: Provider; id: string; outs: Bag }>();

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    runtime endpoint lab did not run: ${reason}`);
            this.skip();
        }
        lab = await createLab({ prefix, underlay, hosts: 1 });
        connection = lab.connectionOf(1);
        hostNamespace = lab.plan.hosts[0].namespace;
        hostAddress = lab.plan.hosts[0].address;
        await create(l2BridgeNetwork, { connection, name: bridge, subnet });
        await create(gatewayEndpoint, { connection, network: bridge, subnet });
        processes = new LabProcesses(prefix);
        for (const container of containers) {
            await startContainer(hostNamespace, container);
            processes.responder(container.namespace, container.namespace);
        }
        await Promise.all(
            containers.map((container) => processes!.waitForListener(container.namespace, 80)),
        );
    });

    after(async () => {
        await processes?.stop();
        await closeAll();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    it("PortPublish by endpointIp: the underlay reaches the runtime's container on the host port", async () => {
        const result = await create(portPublish, {
            connection,
            endpointIp: published.address,
            hostPort: 8080,
            containerPort: 80,
        });
        made.set("publish", { provider: portPublish, ...result });
        expect(result.outs).to.include({
            containerIp: published.address,
            endpointProblem: "",
            mappingId: `ip:${published.address}/tcp/8080`,
        });
        const answer = await httpGet(lab!.plan.underlayNamespace, `http://${hostAddress}:8080/`);
        expect(answer).to.include({ ok: true, server: published.namespace });
    });

    it("EndpointAcl by endpointIp: the admitted neighbour gets in, another container is blocked", async () => {
        const result = await create(endpointAcl, {
            connection,
            endpointIp: guarded.address,
            rules: [
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    remoteAddresses: [published.address],
                    localPorts: ["80"],
                },
            ],
        });
        made.set("acl", { provider: endpointAcl, ...result });
        expect(result.outs).to.include({ endpointProblem: "", ruleCount: 3 });
        const admitted = await httpGet(published.namespace, `http://${guarded.address}/`);
        expect(admitted).to.include({ ok: true, server: guarded.namespace });
        const blocked = await httpGet(balanced.namespace, `http://${guarded.address}/`, 1);
        expect(blocked.ok).to.equal(false);
    });

    it("HnsLoadBalancer: runtime-made backends behind a VIP both answer from the underlay", async () => {
        const result = await create(hnsLoadBalancer, {
            connection,
            name: `${prefix}lb`,
            network: bridge,
            frontendVip: vip,
            frontendPort: 80,
            backends: [published.address, balanced.address],
        });
        made.set("lb", { provider: hnsLoadBalancer, ...result });
        expect(result.outs).to.include({ endpointProblem: "" });
        const servers = new Set<string>();
        for (let attempt = 0; attempt < 4; attempt++) {
            const answer = await httpGet(lab!.plan.underlayNamespace, `http://${vip}/`);
            expect(answer.ok, `request ${attempt} to the VIP`).to.equal(true);
            servers.add(answer.server);
        }
        expect([...servers].sort()).to.deep.equal([published.namespace, balanced.namespace].sort());
    });

    /** The message a create of `inputs` fails with (undefined when it succeeds). */
    async function createFailure(provider: Provider, inputs: Bag): Promise<string | undefined> {
        return provider.create(await checked(provider, inputs)).then(
            () => undefined,
            (error: Error) => error.message,
        );
    }

    it("a second PortPublish of the same host port, to another endpoint, is refused naming the first", async () => {
        const failure = await createFailure(portPublish, {
            connection,
            endpointIp: guarded.address,
            hostPort: 8080,
            containerPort: 80,
        });
        expect(failure).to.include(
            `hostPort: 8080 (tcp, on every host address) is already published on this host by PortPublish ip:${published.address}/tcp/8080; choose another hostPort, or remove that PortPublish first`,
        );
        const answer = await httpGet(lab!.plan.underlayNamespace, `http://${hostAddress}:8080/`);
        expect(answer).to.include({ ok: true, server: published.namespace });
    });

    it("a second load balancer on the same frontend is refused naming the first", async () => {
        const failure = await createFailure(hnsLoadBalancer, {
            connection,
            name: `${prefix}lb2`,
            network: bridge,
            frontendVip: vip,
            frontendPort: 80,
            backends: [guarded.address],
        });
        expect(failure).to.include(
            `frontendVip: ${vip} port 80/tcp is already balanced on this host by HnsLoadBalancer ${prefix}lb; choose another frontendVip or frontendPort, or remove that load balancer first`,
        );
    });

    it("an endpoint this package made takes an ACL by address too, and then refuses a second ACL by name", async () => {
        const ours = { name: `${prefix}e4`, address: "10.200.174.20" };
        await create(containerEndpoint, {
            connection,
            network: bridge,
            subnet,
            container: `${prefix}c4`,
            name: ours.name,
            ipAddress: ours.address,
        });
        const rules = [{ action: "allow", direction: "in", priority: 100 }];
        const byAddress = await create(endpointAcl, {
            connection,
            endpointIp: ours.address,
            rules,
        });
        expect(byAddress.outs).to.include({ endpointProblem: "" });
        const failure = await createFailure(endpointAcl, {
            connection,
            endpoint: ours.name,
            rules,
        });
        expect(failure).to.include(
            `endpoint: ${ours.name} already has its ACL on this host (an endpoint has one EndpointAcl) from EndpointAcl ip:${ours.address}; put these rules into that EndpointAcl, or remove it first`,
        );
        await endpointAcl.delete(byAddress.id, byAddress.outs);
        const second = await create(endpointAcl, { connection, endpoint: ours.name, rules });
        await endpointAcl.delete(second.id, second.outs);
    });

    it("an address outside every network of the host is refused at apply, listing the host's networks", async () => {
        const inputs = await checked(portPublish, {
            connection,
            endpointIp: "10.200.175.10",
            hostPort: 8081,
            containerPort: 80,
        });
        const failure = await portPublish.create(inputs).then(
            () => undefined,
            (error: Error) => error.message,
        );
        expect(failure).to.include(
            `endpointIp: 10.200.175.10 is outside every network of host ${hostAddress} (${bridge} ${subnet})`,
        );
    });

    it("a backend's veth removed: read reports it and the next apply fails naming address, host and fix", async () => {
        await ip("-n", hostNamespace, "link", "del", balanced.veth);
        const lb = made.get("lb")!;
        const read = await hnsLoadBalancer.read(lb.id, lb.outs);
        const outs = read.props as Bag;
        expect(outs.backends).to.deep.equal([published.address]);
        const expected = `backends[1]: ${balanced.address} has no endpoint on host ${hostAddress}: nothing answers at this address on network ${bridge} (${subnet}), which is this host's; start the container that has this address, or remove it from backends`;
        expect(outs.endpointProblem).to.equal(expected);
        const news = await checked(hnsLoadBalancer, {
            connection,
            name: `${prefix}lb`,
            network: bridge,
            frontendVip: vip,
            frontendPort: 80,
            backends: [published.address, balanced.address],
        });
        const failure = await hnsLoadBalancer.update(lb.id, outs, news).then(
            () => undefined,
            (error: Error) => error.message,
        );
        expect(failure).to.include(expected);
    });

    it("the published container's veth removed (CNI DEL): read reports the endpoint missing and a new apply refuses to go on", async () => {
        await ip("-n", hostNamespace, "link", "del", published.veth);
        const publish = made.get("publish")!;
        const read = await portPublish.read(publish.id, publish.outs);
        const outs = read.props as Bag;
        expect(outs).to.include({ endpointIp: "", containerIp: "" });
        expect(outs.endpointProblem).to.include(
            `endpointIp: ${published.address} has no endpoint on host ${hostAddress}: nothing answers at this address on network ${bridge} (${subnet}); start the container that has this address`,
        );
        const failure = await portPublish
            .create(
                await checked(portPublish, {
                    connection,
                    endpointIp: published.address,
                    hostPort: 8082,
                    containerPort: 80,
                }),
            )
            .then(
                () => undefined,
                (error: Error) => error.message,
            );
        expect(failure).to.include(`endpointIp: ${published.address} has no endpoint on host`);
        expect(failure).to.include("or remove this PortPublish");
    });

    it("deleting the three resources removes only their nft tables and leaves the runtime's veth and container", async () => {
        for (const name of ["publish", "acl", "lb"]) {
            const object = made.get(name)!;
            await object.provider.delete(object.id, object.outs);
        }
        const tables = await inNamespace(hostNamespace, ["nft", "list", "tables"]);
        expect(tables).to.not.match(/l2b_(pub|acl|lb)_/);
        expect(await linkExists(hostNamespace, guarded.veth)).to.equal(true);
        const open = await httpGet(hostNamespace, `http://${guarded.address}/`);
        expect(open).to.include({ ok: true, server: guarded.namespace });
    });
});
