import { expect } from "chai";
import { observeNetworkIn } from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import { observeContainerEndpointIn } from "../../../provider/drivers/windows/kinds/containerEndpoint";
import { observeGatewayEndpointIn } from "../../../provider/drivers/windows/kinds/gatewayEndpoint";
import { observeEndpointAclIn } from "../../../provider/drivers/windows/kinds/endpointAcl";
import { observePortPublishIn } from "../../../provider/drivers/windows/kinds/portPublish";
import { observeLoadBalancerIn } from "../../../provider/drivers/windows/kinds/hnsLoadBalancer";
import { observeContainerRouteIn } from "../../../provider/drivers/windows/kinds/containerRoute";
import type { RawHcn } from "../../../provider/drivers/windows/hostViews";
import { parseScriptResult } from "../../../provider/drivers/windows/hostViews";
import { buildNetworkDocument } from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import { buildContainerEndpointDocument } from "../../../provider/drivers/windows/kinds/containerEndpoint";
import { buildGatewayEndpointDocument } from "../../../provider/drivers/windows/kinds/gatewayEndpoint";
import { buildLoadBalancerDocument } from "../../../provider/drivers/windows/kinds/hnsLoadBalancer";
import { aclPolicies } from "../../../provider/drivers/windows/kinds/endpointAcl";
import { portMappingPolicy } from "../../../provider/drivers/windows/kinds/portPublish";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    multiNicBack,
    networkOnVlan,
    networkWithDnsAndNat,
    publish8080,
    routesToPeers,
    webContainer,
} from "./articleScenarios";
import { endpointView, fixture, loadBalancerView, networkView, routeView } from "./fixtureViews";

/** True when every field of `part` is present with the same value in `whole` (arrays: same length). */
function containedIn(part: unknown, whole: unknown): boolean {
    if (Array.isArray(part)) {
        return (
            Array.isArray(whole) &&
            part.length === whole.length &&
            part.every((p, i) => containedIn(p, whole[i]))
        );
    }
    if (typeof part === "object" && part !== null) {
        return (
            typeof whole === "object" &&
            whole !== null &&
            Object.entries(part).every(([k, v]) =>
                containedIn(v, (whole as Record<string, unknown>)[k]),
            )
        );
    }
    return part === whole;
}

describe("parsers round-trip the HCN fixtures: builder output is in the fixture, the fixture parses back to the spec", () => {
    const web = () => endpointView(["hns-endpoint-web.json"], "hns-network-l2bridge.json");
    const inherited = {
        dns: networkWithDnsAndNat.dns,
        outboundNat: networkWithDnsAndNat.outboundNat,
    };
    const cases: {
        proves: string;
        built?: unknown;
        fixture?: unknown;
        parsed: () => unknown;
        spec: unknown;
        owned: boolean;
    }[] = [
        {
            proves: "l2bridge network with DNS (upper-case GUID matched case-insensitively to the record)",
            built: buildNetworkDocument(networkWithDnsAndNat, undefined),
            fixture: fixture("hns-network-l2bridge.json"),
            parsed: () => observeNetworkIn(networkView(), networkWithDnsAndNat),
            spec: networkWithDnsAndNat,
            owned: true,
        },
        {
            proves: "network on VLAN 42 (subnet policy) with NAT off",
            built: buildNetworkDocument(networkOnVlan, undefined),
            fixture: fixture("hns-network-vlan.json"),
            parsed: () => observeNetworkIn(networkView(), networkOnVlan),
            spec: networkOnVlan,
            owned: true,
        },
        {
            proves: "the .2 gateway endpoint with forwarding and the static neighbor",
            built: buildGatewayEndpointDocument(gatewayEndpoint),
            fixture: fixture("hns-endpoint-gateway.json"),
            parsed: () =>
                observeGatewayEndpointIn(
                    endpointView(["hns-endpoint-gateway.json"], "hns-network-l2bridge.json", true),
                    gatewayEndpoint,
                ),
            spec: gatewayEndpoint,
            owned: true,
        },
        {
            proves: "a container endpoint inheriting DNS and NAT, attached through its container's namespace",
            built: {
                ...buildContainerEndpointDocument(webContainer, inherited),
                Policies: undefined,
            },
            fixture: { ...fixture<RawHcn>("hns-endpoint-web.json"), Policies: undefined },
            parsed: () => observeContainerEndpointIn(web(), webContainer),
            spec: webContainer,
            owned: true,
        },
        {
            proves: "the multi-NIC back end: no default route, own DNS, NAT off, namespace given by GUID",
            built: buildContainerEndpointDocument(multiNicBack, inherited),
            fixture: { ...fixture<RawHcn>("hns-endpoint-app-back.json"), Routes: [], Policies: [] },
            parsed: () =>
                observeContainerEndpointIn(
                    endpointView(["hns-endpoint-app-back.json"], "hns-network-vlan.json"),
                    multiNicBack,
                ),
            spec: multiNicBack,
            owned: true,
        },
        {
            proves: "port 80 published on 8080",
            built: [portMappingPolicy(publish8080)],
            fixture: (fixture("hns-endpoint-web.json").Policies as unknown[]).slice(1, 2),
            parsed: () => observePortPublishIn(web(), publish8080),
            spec: publish8080,
            owned: true,
        },
        {
            proves: "the ACL allowing TCP 80 from one address, blocking the rest",
            built: aclPolicies(aclAllow80FromOne),
            fixture: (fixture("hns-endpoint-web.json").Policies as unknown[]).slice(2, 5),
            parsed: () => observeEndpointAclIn(web(), aclAllow80FromOne),
            spec: aclAllow80FromOne,
            owned: true,
        },
        {
            proves: "the load balancer on 8090 (backends read back as addresses)",
            built: buildLoadBalancerDocument(loadBalancer8090, undefined),
            fixture: fixture("hns-loadbalancer-8090.json"),
            parsed: () => observeLoadBalancerIn(loadBalancerView(), loadBalancer8090),
            spec: loadBalancer8090,
            owned: true,
        },
        {
            proves: "routes to peers in both stores; a foreign route to another prefix is ignored",
            parsed: () => observeContainerRouteIn(routeView(), routesToPeers),
            spec: routesToPeers,
            owned: true,
        },
    ];
    for (const c of cases) {
        if (c.built !== undefined) {
            it(`${c.proves}: builder output is contained in the fixture`, () => {
                expect(containedIn(JSON.parse(JSON.stringify(c.built)), c.fixture)).to.equal(true);
            });
        }
        it(`${c.proves}: the fixture parses back to the spec`, () => {
            const observation = c.parsed() as { state: unknown; owned: boolean };
            expect(observation.state).to.deep.equal(c.spec);
            expect(observation.owned).to.equal(c.owned);
        });
    }
});

