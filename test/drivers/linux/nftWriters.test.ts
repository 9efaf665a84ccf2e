/**
 * The ruleset builders refuse a bad value themselves, even when `check` never saw it: each row
 * gives one hostile field to a builder and expects the exact refusal naming field and value.
 */
import { expect } from "chai";
import { aclTableText } from "../../../provider/drivers/linux/endpointAcl";
import { loadBalancerTableText } from "../../../provider/drivers/linux/hnsLoadBalancer";
import { publishTableText } from "../../../provider/drivers/linux/portPublish";
import { replaceTable } from "../../../provider/drivers/linux/nftText";
import type {
    EndpointAclSpec,
    HnsLoadBalancerSpec,
    PortPublishSpec,
} from "../../../provider/model/kinds";

const injected = "tcp dport 8080 accept\n}\n}\nflush ruleset";

const publish: PortPublishSpec = {
    endpoint: "v1a",
    protocol: "tcp",
    hostPort: 8080,
    containerPort: 80,
};
const balancer: HnsLoadBalancerSpec = {
    name: "lb",
    network: "cbr0",
    frontendVip: "10.200.0.100",
    protocol: "tcp",
    frontendPort: 80,
    backends: ["10.201.1.11"],
};
const acl = (rule: Record<string, unknown>): EndpointAclSpec =>
    ({
        endpoint: "v1a",
        rules: [{ action: "allow", direction: "in", priority: 100, ...rule }],
    }) as EndpointAclSpec;

const rows: [string, () => string, string][] = [
    [
        "PortPublish protocol carrying a second statement",
        () => publishTableText({ ...publish, protocol: injected } as unknown as PortPublishSpec),
        `protocol ${JSON.stringify(injected)} is not a protocol nft can match here; use "tcp" or "udp"`,
    ],
    [
        "HnsLoadBalancer protocol carrying a second statement",
        () =>
            loadBalancerTableText({
                ...balancer,
                protocol: injected,
            } as unknown as HnsLoadBalancerSpec),
        `protocol ${JSON.stringify(injected)} is not a protocol nft can match here; use "tcp" or "udp"`,
    ],
    [
        "EndpointAcl protocol carrying a second statement",
        () => aclTableText(acl({ protocol: injected })),
        `rules[0].protocol ${JSON.stringify(injected)} is not an ACL protocol; use "tcp", "udp", "icmp", "any" or a protocol number 0..255`,
    ],
    [
        "EndpointAcl protocol number out of range",
        () => aclTableText(acl({ protocol: 256 })),
        'rules[0].protocol 256 is not an ACL protocol; use "tcp", "udp", "icmp", "any" or a protocol number 0..255',
    ],
    [
        "EndpointAcl priority given as text",
        () => aclTableText(acl({ priority: "1 accept" })),
        'priority "1 accept" is not a whole number 0..2147483647; use one such as 100',
    ],
    [
        "EndpointAcl rule name with a space",
        () => aclTableText(acl({ name: "web x" })),
        `rule name "web x" cannot be written into a rule comment; use up to 64 letters, digits, '-', '_' or '.'`,
    ],
    [
        "a rule closing its chain",
        () => replaceTable("ip", "l2b_x", [{ name: "c", rules: ["accept } }"] }]),
        'a rule of chain c is not one nft statement: "accept } }"; every value in a rule must pass its field check',
    ],
    [
        "a rule with a second statement after a semicolon",
        () => replaceTable("ip", "l2b_x", [{ name: "c", rules: ["accept; flush ruleset"] }]),
        'a rule of chain c is not one nft statement: "accept; flush ruleset"; every value in a rule must pass its field check',
    ],
    [
        "a table name with a space",
        () => replaceTable("ip", "l2b x", []),
        `table "l2b x" is not an nft identifier; use a letter then letters, digits or '_' (at most 256)`,
    ],
];

describe("nft ruleset writers refuse bad values themselves", () => {
    for (const [title, render, message] of rows) {
        it(`refuses ${title}`, () => {
            expect(render).to.throw(Error).with.property("message", message);
        });
    }
});
