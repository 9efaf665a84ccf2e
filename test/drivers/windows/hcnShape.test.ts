import { expect } from "chai";
import {
    HcnShapeError,
    normalizeHcnObject,
    normalizeHcnView,
} from "../../../provider/drivers/windows/hcnShape";
import { observeLoadBalancerIn } from "../../../provider/drivers/windows/kinds/hnsLoadBalancer";
import { networkSubnetOf, dnsOf } from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import type { LoadBalancerView } from "../../../provider/drivers/windows/hostViews";

describe("HCN objects are read whatever the casing of their keys", () => {
    const cases: [string, string, unknown, (o: Record<string, unknown>) => unknown, unknown][] = [
        [
            "Microsoft's `DNS` spelling reads as the network's DNS servers",
            "network",
            { ID: "n1", Name: "l2", DNS: { ServerList: ["10.0.0.10"], Domain: "corp" } },
            (o) => dnsOf(o),
            { servers: ["10.0.0.10"], search: [], suffix: "corp" },
        ],
        [
            "`IPConfigurations` and `IPAddress` read as the endpoint's address",
            "endpoint",
            { ID: "e1", IPConfigurations: [{ IPAddress: "10.244.1.3", PrefixLength: 24 }] },
            (o) => (o.IpConfigurations as Record<string, unknown>[])[0].IpAddress,
            "10.244.1.3",
        ],
        [
            "lower-case keys of a subnet read as its prefix",
            "network",
            { id: "n1", ipams: [{ subnets: [{ ipaddressprefix: "10.244.1.0/24" }] }] },
            (o) => networkSubnetOf(o),
            "10.244.1.0/24",
        ],
        [
            "a null optional field reads as absent",
            "network",
            { ID: "n1", Dns: null, Ipams: [{ Subnets: [{ IpAddressPrefix: "10.1.0.0/24" }] }] },
            (o) => o.Dns,
            undefined,
        ],
        [
            "an ACL rule id (`Id`) stays apart from an object id (`ID`)",
            "endpoint",
            { ID: "e1", IpConfigurations: [], Policies: [{ Type: "ACL", Settings: { Id: "r1" } }] },
            (o) => ((o.Policies as Record<string, unknown>[])[0].Settings as { Id: string }).Id,
            "r1",
        ],
        [
            "a priority given as digits in a string is accepted as HNS writes it",
            "endpoint",
            {
                ID: "e1",
                IpConfigurations: [],
                Policies: [{ Type: "ACL", Settings: { Priority: "100" } }],
            },
            (o) =>
                ((o.Policies as Record<string, unknown>[])[0].Settings as { Priority: string })
                    .Priority,
            "100",
        ],
    ];
    for (const [title, kind, raw, read, expected] of cases) {
        it(title, () => {
            expect(read(normalizeHcnObject(kind, raw))).to.deep.equal(expected);
        });
    }
});

