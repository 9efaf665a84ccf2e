import { expect } from "chai";
import type { HostRecord, RawHcn } from "../../../provider/drivers/windows/hostViews";
import type { BackendPlan } from "../../../provider/drivers/windows/loadBalancerBackends";
import { holdsEveryBackend } from "../../../provider/drivers/windows/kinds/hnsLoadBalancer";
import {
    buildRemoteBackendDocument,
    planBackends,
    unusedRemoteEndpoints,
} from "../../../provider/drivers/windows/loadBalancerBackends";

const net = "5a1e9d3c-7b2f-4c8e-9d01-2f3a4b5c6d7e";
const web1 = "11111111-0000-4000-8000-000000000001";
const web2 = "11111111-0000-4000-8000-000000000002";
const remote7 = "22222222-0000-4000-8000-000000000007";
const docker = "33333333-0000-4000-8000-000000000003";
const local = (id: string, address: string): RawHcn => ({
    ID: id.toUpperCase(),
    Name: `ep-${address}`,
    Flags: 0,
    IpConfigurations: [{ IpAddress: address, PrefixLength: 24 }],
});
const remote = (id: string, address: string): RawHcn => ({
    ID: id,
    Name: `l2b-remote-${address}`,
    Flags: 1,
    IpConfigurations: [{ IpAddress: address, PrefixLength: 24 }],
});

const planRows: {
    name: string;
    endpoints: RawHcn[];
    backends: string[];
    backendEndpointIds?: string[];
    expected: BackendPlan;
}[] = [
    {
        name: "local backends are their endpoints (ID lower-cased), nothing created",
        endpoints: [local(web1, "10.244.1.11"), local(web2, "10.244.1.12")],
        backends: ["10.244.1.12", "10.244.1.11"],
        expected: {
            endpoints: [{ id: web2 }, { id: web1 }],
            create: [],
            existing: [web2, web1],
        },
    },
    {
        name: "a backend of another host gets a remote endpoint in the network",
        endpoints: [local(web1, "10.244.1.11")],
        backends: ["10.244.1.11", "10.244.2.7"],
        expected: {
            endpoints: [{ id: web1 }, { ref: "l2b-remote-10.244.2.7" }],
            create: [
                {
                    ref: "l2b-remote-10.244.2.7",
                    document: buildRemoteBackendDocument("10.244.2.7", 24, net),
                },
            ],
            existing: [web1],
        },
    },
    {
        name: "an existing remote endpoint of the address is reused",
        endpoints: [remote(remote7, "10.244.2.7")],
        backends: ["10.244.2.7"],
        expected: { endpoints: [{ id: remote7 }], create: [], existing: [remote7] },
    },
    {
        name: "a local endpoint wins over a remote one holding the same address",
        endpoints: [remote(remote7, "10.244.1.11"), local(web1, "10.244.1.11")],
        backends: ["10.244.1.11"],
        expected: { endpoints: [{ id: web1 }], create: [], existing: [web1] },
    },
    {
        name: "backendEndpointIds are listed after the addresses, as given lower-cased",
        endpoints: [local(web1, "10.244.1.11")],
        backends: ["10.244.1.11"],
        backendEndpointIds: [docker.toUpperCase()],
        expected: {
            endpoints: [{ id: web1 }, { id: docker }],
            create: [],
            existing: [web1, docker],
        },
    },
    {
        name: "the same remote address twice is created once",
        endpoints: [],
        backends: ["10.244.2.7", "10.244.2.7"],
        expected: {
            endpoints: [{ ref: "l2b-remote-10.244.2.7" }, { ref: "l2b-remote-10.244.2.7" }],
            create: [
                {
                    ref: "l2b-remote-10.244.2.7",
                    document: buildRemoteBackendDocument("10.244.2.7", 24, net),
                },
            ],
            existing: [],
        },
    },
];

describe("planBackends: which backends are local endpoints and which need a remote endpoint", () => {
    for (const row of planRows) {
        it(row.name, () => {
            expect(
                planBackends({
                    endpoints: row.endpoints,
                    backends: row.backends,
                    backendEndpointIds: row.backendEndpointIds ?? [],
                    networkId: net,
                    prefixLength: 24,
                }),
            ).to.deep.equal(row.expected);
        });
    }
});

