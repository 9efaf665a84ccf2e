import { expect } from "chai";
import { deriveNatExceptions, natExceptionWarnings } from "../../components/natExceptions";

/** The cluster ranges used by the warning rows: two container subnets and the host subnet. */
const clusterRanges = ["10.244.0.0/24", "10.244.1.0/24", "10.0.0.0/24"];

describe("NAT exception warnings", () => {
    const rows: { what: string; extras: string[]; expected: string[] }[] = [
        { what: "no extras", extras: [], expected: [] },
        { what: "a disjoint peered network", extras: ["172.16.0.0/16"], expected: [] },
        { what: "an extra equal to a cluster range", extras: ["10.244.1.0/24"], expected: [] },
        {
            what: "10.0.0.0/8 swallowing the cluster and far more",
            extras: ["10.0.0.0/8"],
            expected: [
                "natExceptions: \"10.0.0.0/8\" covers the cluster's ranges but also 16776448 other addresses (first: 10.0.1.0); containers reach those without SNAT and replies may never come back. List only the cluster's ranges or the networks that route back to the containers",
            ],
        },
        {
            what: "a supernet whose first extra address lies after the cluster ranges",
            extras: ["10.244.0.0/22"],
            expected: [
                "natExceptions: \"10.244.0.0/22\" covers the cluster's ranges but also 512 other addresses (first: 10.244.2.0); containers reach those without SNAT and replies may never come back. List only the cluster's ranges or the networks that route back to the containers",
            ],
        },
        {
            what: "an exception covering Azure's platform address 168.63.129.16",
            extras: ["168.63.0.0/16"],
            expected: [
                'natExceptions: "168.63.0.0/16" covers 168.63.129.16 (Azure DNS, DHCP and health probes), which only answers the host\'s own address; leave it out of the exceptions',
            ],
        },
        {
            what: "the default route: swallows everything, platform addresses included",
            extras: ["0.0.0.0/0"],
            expected: [
                "natExceptions: \"0.0.0.0/0\" covers the cluster's ranges but also 4294966528 other addresses (first: 0.0.0.0); containers reach those without SNAT and replies may never come back. List only the cluster's ranges or the networks that route back to the containers",
                'natExceptions: "0.0.0.0/0" covers 168.63.129.16 (Azure DNS, DHCP and health probes), which only answers the host\'s own address; leave it out of the exceptions',
                'natExceptions: "0.0.0.0/0" covers 169.254.169.254 (the instance metadata service), which only answers the host\'s own address; leave it out of the exceptions',
            ],
        },
    ];

    for (const row of rows) {
        it(`${row.expected.length === 0 ? "stays quiet for" : "warns about"} ${row.what}`, () => {
            expect(natExceptionWarnings(clusterRanges, row.extras)).to.deep.equal(row.expected);
        });
    }
});

describe("derived NAT exceptions", () => {
    it("lists container subnets, the host subnet, then extras, without repeats", () => {
        expect(
            deriveNatExceptions(["10.244.0.0/24", "10.244.1.0/24"], "10.0.0.0/24", [
                "10.0.0.0/24",
                "192.168.0.0/16",
            ]),
        ).to.deep.equal(["10.244.0.0/24", "10.244.1.0/24", "10.0.0.0/24", "192.168.0.0/16"]);
    });
});
