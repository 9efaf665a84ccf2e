/**
 * The ACL document builder refuses list items that HNS would split into several values: each row
 * gives one hostile item and expects the exact refusal naming field, index and value.
 */
import { expect } from "chai";
import { aclPolicy } from "../../../provider/drivers/windows/kinds/endpointAcl";
import type { AclRule } from "../../../provider/model/endpointAcl";

const rule = (changes: Record<string, unknown>): AclRule =>
    ({ action: "allow", direction: "in", priority: 100, ...changes }) as AclRule;

const listRule = "and HNS reads this field as a comma-separated list; give one value per item";

const rows: [string, Record<string, unknown>, string][] = [
    [
        "a remote address widened by a comma",
        { remoteAddresses: ["10.127.130.5,0.0.0.0/0"] },
        `remoteAddresses[0] "10.127.130.5,0.0.0.0/0" is not an IPv4 address or CIDR prefix, ${listRule}, such as 10.0.0.5 or 10.0.0.0/24`,
    ],
    [
        "a local address with a semicolon",
        { localAddresses: ["10.0.0.5", "10.0.0.6;10.0.0.0/8"] },
        `localAddresses[1] "10.0.0.6;10.0.0.0/8" is not an IPv4 address or CIDR prefix, ${listRule}, such as 10.0.0.5 or 10.0.0.0/24`,
    ],
    [
        "a local port widened by a comma",
        { protocol: "tcp", localPorts: ["80,1-65535"] },
        `localPorts[0] "80,1-65535" is not a port (1..65535) or a range low-high, ${listRule}, such as 80 or 8000-8080`,
    ],
    [
        "a remote port with a space",
        { protocol: "udp", remotePorts: ["53 "] },
        `remotePorts[0] "53 " is not a port (1..65535) or a range low-high, ${listRule}, such as 80 or 8000-8080`,
    ],
    [
        "a reversed port range",
        { protocol: "tcp", localPorts: ["9000-80"] },
        `localPorts[0] "9000-80" is not a port (1..65535) or a range low-high, ${listRule}, such as 80 or 8000-8080`,
    ],
    [
        "a protocol that is not one",
        { protocol: "6,17" },
        'protocol "6,17" is not an ACL protocol; use "tcp", "udp", "icmp", "any" or a protocol number 0..255',
    ],
];

describe("HCN ACL comma lists hold one value per item", () => {
    for (const [title, changes, message] of rows) {
        it(`refuses ${title}`, () => {
            expect(() => aclPolicy(rule(changes)))
                .to.throw(Error)
                .with.property("message", message);
        });
    }

    it("joins valid items with commas", () => {
        const settings = aclPolicy(
            rule({
                protocol: "tcp",
                remoteAddresses: ["10.0.0.5", "10.1.0.0/16"],
                localPorts: ["80", "8000-8080"],
            }),
        ).Settings;
        expect(settings.RemoteAddresses).to.equal("10.0.0.5,10.1.0.0/16");
        expect(settings.LocalPorts).to.equal("80,8000-8080");
    });
});
