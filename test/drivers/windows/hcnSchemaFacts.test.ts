import { expect } from "chai";
import {
    endpointPolicyViolations,
    endpointViolations,
    loadBalancerViolations,
    networkViolations,
} from "../../../tools/hcn-emulator/hcnSchema";
import { l2bridgeNetwork } from "../../emulator/emulatorHost";

const network = () => l2bridgeNetwork("n");

describe("HCN schema facts checker (it must catch each mistake it claims to)", () => {
    const cases: { proves: string; violations: () => string[]; expect: RegExp }[] = [
        {
            proves: "a subnet without a default route is refused (hcsshim rule)",
            violations: () => {
                const n = network();
                n.Ipams[0].Subnets[0].Routes = [];
                return networkViolations(n);
            },
            expect: /needs a 0\.0\.0\.0\/0 route/,
        },
        {
            proves: "a network type in the wrong case is refused",
            violations: () => networkViolations({ ...network(), Type: "l2bridge" }),
            expect: /not an HCN network type/,
        },
        {
            proves: "a vEthernet adapter name is refused",
            violations: () =>
                networkViolations({
                    ...network(),
                    Policies: [
                        {
                            Type: "NetAdapterName",
                            Settings: { NetworkAdapterName: "vEthernet (Ethernet)" },
                        },
                    ],
                }),
            expect: /physical adapter/,
        },
        {
            proves: "VLAN 4095 is refused",
            violations: () => {
                const n = network() as ReturnType<typeof network> & {
                    Ipams: { Subnets: Record<string, unknown>[] }[];
                };
                n.Ipams[0].Subnets[0].Policies = [
                    { Type: "VLAN", Settings: { IsolationId: 4095 } },
                ];
                return networkViolations(n);
            },
            expect: /IsolationId/,
        },
        {
            proves: "an ACL protocol given as a number is refused (HNS wants a string)",
            violations: () =>
                endpointPolicyViolations([
                    {
                        Type: "ACL",
                        Settings: {
                            Id: "x",
                            Action: "Allow",
                            Direction: "In",
                            RuleType: "Switch",
                            Priority: 1,
                            Protocols: 6,
                        },
                    },
                ]),
            expect: /Protocols must be a string/,
        },
        {
            proves: "a port mapping protocol given as text is refused (HNS wants a number)",
            violations: () =>
                endpointPolicyViolations([
                    {
                        Type: "PortMapping",
                        Settings: { Protocol: "TCP", InternalPort: 80, ExternalPort: 8080 },
                    },
                ]),
            expect: /Protocol must be the number/,
        },
        {
            proves: "the v1 OutBoundNAT field name is refused",
            violations: () =>
                endpointPolicyViolations([
                    { Type: "OutBoundNAT", Settings: { ExceptionList: ["10.0.0.0/8"] } },
                ]),
            expect: /v1 name/,
        },
        {
            proves: "a policy type in the wrong case is refused",
            violations: () => endpointPolicyViolations([{ Type: "OutboundNat", Settings: {} }]),
            expect: /not an HCN policy type/,
        },
        {
            proves: "an endpoint with HostComputeNamespace set at create is refused",
            violations: () =>
                endpointViolations({
                    Name: "e",
                    HostComputeNamespace: "C0FFEE00-1111-4222-8333-444455556666",
                    IpConfigurations: [{ IpAddress: "10.0.0.3", PrefixLength: 24 }],
                    Policies: [],
                    SchemaVersion: { Major: 2, Minor: 0 },
                }),
            expect: /read-only/,
        },
        {
            proves: "a load balancer with two port mappings is refused",
            violations: () =>
                loadBalancerViolations({
                    FrontendVIPs: ["10.0.0.1"],
                    PortMappings: [
                        { Protocol: 6, InternalPort: 1, ExternalPort: 1, Flags: 0 },
                        { Protocol: 6, InternalPort: 2, ExternalPort: 2, Flags: 0 },
                    ],
                    Flags: 0,
                    SchemaVersion: { Major: 2, Minor: 0 },
                }),
            expect: /exactly one mapping/,
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(c.violations().join("\n")).to.match(c.expect);
        });
    }
    it("a correct network has no violations", () => {
        expect(networkViolations(network())).to.deep.equal([]);
    });
});
