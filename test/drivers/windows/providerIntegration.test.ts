import { expect } from "chai";
import { setDriverFactory } from "../../../provider/drivers/registry";
import { WindowsDriver } from "../../../provider/drivers/windows/windowsDriver";
import { FakeWindowsHost, FakeWindowsSession } from "../../support/fakeWindowsSession";
import { addScenarioNamespaces, SteppingClock, windowsConnection } from "./driverHarness";

type Bag = Record<string, unknown>;
interface Provider {
    check(olds: Bag, news: Bag): Promise<{ inputs: Bag; failures: unknown[] }>;
    create(inputs: Bag): Promise<{ id: string; outs: Bag }>;
    read(id: string, props: Bag): Promise<{ id?: string; props?: Bag; inputs?: Bag }>;
    update(id: string, olds: Bag, news: Bag): Promise<{ outs?: Bag }>;
    delete(id: string, props: Bag): Promise<void>;
}

function provider(module: string): Provider {
    return (require(`../../../provider/resources/${module}`) as { provider: Provider }).provider;
}

/** The inputs a user writes for each resource, smallest form (defaults left to check). */
const userInputs: { module: string; inputs: Bag }[] = [
    {
        module: "l2BridgeNetwork",
        inputs: {
            name: "l2bridge",
            subnet: "10.244.1.0/24",
            adapter: "Ethernet",
            dns: { servers: ["10.127.130.10"], suffix: "corp.example" },
            outboundNat: { exceptions: ["10.244.0.0/16", "10.127.130.0/24"] },
        },
    },
    {
        module: "gatewayEndpoint",
        inputs: {
            network: "l2bridge",
            subnet: "10.244.1.0/24",
            gatewayNeighborMac: "00-01-e8-8b-2e-4b",
        },
    },
    {
        module: "containerEndpoint",
        inputs: {
            network: "l2bridge",
            subnet: "10.244.1.0/24",
            container: "5f0c7b3e9a1d4c2b8e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            name: "web-eth0",
            ipAddress: "10.244.1.3",
        },
    },
    { module: "portPublish", inputs: { endpoint: "web-eth0", hostPort: 8080, containerPort: 80 } },
    {
        module: "endpointAcl",
        inputs: {
            endpoint: "web-eth0",
            rules: [
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    remoteAddresses: ["10.127.130.5"],
                    localPorts: ["80"],
                },
            ],
        },
    },
    {
        module: "hnsLoadBalancer",
        inputs: {
            name: "web-lb",
            network: "l2bridge",
            frontendVip: "10.127.130.4",
            frontendPort: 8090,
            backendPort: 80,
            backends: ["10.244.1.3"],
        },
    },
    {
        module: "containerRoute",
        inputs: {
            routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: "10.127.130.5" }],
            interface: "vEthernet (Ethernet)",
        },
    },
];

describe("the resource providers on the Windows driver (host double): check → create → read → update → delete", () => {
    let restore: () => void;
    let host: FakeWindowsHost;
    let session: FakeWindowsSession;
    const created = new Map<string, { id: string; outs: Bag; inputs: Bag }>();

    before(() => {
        host = new FakeWindowsHost();
        addScenarioNamespaces(host);
        session = new FakeWindowsSession(host);
        session.afterInvoke = (name, params) => {
            if (name === "startNetworkCreate") {
                host.runDetached(params.operationId);
            }
        };
        restore = setDriverFactory(
            (connection) => new WindowsDriver(session, connection, { clock: new SteppingClock() }),
        );
    });
    after(() => restore());

    for (const { module, inputs } of userInputs) {
        it(`${module}: check passes, create succeeds, and a read right after shows no drift`, async () => {
            const checked = await provider(module).check(
                {},
                { connection: windowsConnection, ...inputs },
            );
            expect(checked.failures).to.deep.equal([]);
            const result = await provider(module).create(checked.inputs);
            expect(result.id).to.be.a("string").and.not.equal("");
            created.set(module, { ...result, inputs: checked.inputs });
            const read = await provider(module).read(result.id, result.outs);
            for (const [key, value] of Object.entries(checked.inputs)) {
                expect(read.inputs![key], `${module}.${key}`).to.deep.equal(value);
            }
        });
    }

    it("a second create of every resource (a re-run) only observes: the provider sees no difference", async () => {
        const before = JSON.stringify([
            host.networks,
            host.endpoints,
            host.loadBalancers,
            host.routes,
        ]);
        const firstCall = session.calls.length;
        for (const { module } of userInputs) {
            await provider(module).create(created.get(module)!.inputs);
        }
        expect(
            JSON.stringify([host.networks, host.endpoints, host.loadBalancers, host.routes]),
        ).to.equal(before);
        const sent = new Set(session.calls.slice(firstCall).map((c) => c.name));
        expect([...sent].filter((name) => !name.startsWith("observe"))).to.deep.equal([]);
    });

    it("update of the network's DNS through the provider changes it on the host in place", async () => {
        const network = created.get("l2BridgeNetwork")!;
        const news = {
            ...network.inputs,
            dns: { servers: ["10.127.130.11"], suffix: "corp.example" },
        };
        const checked = await provider("l2BridgeNetwork").check(network.inputs, news);
        await provider("l2BridgeNetwork").update(network.id, network.outs, checked.inputs);
        expect(host.networks[0].Dns).to.deep.equal({
            Domain: "corp.example",
            ServerList: ["10.127.130.11"],
        });
        expect(host.networks[0].ID).to.equal(network.id);
    });

    for (const { module } of [...userInputs].reverse()) {
        it(`${module}: delete removes it and a read finds it gone`, async () => {
            const { id, outs } = created.get(module)!;
            await provider(module).delete(id, outs);
            const read = await provider(module).read(id, outs);
            expect(read.id ?? "").to.equal("");
        });
    }

    it("nothing of the package is left on the host", () => {
        expect(host.networks).to.deep.equal([]);
        expect(host.endpoints).to.deep.equal([]);
        expect(host.loadBalancers).to.deep.equal([]);
        expect(host.routes).to.deep.equal([]);
        expect(host.records).to.deep.equal([]);
    });
});
