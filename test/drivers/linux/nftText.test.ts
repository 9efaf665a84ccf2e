import { expect } from "chai";
import {
    deleteTable,
    nftAddress,
    nftComment,
    nftInterface,
    nftPort,
    nftSet,
    replaceTable,
} from "../../../provider/drivers/linux/nftText";
import { tableName } from "../../../provider/drivers/linux/ownership";

describe("nft text: every value checked before it reaches a ruleset", () => {
    const accepted: [string, () => string, string][] = [
        ["an address", () => nftAddress("hostIp", "10.0.0.5"), "10.0.0.5"],
        ["a prefix", () => nftAddress("exceptions[0]", "10.201.0.0/16"), "10.201.0.0/16"],
        ["an interface name, quoted", () => nftInterface("name", "lbt-cbr0"), '"lbt-cbr0"'],
        ["a port", () => nftPort("hostPort", 8080), "8080"],
        ["a port range", () => nftPort("localPorts[0]", "8000-8080"), "8000-8080"],
        ["a comment", () => nftComment("in 100 name=web"), 'comment "in 100 name=web"'],
    ];
    for (const [label, render, expected] of accepted) {
        it(`renders ${label}`, () => {
            expect(render()).to.equal(expected);
        });
    }

    const rejected: [string, () => string, RegExp][] = [
        [
            "an address with a rule appended",
            () => nftAddress("hostIp", "10.0.0.5 accept"),
            /hostIp "10.0.0.5 accept" is not an IPv4/,
        ],
        ["a host name", () => nftAddress("backends[1]", "web"), /backends\[1\] "web"/],
        [
            "an interface name with a quote",
            () => nftInterface("name", 'br"0'),
            /name "br\\"0" is not a Linux interface name/,
        ],
        [
            "a 16-byte interface name",
            () => nftInterface("network", "abcdefghijklmnop"),
            /at most 15/,
        ],
        ["port 0", () => nftPort("hostPort", 0), /hostPort 0 is not a port/],
        ["port 65536", () => nftPort("containerPort", 65536), /containerPort 65536/],
        [
            "a port with a rule appended",
            () => nftPort("localPorts[0]", "80 drop"),
            /localPorts\[0\]/,
        ],
        ["a comment with a quote", () => nftComment('a"b'), /characters nft comments cannot hold/],
    ];
    for (const [label, render, message] of rejected) {
        it(`rejects ${label}, naming the field`, () => {
            expect(render).to.throw(message);
        });
    }

    it("writes one value bare and several as an anonymous set", () => {
        expect(nftSet(["80"])).to.equal("80");
        expect(nftSet(["80", "443"])).to.equal("{ 80, 443 }");
    });

    it("replaces a table in one transaction: create empty, delete, create with chains", () => {
        const text = replaceTable("ip", "l2b_nat_x", [
            {
                name: "postrouting",
                base: "type nat hook postrouting priority srcnat;",
                rules: ["masquerade"],
            },
        ]);
        expect(text.startsWith(deleteTable("ip", "l2b_nat_x"))).to.equal(true);
        expect(text).to.include("table ip l2b_nat_x {\n    chain postrouting {\n");
    });

    it("names tables with the package prefix, hashing names nft cannot take bare", () => {
        expect(tableName("lb", "web_lb")).to.equal("l2b_lb_web_lb");
        expect(tableName("nat", "lbt-cbr0")).to.match(/^l2b_nat_lbt_cbr0_[0-9a-f]{8}$/);
        expect(tableName("nat", "lbt-cbr0")).to.not.equal(tableName("nat", "lbt_cbr0"));
    });
});
