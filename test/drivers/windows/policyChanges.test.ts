import { expect } from "chai";
import type { HcnPolicy } from "../../../provider/drivers/windows/hcnTypes";
import type {
    PolicyChanges,
    PolicyOwnership,
} from "../../../provider/drivers/windows/policyChanges";
import {
    ownsAclIdPrefix,
    ownsMatching,
    ownsType,
    policyChanges,
} from "../../../provider/drivers/windows/policyChanges";
import type { RawPolicy } from "../../../provider/drivers/windows/rawHcn";

const nat = (exceptions?: string[]): RawPolicy => ({
    Type: "OutBoundNAT",
    Settings: exceptions ? { Exceptions: exceptions } : {},
});
const mapping = (externalPort: number, internalPort: number, protocol: number | string = 6) => ({
    Type: "PortMapping",
    Settings: {
        Protocol: protocol,
        InternalPort: internalPort,
        ExternalPort: externalPort,
        Flags: 0,
    },
});
const acl = (id: string, action = "Block") => ({
    Type: "ACL",
    Settings: { Id: id, Action: action, Direction: "In", RuleType: "Switch", Priority: 100 },
});
const route = (prefix: string) => ({
    Type: "SDNRoute",
    Settings: { DestinationPrefix: prefix, NeedEncap: true },
});

interface Row {
    name: string;
    observed: RawPolicy[];
    desired: HcnPolicy[];
    owns: PolicyOwnership;
    expected: PolicyChanges;
}

const rows: Row[] = [
    {
        name: "NAT on: an endpoint without NAT gets it, nothing removed",
        observed: [route("10.0.0.4/32")],
        desired: [nat()],
        owns: ownsType("OutBoundNAT"),
        expected: { remove: [], add: [nat()] },
    },
    {
        name: "NAT off: the observed NAT is removed as observed, the route stays",
        observed: [route("10.0.0.4/32"), nat(["10.0.0.0/8"])],
        desired: [],
        owns: ownsType("OutBoundNAT"),
        expected: { remove: [nat(["10.0.0.0/8"])], add: [] },
    },
    {
        name: "NAT exceptions changed: the old policy removed, the new one added",
        observed: [nat(["10.0.0.0/8"])],
        desired: [nat(["10.0.0.0/8", "192.168.0.0/16"])],
        owns: ownsType("OutBoundNAT"),
        expected: { remove: [nat(["10.0.0.0/8"])], add: [nat(["10.0.0.0/8", "192.168.0.0/16"])] },
    },
    {
        name: "NAT as wanted: no change (HNS's null and empty list read as absent, type case ignored)",
        observed: [{ Type: "OutboundNat", Settings: { Exceptions: [], VirtualIP: null } }],
        desired: [nat()],
        owns: ownsType("OutBoundNAT"),
        expected: { remove: [], add: [] },
    },
    {
        name: "two NAT policies observed, one wanted: the other is removed",
        observed: [nat(), nat(["10.0.0.0/8"])],
        desired: [nat()],
        owns: ownsType("OutBoundNAT"),
        expected: { remove: [nat(["10.0.0.0/8"])], add: [] },
    },
    {
        name: "port mapping of another host port is not ours and stays",
        observed: [mapping(8080, 80), mapping(9090, 90)],
        desired: [mapping(8080, 81)],
        owns: ownsMatching("PortMapping", { Protocol: 6, ExternalPort: 8080 }),
        expected: { remove: [mapping(8080, 80)], add: [mapping(8080, 81)] },
    },
    {
        name: "port mapping as wanted, HNS gives the protocol as text: no change",
        observed: [mapping(8080, 80, "6")],
        desired: [mapping(8080, 80)],
        owns: ownsMatching("PortMapping", { Protocol: 6, ExternalPort: 8080 }),
        expected: { remove: [], add: [] },
    },
    {
        name: "port mapping of the same port on udp is not ours",
        observed: [mapping(8080, 80, 17)],
        desired: [mapping(8080, 80)],
        owns: ownsMatching("PortMapping", { Protocol: 6, ExternalPort: 8080 }),
        expected: { remove: [], add: [mapping(8080, 80)] },
    },
    {
        name: "port publish removed: only its mapping goes",
        observed: [mapping(8080, 80), mapping(9090, 90)],
        desired: [],
        owns: ownsMatching("PortMapping", { Protocol: 6, ExternalPort: 8080 }),
        expected: { remove: [mapping(8080, 80)], add: [] },
    },
    {
        name: "ACL: another program's rules stay, our changed rule is replaced, our unchanged one kept",
        observed: [acl("docker-1"), acl("l2b:rule:a"), acl("l2b:rule:b")],
        desired: [acl("l2b:rule:a"), acl("l2b:rule:b", "Allow")],
        owns: ownsAclIdPrefix("l2b:"),
        expected: { remove: [acl("l2b:rule:b")], add: [acl("l2b:rule:b", "Allow")] },
    },
    {
        name: "ACL: a rule of ours no longer wanted is removed",
        observed: [acl("l2b:rule:a"), acl("l2b:rule:old")],
        desired: [acl("l2b:rule:a")],
        owns: ownsAclIdPrefix("l2b:"),
        expected: { remove: [acl("l2b:rule:old")], add: [] },
    },
    {
        name: "ACL deleted: every rule of ours goes, none of another program's",
        observed: [acl("docker-1"), acl("l2b:default:in"), acl("l2b:default:out")],
        desired: [],
        owns: ownsAclIdPrefix("l2b:"),
        expected: { remove: [acl("l2b:default:in"), acl("l2b:default:out")], add: [] },
    },
    {
        name: "nothing observed, several desired: all added in the order given",
        observed: [],
        desired: [acl("l2b:rule:b"), acl("l2b:rule:a")],
        owns: ownsAclIdPrefix("l2b:"),
        expected: { remove: [], add: [acl("l2b:rule:b"), acl("l2b:rule:a")] },
    },
];

describe("policyChanges: which endpoint policies a change removes and adds", () => {
    for (const row of rows) {
        it(row.name, () => {
            expect(policyChanges(row.observed, row.desired, row.owns)).to.deep.equal(row.expected);
        });
    }
    it("a removal is the observed object itself (HNS removes by content)", () => {
        const observed = nat(["10.0.0.0/8"]);
        const changes = policyChanges([observed], [], ownsType("OutBoundNAT"));
        expect(changes.remove[0]).to.equal(observed);
    });
});
