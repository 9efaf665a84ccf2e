/** The golden HCN documents of the article's scenarios, built from the scenario specs. */
import { buildNetworkDocument } from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import { networkNat } from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import { buildContainerEndpointDocument } from "../../../provider/drivers/windows/kinds/containerEndpoint";
import { buildGatewayEndpointDocument } from "../../../provider/drivers/windows/kinds/gatewayEndpoint";
import { aclPolicies } from "../../../provider/drivers/windows/kinds/endpointAcl";
import { portMappingPolicy } from "../../../provider/drivers/windows/kinds/portPublish";
import { buildLoadBalancerDocument } from "../../../provider/drivers/windows/kinds/hnsLoadBalancer";
import { buildRemoteBackendDocument } from "../../../provider/drivers/windows/loadBalancerBackends";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    multiNicBack,
    multiNicFront,
    networkWithDnsAndNat,
    publish8080,
    webContainer,
} from "./articleScenarios";

const inherited = {
    dns: networkWithDnsAndNat.dns,
    outboundNat: networkWithDnsAndNat.outboundNat,
    managementIp: "10.127.130.4",
};

/** File name (under test/fixtures/windows/golden) → the document the builders produce. */
export const goldenDocuments: Record<string, () => unknown> = {
    "network-dns-nat.json": () => buildNetworkDocument(networkWithDnsAndNat, undefined),
    "network-nat-record.json": () => ({ outboundNat: networkNat(networkWithDnsAndNat) }),
    "endpoint-inheriting-nat.json": () => buildContainerEndpointDocument(webContainer, inherited),
    "gateway-endpoint.json": () => buildGatewayEndpointDocument(gatewayEndpoint),
    "port-80-on-8080.json": () => [portMappingPolicy(publish8080)],
    "load-balancer-8090.json": () => buildLoadBalancerDocument(loadBalancer8090, undefined),
    "remote-backend-endpoint.json": () =>
        buildRemoteBackendDocument("10.244.2.7", 24, "5a1e9d3c-7b2f-4c8e-9d01-2f3a4b5c6d7e"),
    "acl-allow-80-from-one.json": () => aclPolicies(aclAllow80FromOne),
    "multi-nic-container.json": () => [
        buildContainerEndpointDocument(multiNicFront, inherited),
        buildContainerEndpointDocument(multiNicBack, { ...inherited, managementIp: undefined }),
    ],
};
