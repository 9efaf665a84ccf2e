import { expect } from "chai";
import { planAzureRoutes } from "../../components/azureRoutePlan";
import { planCluster } from "../../components/clusterPlan";
import { validateLoadBalancerVips } from "../../components/loadBalancerVips";
import { windowsHosts } from "../../tools/pulumi-mocks/hostFixtures";

/** Three hosts win1..win3 (10.0.0.4-6, 10.244.0-2.0/24); win1 serves the VIP 10.0.100.10. */
function hostsWithVip(vips: unknown[] = ["10.0.100.10"]) {
    const hosts = windowsHosts(3);
    hosts[0] = { ...hosts[0], loadBalancerVips: vips as string[] };
    return hosts;
}

describe("load balancer VIPs reach containers on every host", () => {
    const plan = planCluster({ hosts: hostsWithVip(), hostSubnet: "10.0.0.0/16" });

    it("every other host routes the VIP's /32 to the host that serves it", () => {
        for (const host of plan.hosts.slice(1)) {
            expect(host.routes).to.deep.include({
                destinationPrefix: "10.0.100.10/32",
                nextHop: "10.0.0.4",
                peer: "win1",
            });
        }
    });
    it("the serving host gets no route to its own VIP", () => {
        expect(plan.hosts[0].routes.map((r) => r.destinationPrefix)).to.not.include(
            "10.0.100.10/32",
        );
    });
    it("the VIP joins the NAT exceptions, so containers reach it with their own address", () => {
        expect(plan.natExceptions).to.include("10.0.100.10/32");
        expect(plan.warnings).to.deep.equal([]);
    });
    it("Azure routes the VIP's /32 to the serving host, after its container subnet", () => {
        expect(planAzureRoutes(hostsWithVip()).slice(0, 2)).to.deep.equal([
            {
                name: "win1-10-244-0-0-24",
                addressPrefix: "10.244.0.0/24",
                nextHopType: "VirtualAppliance",
                nextHopIpAddress: "10.0.0.4",
            },
            {
                name: "win1-vip-10-0-100-10",
                addressPrefix: "10.0.100.10/32",
                nextHopType: "VirtualAppliance",
                nextHopIpAddress: "10.0.0.4",
            },
        ]);
    });

    const bad: [string, () => ReturnType<typeof windowsHosts>, string[]][] = [
        [
            "a VIP that is not an address",
            () => hostsWithVip(["10.0.100"]),
            [
                "hosts[0] (win1).loadBalancerVips[0]: 10.0.100 is not an IPv4 address; use dotted-quad form such as 10.244.3.10",
            ],
        ],
        [
            "a VIP inside a container subnet",
            () => hostsWithVip(["10.244.1.7"]),
            [
                'hosts[0] (win1).loadBalancerVips[0]: 10.244.1.7 lies in the container subnet 10.244.1.0/24 of host "win2", which is routed already; pick a VIP outside every container subnet',
            ],
        ],
        [
            "a VIP that is a host address",
            () => hostsWithVip(["10.0.0.5"]),
            [
                'hosts[0] (win1).loadBalancerVips[0]: 10.0.0.5 is the address of host "win2", which every host reaches already; leave it out of loadBalancerVips',
            ],
        ],
        [
            "one VIP served by two hosts",
            () => {
                const hosts = hostsWithVip();
                hosts[2] = { ...hosts[2], loadBalancerVips: ["10.0.100.10"] };
                return hosts;
            },
            [
                'hosts[2] (win3).loadBalancerVips[0]: 10.0.100.10 is also served by host "win1"; one host serves each VIP',
            ],
        ],
    ];
    for (const [what, hosts, expected] of bad) {
        it(`refuses ${what}, naming the host, the value and the fix`, () => {
            expect(validateLoadBalancerVips(hosts())).to.deep.equal(expected);
        });
    }
});