describe("an HCN object of an unexpected shape is an error naming the object and the field", () => {
    const cases: [string, string, unknown, string][] = [
        [
            "a v1-shaped network (Subnets, no Ipams)",
            "network",
            { ID: "N-1", Name: "l2", Subnets: [{ AddressPrefix: "10.244.1.0/24" }] },
            'HNS returned network "l2" (ID N-1) in the v1 schema (field Subnets, no Ipams); the package reads schema 2 objects, so its query must ask for SchemaVersion 2.0',
        ],
        [
            "a v1-shaped endpoint (IPAddress, VirtualNetwork)",
            "endpoint",
            { ID: "E-1", Name: "web", IPAddress: "10.244.1.3", VirtualNetwork: "N-1" },
            'HNS returned endpoint "web" (ID E-1) in the v1 schema (field IPAddress, no IpConfigurations); the package reads schema 2 objects, so its query must ask for SchemaVersion 2.0',
        ],
        [
            "Ipams as a string",
            "network",
            { ID: "N-1", Name: "l2", Ipams: "10.244.1.0/24" },
            'HNS returned network "l2" (ID N-1) with Ipams as a string ("10.244.1.0/24"); the package reads it as an array',
        ],
        [
            "a nested subnet prefix as a number",
            "network",
            { ID: "N-1", Name: "l2", Ipams: [{ Subnets: [{ IpAddressPrefix: 10 }] }] },
            'HNS returned network "l2" (ID N-1) with Ipams[0].Subnets[0].IpAddressPrefix as a number (10); the package reads it as a string',
        ],
        [
            "one field in two spellings",
            "endpoint",
            { ID: "E-1", IpConfigurations: [], IPConfigurations: [] },
            "HNS returned endpoint (ID E-1) with field IpConfigurations twice, in two spellings; the package cannot tell which holds",
        ],
        [
            "an object that is not an object",
            "load balancer",
            ["x"],
            'HNS returned a load balancer as ["x"], not as a JSON object',
        ],
    ];
    for (const [title, kind, raw, message] of cases) {
        it(title, () => {
            expect(() => normalizeHcnObject(kind, raw))
                .to.throw(HcnShapeError)
                .with.property("message", message);
        });
    }

    it("normalises every list of a view and the view nested in a create result", () => {
        const result = normalizeHcnView({
            outcome: "created:x",
            view: { networks: [{ id: "n", name: "l2", ipams: [] }], records: [] },
        });
        expect(result.view.networks).to.deep.equal([{ ID: "n", Name: "l2", Ipams: [] }]);
    });

    it("parses HCN objects the host carries as the JSON text HNS returned", () => {
        const result = normalizeHcnView({
            network: '{"id":"n","name":"l2"}',
            endpoints: ['{"ID":"e","Name":"c1","IpConfigurations":[{"IpAddress":"10.0.0.5"}]}'],
            managementIp: "10.0.0.2",
        });
        expect(result).to.deep.equal({
            network: { ID: "n", Name: "l2" },
            endpoints: [{ ID: "e", Name: "c1", IpConfigurations: [{ IpAddress: "10.0.0.5" }] }],
            managementIp: "10.0.0.2",
        });
    });

    it("an HCN object that is text but not JSON is an error naming it", () => {
        expect(() => normalizeHcnView({ endpoints: ["{ID:e"] }))
            .to.throw(HcnShapeError)
            .with.property("message", 'HNS returned the endpoint text "{ID:e", which is not JSON');
    });
});

describe("load balancer protocols map exactly", () => {
    const view = (protocol: number): LoadBalancerView => ({
        version: { major: 15, minor: 4 },
        records: [{ kind: "hnsLoadBalancer", name: "lb", id: "L-1", network: "l2", data: "" }],
        network: null,
        endpoints: [],
        loadBalancers: [
            {
                ID: "L-1",
                FrontendVIPs: ["10.0.0.100"],
                HostComputeEndpoints: [],
                PortMappings: [{ Protocol: protocol, ExternalPort: 80, InternalPort: 80 }],
            },
        ],
    });
    const spec = {
        name: "lb",
        network: "l2",
        frontendVip: "10.0.0.100",
        frontendPort: 80,
        backends: [],
    };
    const cases: [number, string][] = [
        [6, "tcp"],
        [17, "udp"],
    ];
    for (const [number, name] of cases) {
        it(`protocol ${number} reads as ${name}`, () => {
            expect(observeLoadBalancerIn(view(number), spec)?.state.protocol ?? "tcp").to.equal(
                name,
            );
        });
    }
    it("protocol 1 is an error, not tcp", () => {
        expect(() => observeLoadBalancerIn(view(1), spec)).to.throw(
            "HNS returned load balancer (ID L-1) with PortMappings[0].Protocol 1; an HnsLoadBalancer is tcp (6) or udp (17), so this object was not made by this package",
        );
    });
});