describe("parsers report what is not ours or not there", () => {
    it("Docker's nat network (no Type field: NAT) is reported with its real mode and not owned", () => {
        const observed = observeNetworkIn(networkView(), { ...networkWithDnsAndNat, name: "nat" });
        expect(observed!.owned).to.equal(false);
        expect(observed!.state.mode).to.equal("nat");
        expect(observed!.details.networkType).to.equal("NAT");
    });
    it("a network that does not exist is null", () => {
        expect(
            observeNetworkIn(networkView(), { ...networkWithDnsAndNat, name: "absent" }),
        ).to.equal(null);
    });
    it("the kube-proxy load balancer is not mistaken for ours", () => {
        const observed = observeLoadBalancerIn(loadBalancerView(), loadBalancer8090);
        expect(observed!.id).to.equal("E1D2C3B4-A5F6-4E7D-8C9B-0A1F2E3D4C5B");
    });
    it("an endpoint without our ACL ids has no endpoint ACL", () => {
        expect(
            observeEndpointAclIn(endpointView(["hns-endpoint-web2.json"], null), {
                ...aclAllow80FromOne,
                endpoint: "web2-eth0",
            }),
        ).to.equal(null);
    });
    it("a gateway endpoint without its host vNIC reads as not forwarding", () => {
        const observed = observeGatewayEndpointIn(
            endpointView(["hns-endpoint-gateway.json"], "hns-network-l2bridge.json"),
            gatewayEndpoint,
        );
        expect(observed!.state.forwarding).to.equal(false);
        expect(observed!.details.hostAttached).to.equal(false);
    });
});

describe("script results are decoded whether the session returns JSON text or the document", () => {
    const cases: { proves: string; output: string; expected?: unknown; error?: RegExp }[] = [
        {
            proves: "a JSON string holding the document (the scripts return JSON text)",
            output: JSON.stringify(JSON.stringify({ a: 1 })),
            expected: { a: 1 },
        },
        { proves: "the document itself", output: JSON.stringify({ a: [1] }), expected: { a: [1] } },
        {
            proves: "a scalar is refused with the text it got",
            output: "42",
            error: /returned "42", expected a JSON object/,
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            if (c.error) {
                expect(() => parseScriptResult(c.output)).to.throw(c.error);
            } else {
                expect(parseScriptResult(c.output)).to.deep.equal(c.expected);
            }
        });
    }
});