const remoteRecord = (name: string, id: string): HostRecord => ({
    kind: "remoteEndpoint",
    name,
    id,
    network: "cbr0",
    data: "",
});
const lbA = "aaaaaaaa-0000-4000-8000-00000000000a";
const lbB = "bbbbbbbb-0000-4000-8000-00000000000b";
const r1 = remoteRecord("l2b-remote-10.244.2.7", remote7);
const r2 = remoteRecord("l2b-remote-10.244.2.8", "22222222-0000-4000-8000-000000000008");

const unusedRows: {
    name: string;
    records: HostRecord[];
    loadBalancers: RawHcn[];
    goneId?: string;
    listed?: string[];
    expected: HostRecord[];
}[] = [
    {
        name: "a remote endpoint another load balancer lists stays (IDs compared ignoring case)",
        records: [r1],
        loadBalancers: [{ ID: lbB, HostComputeEndpoints: [remote7.toUpperCase()] }],
        expected: [],
    },
    {
        name: "a remote endpoint only the deleted load balancer listed is unused",
        records: [r1, r2],
        loadBalancers: [
            { ID: lbA, HostComputeEndpoints: [remote7] },
            { ID: lbB, HostComputeEndpoints: [r2.id] },
        ],
        goneId: lbA,
        expected: [r1],
    },
    {
        name: "a remote endpoint the replacement lists again stays",
        records: [r1],
        loadBalancers: [{ ID: lbA, HostComputeEndpoints: [remote7] }],
        goneId: lbA,
        listed: [remote7],
        expected: [],
    },
    {
        name: "records of other kinds are never unused remote endpoints",
        records: [{ ...r1, kind: "containerEndpoint" }],
        loadBalancers: [],
        expected: [],
    },
    {
        name: "a recorded remote endpoint no load balancer lists is unused",
        records: [r1, r2],
        loadBalancers: [{ ID: lbB, HostComputeEndpoints: [web1] }],
        expected: [r1, r2],
    },
];

describe("unusedRemoteEndpoints: which recorded remote endpoints no load balancer uses", () => {
    for (const row of unusedRows) {
        it(row.name, () => {
            expect(
                unusedRemoteEndpoints({
                    records: row.records,
                    loadBalancers: row.loadBalancers,
                    goneId: row.goneId,
                    listed: row.listed,
                }),
            ).to.deep.equal(row.expected);
        });
    }
});

describe("which load balancer reads need every endpoint of the host", () => {
    const rows: {
        proves: string;
        endpoints: RawHcn[];
        partial?: boolean;
        backends?: string[];
        enough: boolean;
    }[] = [
        {
            proves: "a read of every endpoint always tells where each backend is",
            endpoints: [],
            backends: ["10.244.1.11"],
            enough: true,
        },
        {
            proves: "a narrow read holding every backend address is enough",
            endpoints: [local(web1, "10.244.1.11"), local(web2, "10.244.1.12")],
            partial: true,
            backends: ["10.244.1.12", "10.244.1.11"],
            enough: true,
        },
        {
            proves: "a backend of another host held by its remote endpoint is enough",
            endpoints: [local(web1, "10.244.1.11"), remote(remote7, "10.244.2.7")],
            partial: true,
            backends: ["10.244.1.11", "10.244.2.7"],
            enough: true,
        },
        {
            proves: "a backend address no endpoint of a narrow read holds needs every endpoint (another endpoint may hold it)",
            endpoints: [local(web1, "10.244.1.11")],
            partial: true,
            backends: ["10.244.1.11", "10.244.1.13"],
            enough: false,
        },
        {
            proves: "a narrow read of a load balancer without backend addresses is enough",
            endpoints: [local(docker, "10.244.1.30")],
            partial: true,
            enough: true,
        },
    ];
    for (const row of rows) {
        it(row.proves, () => {
            expect(
                holdsEveryBackend(
                    { endpoints: row.endpoints, partial: row.partial },
                    { backends: row.backends },
                ),
            ).to.equal(row.enough);
        });
    }
});
