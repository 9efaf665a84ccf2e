import { expect } from "chai";
import type { HcnPolicy } from "../../../provider/drivers/windows/hcnTypes";
import type { BatchStep } from "../../../provider/drivers/windows/hostBatch";
import type { HostRecord, RawHcn } from "../../../provider/drivers/windows/hostViews";
import {
    inheritedNatSteps,
    networkNatAsObserved,
} from "../../../provider/drivers/windows/networkNatFollow";
import type { OutboundNat } from "../../../provider/model/outboundNat";

const a = "aaaaaaaa-0000-4000-8000-000000000001";
const b = "bbbbbbbb-0000-4000-8000-000000000002";
const natOld = { Type: "OutBoundNAT", Settings: { Exceptions: ["10.0.0.0/8"] } };
const natNew: HcnPolicy = {
    Type: "OutBoundNAT",
    Settings: { Exceptions: ["10.0.0.0/8", "192.168.0.0/16"] },
};
const record = (name: string, id: string, data: object, network = "cbr0"): HostRecord => ({
    kind: "containerEndpoint",
    name,
    id,
    network,
    data: JSON.stringify(data),
});
const endpoint = (id: string, policies: object[]): RawHcn => ({
    ID: id.toUpperCase(),
    Policies: policies,
});

const rows: {
    name: string;
    records: HostRecord[];
    endpoints: RawHcn[];
    desired: HcnPolicy[];
    expected: BatchStep[];
}[] = [
    {
        name: "an inheriting endpoint gets the new NAT in place of the old",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [natOld])],
        desired: [natNew],
        expected: [
            {
                op: "modifyEndpointPolicies",
                id: a.toUpperCase(),
                remove: [natOld],
                add: [natNew],
                ifMissing: "skip",
            },
        ],
    },
    {
        name: "an endpoint with NAT of its own is left alone",
        records: [record("a", a, { inheritsNat: false })],
        endpoints: [endpoint(a, [natOld])],
        desired: [natNew],
        expected: [],
    },
    {
        name: "an endpoint of another network is left alone",
        records: [record("a", a, { inheritsNat: true }, "other")],
        endpoints: [endpoint(a, [natOld])],
        desired: [natNew],
        expected: [],
    },
    {
        name: "a recorded endpoint that is gone gets no step",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [],
        desired: [natNew],
        expected: [],
    },
    {
        name: "an endpoint already as wanted gets no step; NAT off removes the other's",
        records: [record("a", a, { inheritsNat: true }), record("b", b, { inheritsNat: true })],
        endpoints: [endpoint(a, []), endpoint(b, [natOld])],
        desired: [],
        expected: [
            {
                op: "modifyEndpointPolicies",
                id: b.toUpperCase(),
                remove: [natOld],
                add: [],
                ifMissing: "skip",
            },
        ],
    },
];

describe("inheritedNatSteps: which endpoints follow a network's outbound NAT", () => {
    for (const row of rows) {
        it(row.name, () => {
            expect(
                inheritedNatSteps(row.records, row.endpoints, "cbr0", row.desired),
            ).to.deep.equal(row.expected);
        });
    }
});

const natRows: {
    name: string;
    records: HostRecord[];
    endpoints: RawHcn[];
    intended: OutboundNat;
    expected: OutboundNat;
}[] = [
    {
        name: "no inheriting endpoint: the NAT the network was set to",
        records: [],
        endpoints: [],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "every inheriting endpoint as set: the NAT the network was set to",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [natOld])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "an inheriting endpoint whose exceptions were changed in HNS: its exceptions",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [natNew])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8", "192.168.0.0/16"] },
    },
    {
        name: "an inheriting endpoint that lost its OutBoundNAT: NAT off",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: false, exceptions: [] },
    },
    {
        name: "NAT off and no OutBoundNAT on the endpoints: as set, whatever exceptions it lists",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [])],
        intended: { enabled: false, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: false, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "NAT off but an inheriting endpoint has an OutBoundNAT: its NAT",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [endpoint(a, [natOld])],
        intended: { enabled: false, exceptions: [] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "an endpoint with NAT of its own is not read",
        records: [record("a", a, { inheritsNat: false })],
        endpoints: [endpoint(a, [natNew])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "an inheriting endpoint of another network is not read",
        records: [record("a", a, { inheritsNat: true }, "other")],
        endpoints: [endpoint(a, [natNew])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "a recorded endpoint gone from HNS is not read",
        records: [record("a", a, { inheritsNat: true })],
        endpoints: [],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "a record written before inheritance was recorded (no data) is not read",
        records: [{ ...record("a", a, {}), data: "" }],
        endpoints: [endpoint(a, [natNew])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: true, exceptions: ["10.0.0.0/8"] },
    },
    {
        name: "of two drifted endpoints, the first by record name",
        records: [record("z", a, { inheritsNat: true }), record("b", b, { inheritsNat: true })],
        endpoints: [endpoint(a, [natNew]), endpoint(b, [])],
        intended: { enabled: true, exceptions: ["10.0.0.0/8"] },
        expected: { enabled: false, exceptions: [] },
    },
];

describe("networkNatAsObserved: a network's outbound NAT as its inheriting endpoints hold it", () => {
    for (const row of natRows) {
        it(row.name, () => {
            expect(
                networkNatAsObserved(row.records, row.endpoints, "cbr0", row.intended),
            ).to.deep.equal(row.expected);
        });
    }
});
