/**
 * What policy objects claim on a Linux host, and that a claim never carries text the host's claim
 * file could misread (the host side is exercised in test/lab/runtimeEndpoints.test.ts).
 */
import { expect } from "chai";
import { claimParams, claimWord } from "../../../provider/drivers/linux/claims";
import { aclClaim } from "../../../provider/drivers/linux/endpointAcl";
import { loadBalancerClaim } from "../../../provider/drivers/linux/hnsLoadBalancer";
import { publishClaim } from "../../../provider/drivers/linux/portPublish";

describe("Linux claims of policy objects", () => {
    const rows: [string, [string, string, string], [string, string, string]][] = [
        [
            "a mapping on every host address claims its port on any address (*)",
            publishClaim({ endpointIp: "10.244.1.10", hostPort: 8080, containerPort: 80 }).words,
            ["tcp", "8080", "*"],
        ],
        [
            "a mapping on one host address claims its port on that address",
            publishClaim({
                endpoint: "web",
                protocol: "udp",
                hostPort: 53,
                containerPort: 53,
                hostIp: "10.0.0.4",
            }).words,
            ["udp", "53", "10.0.0.4"],
        ],
        [
            "an ACL by address claims the address",
            aclClaim({ endpointIp: "10.244.1.10", rules: [] }).words,
            ["endpoint", "10.244.1.10", "-"],
        ],
        [
            "an ACL by name leaves the address to the host (read from the endpoint's marker)",
            aclClaim({ endpoint: "web-cbr0", rules: [] }).words,
            ["endpoint", "-", "-"],
        ],
        [
            "a load balancer claims protocol, VIP and port",
            loadBalancerClaim({
                name: "web",
                network: "cbr0",
                frontendVip: "10.96.0.10",
                frontendPort: 80,
                backends: ["10.244.1.10"],
            }).words,
            ["tcp", "10.96.0.10:80", "-"],
        ],
    ];
    for (const [title, words, expected] of rows) {
        it(title, () => {
            expect(words).to.deep.equal(expected);
        });
    }

    for (const hostile of ["a b", "a\nb", "", "$(reboot)", "a'b"]) {
        it(`a claim word ${JSON.stringify(hostile)} is refused before any host is touched`, () => {
            expect(() => claimWord("owner", hostile)).to.throw("cannot be written into a claim");
        });
    }

    it("line breaks in the message texts become spaces (one message line on the host)", () => {
        const params = claimParams({
            words: ["tcp", "80", "*"],
            owner: "web/tcp/80",
            problem: "a\nb",
            fix: "c\r\nd",
        });
        expect(params).to.include({ claimProblem: "a b", claimFix: "c  d" });
    });
});
