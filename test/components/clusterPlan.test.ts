import { expect } from "chai";
import { planCluster } from "../../components/clusterPlan";
import { renderTopologyDiagram } from "../../components/topologyDiagram";
import { windowsHosts } from "../../tools/pulumi-mocks/hostFixtures";

describe("cluster plan", () => {
    const hosts = windowsHosts(3);
    const plan = planCluster({ hosts, hostSubnet: "10.0.0.0/16" });

    it("plans each host's .1 nominal gateway and .2 gateway endpoint", () => {
        expect(
            plan.hosts.map((host) => [host.name, host.gateway, host.gatewayEndpointIp]),
        ).to.deep.equal([
            ["win1", "10.244.0.1", "10.244.0.2"],
            ["win2", "10.244.1.1", "10.244.1.2"],
            ["win3", "10.244.2.1", "10.244.2.2"],
        ]);
    });

    it("routes each host to every other host's subnet via that host's IP, in host order", () => {
        expect(plan.hosts[1].routes).to.deep.equal([
            { destinationPrefix: "10.244.0.0/24", nextHop: "10.0.0.4", peer: "win1" },
            { destinationPrefix: "10.244.2.0/24", nextHop: "10.0.0.6", peer: "win3" },
        ]);
    });

    it("derives NAT exceptions: every container subnet, then the host subnet", () => {
        expect(plan.natExceptions).to.deep.equal([
            "10.244.0.0/24",
            "10.244.1.0/24",
            "10.244.2.0/24",
            "10.0.0.0/16",
        ]);
    });

    it("appends extra NAT exceptions once, skipping those already derived", () => {
        const withExtras = planCluster({
            hosts,
            hostSubnet: "10.0.0.0/16",
            natExceptions: ["10.244.1.0/24", "172.16.0.0/12", "172.16.0.0/12"],
        });
        expect(withExtras.natExceptions.slice(3)).to.deep.equal(["10.0.0.0/16", "172.16.0.0/12"]);
    });

    it("names the network l2bridge unless told otherwise", () => {
        expect(plan.networkName).to.equal("l2bridge");
        expect(
            planCluster({ hosts, hostSubnet: "10.0.0.0/16", networkName: "cbr0" }).networkName,
        ).to.equal("cbr0");
    });

    it("has no warnings when only the cluster's own ranges are exempt", () => {
        expect(plan.warnings).to.deep.equal([]);
    });

    it("draws the topology as a Mermaid flowchart: one node per host, one edge per route", () => {
        const two = planCluster({ hosts: windowsHosts(2), hostSubnet: "10.0.0.0/16" });
        expect(renderTopologyDiagram(two).split("\n")).to.deep.equal([
            "flowchart LR",
            '    subgraph hostSubnet["hosts 10.0.0.0/16 · network l2bridge"]',
            '        h0["win1 · windows<br/>host 10.0.0.4<br/>containers 10.244.0.0/24<br/>gateway 10.244.0.2"]',
            '        h1["win2 · windows<br/>host 10.0.0.5<br/>containers 10.244.1.0/24<br/>gateway 10.244.1.2"]',
            "    end",
            '    h0 -->|"10.244.1.0/24 via 10.0.0.5"| h1',
            '    h1 -->|"10.244.0.0/24 via 10.0.0.4"| h0',
        ]);
    });

    it("draws N×(N−1) edges for N hosts", () => {
        const twenty = planCluster({ hosts: windowsHosts(20), hostSubnet: "10.0.0.0/16" });
        const edges = renderTopologyDiagram(twenty)
            .split("\n")
            .filter((line) => line.includes("-->"));
        expect(edges).to.have.length(20 * 19);
    });
});
