/**
 * Every ruleset the driver generates is loaded into a real nft in a throwaway namespace and read
 * back with `nft -j`; the readers must recover exactly the spec that produced it.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import type { AclRule } from "../../../provider/model/endpointAcl";
import { aclTableText, endpointAclKind } from "../../../provider/drivers/linux/endpointAcl";
import {
    hnsLoadBalancerKind,
    loadBalancerTableText,
} from "../../../provider/drivers/linux/hnsLoadBalancer";
import { natTableText, l2BridgeNetworkKind } from "../../../provider/drivers/linux/l2BridgeNetwork";
import { portPublishKind, publishTableText } from "../../../provider/drivers/linux/portPublish";
import { placeholders } from "../../../provider/drivers/linux/endpointLookup";
import { tableName } from "../../../provider/drivers/linux/ownership";
import {
    endpointNatTable,
    endpointNatText,
    readEndpointNat,
} from "../../../provider/drivers/linux/endpointNat";
import { parseNftTable } from "../../../provider/drivers/linux/nftJson";
import type { OutboundNat } from "../../../provider/model/outboundNat";
import type {
    EndpointAclSpec,
    HnsLoadBalancerSpec,
    L2BridgeNetworkSpec,
    PortPublishSpec,
} from "../../../provider/model/kinds";

const namespace = "lbt-nftunit";

function withoutNat(spec: L2BridgeNetworkSpec): L2BridgeNetworkSpec {
    const copy = { ...spec };
    delete copy.outboundNat;
    return copy;
}

function inNamespace(args: string[], input?: string): string {
    return execFileSync("ip", ["netns", "exec", namespace, ...args], { input }).toString();
}

function load(text: string): void {
    const filled = text
        .split(placeholders.address)
        .join("10.201.1.11")
        .split(placeholders.subnet)
        .join("10.201.1.0/24")
        .split(placeholders.bridge)
        .join("lbt-cbr0");
    inNamespace(["nft", "-f", "-"], filled);
}

function listed(family: string, table: string): string {
    return inNamespace(["nft", "-j", "list", "table", family, table]);
}

describe("generated nft rulesets, loaded into nft and read back", function () {
    before(function () {
        if (process.getuid?.() !== 0) {
            console.log(
                "    nft ruleset checks did not run: they need root for a network namespace",
            );
            this.skip();
        }
    });
    before(() => {
        try {
            execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
        } catch {
            // not there: fine
        }
        execFileSync("ip", ["netns", "add", namespace]);
    });
    after(() => {
        try {
            execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
        } catch {
            // already gone
        }
    });

    const network: L2BridgeNetworkSpec = {
        name: "lbt-cbr0",
        mode: "l2bridge",
        subnet: "10.201.1.0/24",
        outboundNat: { enabled: true, exceptions: ["10.201.0.0/16", "10.202.0.5"] },
        serveNames: false,
    };
    const networkRows: [string, L2BridgeNetworkSpec][] = [
        ["NAT with exceptions", network],
        [
            "NAT disabled with no exceptions",
            { ...network, outboundNat: { enabled: false, exceptions: [] } },
        ],
        ["NAT left at its default", withoutNat(network)],
    ];
    for (const [label, spec] of networkRows) {
        it(`network: ${label} reads back as the spec`, () => {
            load(natTableText(spec));
            const bridge = JSON.stringify([
                {
                    ifname: "lbt-cbr0",
                    ifalias: "pulumi-l2bridge network subnet=10.201.1.0/24 gateway=10.201.1.1",
                },
            ]);
            const observed = l2BridgeNetworkKind.read(
                spec,
                new Map([
                    ["link", bridge],
                    ["nat", listed("ip", tableName("nat", spec.name))],
                    ["dns", JSON.stringify({ dns: {}, serveNames: false })],
                ]),
            );
            expect(observed!.state).to.deep.equal(spec);
            expect(observed!.owned).to.equal(true);
        });
    }

    const endpointNats: [string, OutboundNat][] = [
        ["NAT off", { enabled: false }],
        ["NAT on with exceptions", { enabled: true, exceptions: ["10.0.0.0/8", "192.168.1.5"] }],
        ["NAT off with an exception list", { enabled: false, exceptions: ["10.202.0.0/24"] }],
        ["NAT at its default with exceptions", { exceptions: ["10.202.0.0/24"] }],
    ];
    for (const [label, nat] of endpointNats) {
        it(`endpoint NAT: ${label} reads back as the spec`, () => {
            load(endpointNatText("lbt-v1a", "10.201.1.11", "lbt-cbr0", nat));
            const table = parseNftTable(listed("ip", endpointNatTable("lbt-v1a")));
            expect(readEndpointNat(table, nat)).to.deep.equal(nat);
        });
    }

    it("endpoint NAT: unset removes the table", () => {
        load(endpointNatText("lbt-v1a", "10.201.1.11", "lbt-cbr0", { enabled: false }));
        load(endpointNatText("lbt-v1a", "", "", undefined));
        expect(inNamespace(["nft", "list", "tables"])).to.not.include(endpointNatTable("lbt-v1a"));
    });

    const publish: PortPublishSpec = {
        endpoint: "lbt-v1a",
        protocol: "tcp",
        hostPort: 8080,
        containerPort: 80,
        localAccess: true,
    };
    const publishRows: [string, PortPublishSpec][] = [
        ["tcp with local access", publish],
        [
            "udp on one host address without local access",
            { ...publish, protocol: "udp", hostIp: "10.200.0.11", localAccess: false },
        ],
    ];
    for (const [label, spec] of publishRows) {
        it(`port publish: ${label} reads back as the spec`, () => {
            load(publishTableText(spec));
            const endpoint = JSON.stringify([
                {
                    ifname: "lbt-v1a",
                    master: "lbt-cbr0",
                    ifalias:
                        "pulumi-l2bridge endpoint container=c interface=eth0 address=10.201.1.11 subnet=10.201.1.0/24",
                },
            ]);
            const observed = portPublishKind.read(
                spec,
                new Map([
                    ["endpoint", endpoint],
                    [
                        "table",
                        listed(
                            "ip",
                            tableName("pub", `${spec.endpoint}/${spec.protocol}/${spec.hostPort}`),
                        ),
                    ],
                ]),
            );
            expect(observed!.state).to.deep.equal(spec);
            expect(observed!.details.containerIp).to.equal("10.201.1.11");
        });
    }

    const balancer: HnsLoadBalancerSpec = {
        name: "lbt-lb",
        network: "lbt-cbr0",
        frontendVip: "10.200.0.100",
        protocol: "tcp",
        frontendPort: 80,
        backendPort: 8080,
        backends: ["10.201.1.11", "10.201.1.12", "10.201.2.11"],
    };
    const balancerRows: [string, HnsLoadBalancerSpec][] = [
        ["three backends, masquerade, local VIP", balancer],
        [
            "one backend, internal, SNAT to a source VIP, no local access",
            {
                ...balancer,
                backends: ["10.201.1.11"],
                internal: true,
                sourceVip: "10.201.1.2",
                localRoutedVip: false,
            },
        ],
        ["udp", { ...balancer, protocol: "udp" }],
    ];
    for (const [label, spec] of balancerRows) {
        it(`load balancer: ${label} reads back as the spec`, () => {
            load(loadBalancerTableText(spec));
            const observed = hnsLoadBalancerKind.read(
                spec,
                new Map([
                    ["table", listed("ip", tableName("lb", spec.name))],
                    ["vip", "3: lbt-cbr0    inet 10.200.0.100/32 scope global lbt-cbr0"],
                ]),
            );
            expect(observed!.state).to.deep.equal(spec);
        });
    }

    it("load balancer: a VIP that is no longer a local address shows as a different frontend", () => {
        load(loadBalancerTableText(balancer));
        const observed = hnsLoadBalancerKind.read(
            balancer,
            new Map([
                ["table", listed("ip", tableName("lb", balancer.name))],
                ["vip", ""],
            ]),
        );
        expect(observed!.state.frontendVip).to.equal("");
    });

    const rules: [string, AclRule][] = [
        [
            "allow tcp 80 in from one address",
            {
                name: "web",
                action: "allow",
                direction: "in",
                priority: 100,
                protocol: "tcp",
                remoteAddresses: ["10.201.1.12"],
                localPorts: ["80"],
            },
        ],
        [
            "block udp ranges and sets in",
            {
                action: "block",
                direction: "in",
                priority: 200,
                protocol: "udp",
                remoteAddresses: ["10.201.0.0/16", "10.200.0.1"],
                localPorts: ["53", "8000-8080"],
                remotePorts: ["1024-65535"],
            },
        ],
        [
            "block icmp out to a prefix",
            {
                action: "block",
                direction: "out",
                priority: 300,
                protocol: "icmp",
                remoteAddresses: ["10.202.0.0/24"],
            },
        ],
        [
            "allow protocol 47 out from a local address",
            {
                action: "allow",
                direction: "out",
                priority: 400,
                protocol: 47,
                localAddresses: ["10.201.1.11"],
            },
        ],
        ["block anything in", { action: "block", direction: "in", priority: 65000 }],
    ];
    for (const [label, rule] of rules) {
        it(`ACL: ${label} reads back as the rule`, () => {
            const spec: EndpointAclSpec = {
                endpoint: "lbt-v1a",
                rules: [rule],
                defaultInbound: "allow",
                defaultOutbound: "block",
            };
            load(aclTableText(spec));
            const observed = endpointAclKind.read(
                spec,
                new Map([["table", listed("inet", tableName("acl", "lbt-v1a"))]]),
            );
            expect(observed!.state).to.deep.equal(spec);
        });
    }

    it("ACL: rules are programmed in priority order whatever order the spec lists them", () => {
        const spec: EndpointAclSpec = {
            endpoint: "lbt-v1a",
            rules: [
                { action: "block", direction: "in", priority: 300 },
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    localPorts: ["80"],
                },
                { action: "allow", direction: "in", priority: 200, protocol: "udp" },
            ],
        };
        load(aclTableText(spec));
        const listing = inNamespace([
            "nft",
            "list",
            "chain",
            "inet",
            tableName("acl", "lbt-v1a"),
            "to_endpoint",
        ]);
        const order = [...listing.matchAll(/comment "in (\d+)/g)].map((match) => match[1]);
        expect(order).to.deep.equal(["100", "200", "300"]);
        const commented = listing.split("\n").filter((line) => line.includes("comment"));
        expect(commented[commented.length - 1]).to.match(/drop comment "default-in"/);
    });

    it("ACL: a rule missing from the host reads back as a shorter rule list", () => {
        const spec: EndpointAclSpec = { endpoint: "lbt-v1a", rules: [rules[0][1], rules[1][1]] };
        load(aclTableText({ ...spec, rules: [rules[0][1]] }));
        const observed = endpointAclKind.read(
            spec,
            new Map([["table", listed("inet", tableName("acl", "lbt-v1a"))]]),
        );
        expect(observed!.state.rules).to.have.length(1);
    });

    it("ACL: ports on a rule without tcp or udp are refused, naming the rule", () => {
        expect(() =>
            aclTableText({
                endpoint: "x",
                rules: [
                    {
                        action: "allow",
                        direction: "in",
                        priority: 1,
                        protocol: "icmp",
                        localPorts: ["80"],
                    },
                ],
            }),
        ).to.throw(/rules\[0\] has ports but protocol "icmp"/);
    });
});
