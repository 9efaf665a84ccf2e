import { expect } from "chai";
/**
 * The resource providers (check, create, read, diff, update, delete) on the Windows driver running
 * the real scripts in PowerShell 7 on an emulated host.
 */
import { setDriverFactory } from "../../provider/drivers/registry";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    emulatedConnection,
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { addContainerNamespaces } from "../support/containerNamespaces";

type Bag = Record<string, unknown>;
interface Provider {
    check(olds: Bag, news: Bag): Promise<{ inputs: Bag; failures: unknown[] }>;
    create(inputs: Bag): Promise<{ id: string; outs: Bag }>;
    read(id: string, props: Bag): Promise<{ id?: string; props?: Bag; inputs?: Bag }>;
    update(id: string, olds: Bag, news: Bag): Promise<{ outs?: Bag }>;
    delete(id: string, props: Bag): Promise<void>;
    diff(id: string, olds: Bag, news: Bag): Promise<{ replaces?: string[]; changes?: boolean }>;
}

function provider(module: string): Provider {
    return (require(`../../provider/resources/${module}`) as { provider: Provider }).provider;
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
            routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: "10.200.0.5" }],
            interface: "Ethernet",
        },
    },
];

describe("the resource providers on the Windows driver in real PowerShell: check → create → read → update → replace → delete", function () {
    this.timeout(600_000);
    let restore: (() => void) | undefined;
    let h: EmulatedWindowsDriver;
    const created = new Map<string, { id: string; outs: Bag; inputs: Bag }>();
    const connection = () => emulatedConnection;
    const objects = () => {
        const state = h.hcn();
        return JSON.stringify([state.networks, state.endpoints, state.loadBalancers]);
    };

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver();
        await addContainerNamespaces(h, [
            {
                id: "C0FFEE00-1111-4222-8333-444455556666",
                container: "5f0c7b3e9a1d4c2b8e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
            },
        ]);
        restore = setDriverFactory(() => h.driver);
    });
    after(async () => {
        restore?.();
        await h?.stop();
    });

    for (const { module, inputs } of userInputs) {
        it(`${module}: check passes, create succeeds, and a read right after shows no drift`, async () => {
            const route = module === "containerRoute";
            const given = route
                ? {
                      ...inputs,
                      routes: [
                          {
                              destinationPrefix: "10.244.2.0/24",
                              nextHop: `10.200.${h.host.subnet}.5`,
                          },
                      ],
                  }
                : inputs;
            const checked = await provider(module).check(
                {},
                { connection: connection(), ...given },
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

    it("a second create of every resource (a re-run) only observes: HNS is unchanged", async () => {
        const before = objects();
        const calls = h.hcnCalls.length;
        for (const { module } of userInputs) {
            await provider(module).create(created.get(module)!.inputs);
        }
        expect(objects()).to.equal(before);
        const changes = h.hcnCalls.slice(calls).filter((c) => /^Hcn(Create|Modify|Delete)/.test(c));
        expect(changes).to.deep.equal([]);
    });

    it("update of the network's DNS through the provider changes it in HNS in place", async () => {
        const network = created.get("l2BridgeNetwork")!;
        const news = {
            ...network.inputs,
            dns: { servers: ["10.127.130.11"], suffix: "corp.example" },
        };
        const checked = await provider("l2BridgeNetwork").check(network.inputs, news);
        const diff = await provider("l2BridgeNetwork").diff(
            network.id,
            network.outs,
            checked.inputs,
        );
        expect(diff.replaces ?? []).to.deep.equal([]);
        const updated = await provider("l2BridgeNetwork").update(
            network.id,
            network.outs,
            checked.inputs,
        );
        const stored = h.hcn().networks.find((n) => n.Name === "l2bridge")!;
        expect(stored.Dns).to.deep.include({
            Domain: "corp.example",
            ServerList: ["10.127.130.11"],
        });
        expect(stored.ID).to.equal(network.id);
        created.set("l2BridgeNetwork", {
            ...network,
            outs: updated.outs ?? network.outs,
            inputs: checked.inputs,
        });
    });

    it("a new container address is a replace: the provider says so, and delete + create gives a new HNS endpoint", async () => {
        const endpoint = created.get("containerEndpoint")!;
        const news = { ...endpoint.inputs, ipAddress: "10.244.1.30" };
        const checked = await provider("containerEndpoint").check(endpoint.inputs, news);
        const diff = await provider("containerEndpoint").diff(
            endpoint.id,
            endpoint.outs,
            checked.inputs,
        );
        expect(diff.replaces).to.include("ipAddress");
        const dependents = ["endpointAcl", "portPublish"];
        for (const module of dependents) {
            const { id, outs } = created.get(module)!;
            await provider(module).delete(id, outs);
        }
        await provider("containerEndpoint").delete(endpoint.id, endpoint.outs);
        const replaced = await provider("containerEndpoint").create(checked.inputs);
        expect(replaced.id).to.not.equal(endpoint.id);
        const addresses = h
            .hcn()
            .endpoints.filter((e) => e.Name === "web-eth0")
            .map((e) => (e.IpConfigurations as { IpAddress: string }[])[0].IpAddress);
        expect(addresses).to.deep.equal(["10.244.1.30"]);
        created.set("containerEndpoint", { ...replaced, inputs: checked.inputs });
        for (const module of dependents) {
            const { inputs } = created.get(module)!;
            created.set(module, { ...(await provider(module).create(inputs)), inputs });
        }
    });

    for (const { module } of [...userInputs].reverse()) {
        it(`${module}: delete removes it and a read finds it gone`, async () => {
            const { id, outs } = created.get(module)!;
            await provider(module).delete(id, outs);
            const read = await provider(module).read(id, outs);
            expect(read.id ?? "").to.equal("");
        });
    }

    it("nothing of the package is left on the host", async () => {
        const state = h.hcn();
        expect(state.networks).to.deep.equal([]);
        expect(state.endpoints).to.deep.equal([]);
        expect(state.loadBalancers).to.deep.equal([]);
        expect(
            (await h.ipJson(["route", "show"])).filter((r) => String(r.dst).startsWith("10.244.")),
        ).to.deep.equal([]);
        expect(h.records()).to.deep.equal([]);
    });
});
