import { expect } from "chai";
import { planLab } from "../../lab/labOptions";
import { expectedReach, matrixAxes } from "../../lab/matrix";
import { hostSubnet, labTopology } from "../../lab/topology";

describe("lab plan: names and addresses from prefix and underlay", () => {
    it("defaults to two hosts on 10.200.0.0/24 named with lbt-", () => {
        const plan = planLab();
        expect(plan.underlayNamespace).to.equal("lbt-net");
        expect(plan.switchAddress).to.equal("10.200.0.1");
        expect(plan.hosts.map((host) => [host.namespace, host.address])).to.deep.equal([
            ["lbt-host1", "10.200.0.11"],
            ["lbt-host2", "10.200.0.12"],
        ]);
    });

    it("puts a second lab on its own prefix and range (lbe-, 10.220.0.0/24)", () => {
        const plan = planLab({ prefix: "lbe-", underlay: "10.220.0.0/24", hosts: 3 });
        expect(plan.hosts[2]).to.include({
            namespace: "lbe-host3",
            address: "10.220.0.13",
            switchPort: "lbe-up3",
        });
        expect(plan.directory).to.equal("/tmp/lbe-lab");
    });

    it("addresses 50 hosts inside the /24 (.11 to .60)", () => {
        const plan = planLab({ hosts: 50 });
        expect(plan.hosts[49].address).to.equal("10.200.0.60");
        expect(new Set(plan.hosts.map((host) => host.address)).size).to.equal(50);
    });

    const rejected: [string, Parameters<typeof planLab>[0], RegExp][] = [
        ["0 hosts", { hosts: 0 }, /hosts 0 must be a whole number from 1 to 50/],
        ["51 hosts", { hosts: 51 }, /hosts 51/],
        ["a prefix without the dash", { prefix: "lbt" }, /prefix "lbt" must be/],
        ["an upper-case prefix", { prefix: "LBT-" }, /prefix "LBT-"/],
        ["a /16 underlay", { underlay: "10.200.0.0/16" }, /canonical \/24/],
        ["an underlay with host bits", { underlay: "10.200.0.5/24" }, /canonical \/24/],
    ];
    for (const [label, options, message] of rejected) {
        it(`rejects ${label}, naming the option`, () => {
            expect(() => planLab(options)).to.throw(message);
        });
    }
});

describe("lab topology", () => {
    const plan = planLab({ hosts: 3, vxlanId: 42 });
    const topology = labTopology(plan);

    it("gives host i the i-th /24 of the container supernet", () => {
        expect(topology.hosts.map((host) => host.subnet)).to.deep.equal([
            "10.201.1.0/24",
            "10.201.2.0/24",
            "10.201.3.0/24",
        ]);
        expect(() => hostSubnet("10.201.0.0/24", 1)).to.throw(/must be a \/16/);
    });

    it("routes every host to every other host's subnet via that host's address", () => {
        const containerRoute = topology.hosts[0].objects.find(
            (object) => object.kind === "containerRoute",
        )!;
        expect((containerRoute.spec as { routes: unknown[] }).routes).to.deep.equal([
            { destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" },
            { destinationPrefix: "10.201.3.0/24", nextHop: "10.200.0.13" },
        ]);
    });

    it("exempts the container supernet and the overlay from NAT, but not the underlay", () => {
        const network = topology.hosts[0].objects[0].spec as {
            outboundNat: { exceptions: string[] };
        };
        expect(network.outboundNat.exceptions).to.deep.equal(["10.201.0.0/16", "10.202.0.0/24"]);
    });

    it("balances over two backends on host 1 and one on host 2", () => {
        expect(topology.loadBalancer.backends).to.deep.equal([
            "10.201.1.11",
            "10.201.1.12",
            "10.201.2.11",
        ]);
    });

    it("gives every two-NIC container an overlay address", () => {
        expect(topology.hosts.map((host) => host.containers[2].overlayAddress)).to.deep.equal([
            "10.202.0.101",
            "10.202.0.102",
            "10.202.0.103",
        ]);
    });
});

describe("connectivity matrix expectations", () => {
    const plan = planLab();
    const topology = labTopology(plan);
    const { sources, targets } = matrixAxes(plan, topology);
    const source = (label: string) => sources.find((entry) => entry.label === label)!;
    const target = (label: string) => targets.find((entry) => entry.label === label)!;
    const rows: [string, string, boolean][] = [
        ["outside", "c1a", false],
        ["outside", "publish", true],
        ["outside", "vip", true],
        ["c2a", "c2b", true],
        ["c1a", "c2b", false],
        ["host2", "c2b", false],
        ["c2b", "c2b", true],
        ["c1a", "c2a", true],
        ["host1", "outside", true],
    ];
    for (const [from, to, reachable] of rows) {
        it(`${from} → ${to} is ${reachable ? "expected to connect" : "expected to be blocked"}`, () => {
            expect(expectedReach(source(from), target(to), topology)).to.equal(reachable);
        });
    }
});
