/**
 * Policies on endpoints a container runtime made, on an emulated Windows host: the product's real
 * scripts in PowerShell 7 against the HCN emulator. The test plays Docker: it creates HNS endpoints
 * in our network directly through HCN (HcnCreateEndpoint with its own PortMapping and ACL policy),
 * then PortPublish, EndpointAcl and a load balancer are put on them by address and by HNS ID. Only
 * our policies come and go; the runtime's endpoints and their own policies stay; an endpoint that
 * vanished is reported and refused with the address, the host and the fix.
 */
import { expect } from "chai";
import type { ApplyOp, Observation } from "../../provider/drivers/hostDriver";
import type {
    EndpointAclSpec,
    KindSpecs,
    HnsLoadBalancerSpec,
    ObjectKind,
    PortPublishSpec,
} from "../../provider/model/kinds";
import {
    gatewayEndpoint,
    hostAddress,
    networkWithDnsAndNat,
} from "../drivers/windows/articleScenarios";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";

type Hcn = Record<string, unknown>;
type Policy = { Type: string; Settings: Record<string, unknown> };

/** Two containers as Docker leaves them in HNS: an endpoint each, with Docker's own policies. */
const runtime = [
    {
        id: "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
        name: "docker-web",
        address: "10.244.1.50",
    },
    {
        id: "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9",
        name: "docker-api",
        address: "10.244.1.51",
    },
];
const [web, api] = runtime;
/** Docker's own port mapping (its -p 9000:90) and ACL rule on the web endpoint. */
const dockerMapping: Policy = {
    Type: "PortMapping",
    Settings: { Protocol: 6, InternalPort: 90, ExternalPort: 9000, Flags: 0 },
};
const dockerAcl: Policy = {
    Type: "ACL",
    Settings: {
        Id: "docker-allow-all",
        Action: "Allow",
        Direction: "In",
        RuleType: "Switch",
        Priority: 64000,
    },
};

const publish: PortPublishSpec = {
    endpointIp: web.address,
    protocol: "tcp",
    hostPort: 8080,
    containerPort: 80,
    localAccess: true,
};
const acl: EndpointAclSpec = {
    endpointId: web.id.toLowerCase(),
    rules: [
        {
            name: "web",
            action: "allow",
            direction: "in",
            priority: 100,
            protocol: "tcp",
            remoteAddresses: [],
            localAddresses: [],
            localPorts: ["80"],
            remotePorts: [],
        },
    ],
    defaultInbound: "block",
    defaultOutbound: "allow",
};
const loadBalancer: HnsLoadBalancerSpec = {
    name: "runtime-lb",
    network: networkWithDnsAndNat.name,
    frontendVip: hostAddress,
    protocol: "tcp",
    frontendPort: 8091,
    backendPort: 80,
    backends: [web.address],
    backendEndpointIds: [api.id.toLowerCase()],
    internal: false,
    directServerReturn: false,
    localRoutedVip: true,
};

