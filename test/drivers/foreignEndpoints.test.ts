/**
 * The messages a policy resource gives when the endpoint it names is not usable: the field, the
 * value, the host and the fix, the same on Linux and Windows.
 */
import { expect } from "chai";
import type { EndpointFinding } from "../../provider/drivers/foreignEndpoints";
import { backendProblem, policyEndpointProblem } from "../../provider/drivers/foreignEndpoints";

const owner = { className: "PortPublish", host: "10.0.0.11" };
const cbr0 = { name: "cbr0", subnet: "10.244.1.0/24" };
const found: EndpointFinding = {
    status: "found",
    address: "10.244.1.10",
    network: "cbr0",
    subnet: "10.244.1.0/24",
    id: "veth1",
};

describe("messages about endpoints another program made", () => {
    const policyRows: [string, string, string, EndpointFinding, string | undefined][] = [
        ["a found endpoint is no problem", "endpointIp", "10.244.1.10", found, undefined],
        [
            "an address outside every network lists the host's networks",
            "endpointIp",
            "10.9.9.9",
            { status: "outside" },
            "endpointIp: 10.9.9.9 is outside every network of host 10.0.0.11 (cbr0 10.244.1.0/24); use the address of a container on one of them, or remove this PortPublish",
        ],
        [
            "an address in a network nothing answers for says start the container or remove the resource",
            "endpointIp",
            "10.244.1.10",
            { status: "missing", network: cbr0 },
            "endpointIp: 10.244.1.10 has no endpoint on host 10.0.0.11: nothing answers at this address on network cbr0 (10.244.1.0/24); start the container that has this address (its policies are added to its endpoint; no endpoint is ever created), or remove this PortPublish",
        ],
        [
            "an HNS ID HNS does not know",
            "endpointId",
            "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
            { status: "missing" },
            "endpointId: 6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f names no endpoint on host 10.0.0.11 (HNS has no endpoint with this ID); start the container whose endpoint this is (its policies are added to it; no endpoint is ever created), or remove this PortPublish",
        ],
        [
            "an address that is not a container's says what it is",
            "endpointIp",
            "10.244.1.2",
            { status: "notEndpoint", why: "is an address of the host itself" },
            "endpointIp: 10.244.1.2 is an address of the host itself on host 10.0.0.11, not a container endpoint; use a container's address",
        ],
    ];
    for (const [title, field, value, finding, expected] of policyRows) {
        it(`policy: ${title}`, () => {
            expect(policyEndpointProblem(owner, field, value, finding, [cbr0])).to.equal(expected);
        });
    }

    it("policy: a host without networks says so", () => {
        expect(
            policyEndpointProblem(owner, "endpointIp", "10.9.9.9", { status: "outside" }, []),
        ).to.include("(it has no L2BridgeNetwork)");
    });

    const lb = { className: "HnsLoadBalancer", host: "10.0.0.11" };
    const backendRows: [string, string, EndpointFinding, string | undefined][] = [
        ["a backend on this host is usable", "backends[0]", found, undefined],
        [
            "a backend outside this host's networks is on another host",
            "backends[0]",
            { status: "outside" },
            undefined,
        ],
        [
            "a backend in this host's network that nothing answers for",
            "backends[1]",
            { status: "missing", network: cbr0 },
            "backends[1]: 10.244.1.10 has no endpoint on host 10.0.0.11: nothing answers at this address on network cbr0 (10.244.1.0/24), which is this host's; start the container that has this address, or remove it from backends",
        ],
        [
            "a backend ID HNS does not know",
            "backendEndpointIds[0]",
            { status: "missing" },
            "backendEndpointIds[0]: 10.244.1.10 names no endpoint on host 10.0.0.11 (HNS has no endpoint with this ID); start the container whose endpoint this is, or remove it from backendEndpointIds",
        ],
    ];
    for (const [title, field, finding, expected] of backendRows) {
        it(`backend: ${title}`, () => {
            expect(backendProblem(lb, field, "10.244.1.10", finding)).to.equal(expected);
        });
    }
});