describe("Windows driver in real PowerShell: policies on endpoints a container runtime made", function () {
    this.timeout(240000);
    let h: EmulatedWindowsDriver;

    async function create<K extends ObjectKind>(
        kind: K,
        spec: KindSpecs[K],
    ): Promise<Observation<K>> {
        const after = await h.driver.apply({
            kind,
            action: "create",
            desired: spec,
            observed: null,
        });
        expect(after, `${kind} after create`).to.not.equal(null);
        return after!;
    }

    async function failure<K extends ObjectKind>(op: ApplyOp<K>): Promise<string | undefined> {
        return h.driver.apply(op).then(
            () => undefined,
            (error: Error) => error.message,
        );
    }

    async function remove<K extends ObjectKind>(kind: K, spec: KindSpecs[K]): Promise<void> {
        const observed = await h.driver.observe(kind, spec);
        await h.driver.apply({ kind, action: "delete", desired: spec, observed });
    }

    function endpoint(id: string): Hcn | undefined {
        return h.hcn().endpoints.find((e) => String(e.ID).toLowerCase() === id.toLowerCase());
    }

    function policiesOf(id: string): Policy[] {
        return (endpoint(id)?.Policies as Policy[] | undefined) ?? [];
    }

    /** Docker's `docker run --network l2bridge --ip <address>`: an endpoint made through HCN. */
    async function startContainer(container: (typeof runtime)[number], policies: Policy[]) {
        const network = h.hcn().networks.find((n) => n.Name === networkWithDnsAndNat.name)!;
        const opened = await h.client.open("Network", String(network.ID));
        expect(opened.hresult, String(opened.errorRecord)).to.equal(0);
        const made = await h.client.createEndpoint(
            opened.handle!,
            {
                Name: container.name,
                IpConfigurations: [{ IpAddress: container.address, PrefixLength: 24 }],
                Policies: policies,
                SchemaVersion: { Major: 2, Minor: 0 },
            },
            container.id,
        );
        expect(made.hresult, String(made.errorRecord)).to.equal(0);
        await h.client.close("Endpoint", made.handle!);
        await h.client.close("Network", opened.handle!);
    }

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver();
        await create("l2BridgeNetwork", networkWithDnsAndNat);
        await create("gatewayEndpoint", gatewayEndpoint);
        await startContainer(web, [dockerMapping, dockerAcl]);
        await startContainer(api, []);
    });

    after(async () => {
        await h?.stop();
    });

    it("PortPublish by endpointIp adds its PortMapping to the runtime's endpoint, beside Docker's own", async () => {
        const made = await create("portPublish", publish);
        expect(made.state).to.deep.equal(publish);
        expect(made.details).to.include({
            containerIp: web.address,
            endpointProblem: "",
            endpointId: web.id.toLowerCase(),
        });
        const mappings = policiesOf(web.id).filter((p) => p.Type === "PortMapping");
        expect(mappings.map((p) => p.Settings.ExternalPort).sort()).to.deep.equal([8080, 9000]);
        const record = h.records().find((r) => r.kind === "portPublish");
        expect(record).to.include({ name: `ip:${web.address}/tcp/8080`, id: web.id.toLowerCase() });
        expect((await h.driver.observe("portPublish", publish))?.state).to.deep.equal(publish);
    });

    it("EndpointAcl by HNS ID adds only rules of its own and keeps Docker's ACL rule", async () => {
        const made = await create("endpointAcl", acl);
        expect(made.state).to.deep.equal(acl);
        const ids = policiesOf(web.id)
            .filter((p) => p.Type === "ACL")
            .map((p) => p.Settings.Id)
            .sort();
        expect(ids).to.deep.equal([
            "docker-allow-all",
            "l2b:default:in",
            "l2b:default:out",
            "l2b:rule:web",
        ]);
    });

    it("a load balancer lists the runtime's endpoints by address and by ID, with no remote endpoint for them", async () => {
        const made = await create("hnsLoadBalancer", loadBalancer);
        expect(made.state.backends).to.deep.equal([web.address]);
        expect(made.state.backendEndpointIds).to.deep.equal([api.id.toLowerCase()]);
        expect(made.details.endpointProblem).to.equal("");
        const lb = h.hcn().loadBalancers.find((l) => String(l.ID) === made.id)!;
        expect(
            (lb.HostComputeEndpoints as string[]).map((id) => id.toLowerCase()).sort(),
        ).to.deep.equal([web.id.toLowerCase(), api.id.toLowerCase()].sort());
        expect(
            h.hcn().endpoints.filter((e) => String(e.Name).startsWith("l2b-remote-")),
        ).to.deep.equal([]);
    });

    it("a second PortPublish of the host port, and one of Docker's port, are refused naming who holds it", async () => {
        const second = { ...publish, endpointIp: api.address };
        expect(
            await failure({
                kind: "portPublish",
                action: "create",
                desired: second,
                observed: null,
            }),
        ).to.include(
            `hostPort: 8080 (tcp, on every host address) is already published on host ${h.driver.connection.host} by PortPublish ip:${web.address}/tcp/8080; choose another hostPort, or remove that PortPublish first`,
        );
        const onDockers = { ...second, hostPort: 9000 };
        expect(
            await failure({
                kind: "portPublish",
                action: "create",
                desired: onDockers,
                observed: null,
            }),
        ).to.include(
            `hostPort: 9000 (tcp, on every host address) is already mapped on host ${h.driver.connection.host} by HNS endpoint ${web.id.toLowerCase()} (docker-web), which another program made; choose another hostPort`,
        );
    });

    it("a second EndpointAcl on the same endpoint, by its address, is refused naming the first", async () => {
        const byAddress = { ...acl, endpointId: undefined, endpointIp: web.address };
        expect(
            await failure({
                kind: "endpointAcl",
                action: "create",
                desired: byAddress,
                observed: null,
            }),
        ).to.include(
            `endpointIp: ${web.address} already has its ACL on host ${h.driver.connection.host} (an endpoint has one EndpointAcl) from EndpointAcl id:${web.id.toLowerCase()}`,
        );
    });

    it("an address outside every network of the host is refused, listing them", async () => {
        const outside = { ...publish, endpointIp: "10.250.0.10", hostPort: 8081 };
        expect(
            await failure({
                kind: "portPublish",
                action: "create",
                desired: outside,
                observed: null,
            }),
        ).to.include(
            `endpointIp: 10.250.0.10 is outside every network of host ${h.driver.connection.host} (l2bridge 10.244.1.0/24)`,
        );
    });

    it("deleting the three removes only their policies and records; the runtime's endpoints and policies stay", async () => {
        await remove("hnsLoadBalancer", loadBalancer);
        await remove("endpointAcl", acl);
        await remove("portPublish", publish);
        expect(endpoint(web.id), "Docker's web endpoint").to.not.equal(undefined);
        expect(endpoint(api.id), "Docker's api endpoint").to.not.equal(undefined);
        expect(policiesOf(web.id)).to.deep.equal([dockerMapping, dockerAcl]);
        expect(
            h
                .records()
                .filter((r) => ["portPublish", "endpointAcl", "hnsLoadBalancer"].includes(r.kind)),
        ).to.deep.equal([]);
    });

    it("the container removed: observe reports the endpoint missing, apply refuses naming it, delete drops only the record", async () => {
        await create("portPublish", publish);
        const removed = await h.client.delete("Endpoint", web.id);
        expect(removed.hresult, String(removed.errorRecord)).to.equal(0);
        const observed = await h.driver.observe("portPublish", publish);
        expect(observed?.state.endpointIp).to.equal("");
        const expected = `endpointIp: ${web.address} has no endpoint on host ${h.driver.connection.host}: nothing answers at this address on network l2bridge (10.244.1.0/24); start the container that has this address`;
        expect(observed?.details.endpointProblem).to.include(expected);
        expect(
            await failure({ kind: "portPublish", action: "update", desired: publish, observed }),
        ).to.include(expected);
        const lbFailure = await failure({
            kind: "hnsLoadBalancer",
            action: "create",
            desired: loadBalancer,
            observed: null,
        });
        expect(lbFailure).to.include(`backends[0]: ${web.address} has no endpoint on host`);
        expect(
            h.hcn().endpoints.filter((e) => String(e.Name).startsWith("l2b-remote-")),
        ).to.deep.equal([]);
        await h.driver.apply({ kind: "portPublish", action: "delete", desired: publish, observed });
        expect(h.records().filter((r) => r.kind === "portPublish")).to.deep.equal([]);
        expect(await h.driver.observe("portPublish", publish)).to.equal(null);
    });
});
