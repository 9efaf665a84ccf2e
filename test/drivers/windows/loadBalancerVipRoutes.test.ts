import { expect } from "chai";
import type { HostRecord, RawHcn } from "../../../provider/drivers/windows/hostViews";
import type {
    VipRouteOwner,
    VipRouteView,
} from "../../../provider/drivers/windows/loadBalancerVipRoutes";
import {
    hasVipRoute,
    loadBalancerRecordData,
    loadBalancerVipRouteChanges,
    vipRouteChangesForCreate,
    newEndpointVipRouteChanges,
    ownContainerEndpoints,
    vipRoutePoliciesForNewEndpoint,
    vipRoutePolicy,
    vipRouteSteps,
    vipRoutesInPlace,
    vipsNeeded,
} from "../../../provider/drivers/windows/loadBalancerVipRoutes";

const management = "10.0.0.4";
const route = (vip: string, extra: Record<string, unknown> = {}) => ({
    Type: "SDNRoute",
    Settings: { DestinationPrefix: `${vip}/32`, NeedEncap: true, ...extra },
});
const endpoint = (name: string, id: string, vips: string[] = [], flags = 0): RawHcn => ({
    ID: id,
    Name: name,
    Flags: flags,
    Policies: [route(management), ...vips.map((vip) => route(vip))],
});
const containerRecord = (name: string, id: string, network = "cbr0"): HostRecord => ({
    kind: "containerEndpoint",
    name,
    id,
    network,
    data: JSON.stringify({ inheritsNat: true }),
});
const lbRecord = (
    name: string,
    id: string,
    data: string = loadBalancerRecordData({}),
    network = "cbr0",
): HostRecord => ({ kind: "hnsLoadBalancer", name, id, network, data });
const lb = (id: string, vip: string): RawHcn => ({ ID: id, FrontendVIPs: [vip] });

const web1 = "11111111-0000-4000-8000-000000000001";
const web2 = "11111111-0000-4000-8000-000000000002";
const other = "11111111-0000-4000-8000-000000000003";
const foreign = "11111111-0000-4000-8000-000000000004";
const lbA = "22222222-0000-4000-8000-00000000000a";
const lbB = "22222222-0000-4000-8000-00000000000b";
const lbC = "22222222-0000-4000-8000-00000000000c";

/** A host with two own container endpoints in cbr0, one in another network and one foreign one. */
function host(options: {
    loadBalancers?: { name: string; id: string; vip: string; data?: string; network?: string }[];
    web1Vips?: string[];
    web2Vips?: string[];
}): VipRouteView {
    const lbs = options.loadBalancers ?? [];
    return {
        managementIp: management,
        records: [
            containerRecord("web1", web1),
            containerRecord("web2", web2.toUpperCase()),
            containerRecord("db", other, "backend"),
            ...lbs.map((l) => lbRecord(l.name, l.id, l.data, l.network)),
        ],
        loadBalancers: lbs.map((l) => lb(l.id, l.vip)),
        endpoints: [
            endpoint("web2", web2, options.web2Vips),
            endpoint("web1", web1, options.web1Vips),
            endpoint("db", other),
            endpoint("docker-made", foreign),
        ],
    };
}

const changeText = (changes: { endpointName: string; vip: string; action: string }[]) =>
    changes.map((c) => `${c.action} ${c.vip} on ${c.endpointName}`);

describe("VIP routes: the SDNRoute policy of the l2bridge article's encapsulation rule", () => {
    it("is an SDNRoute to <VIP>/32 with NeedEncap, as hcsshim's SDNRoutePolicySetting names the fields", () => {
        expect(vipRoutePolicy("10.0.0.100")).to.deep.equal({
            Type: "SDNRoute",
            Settings: { DestinationPrefix: "10.0.0.100/32", NeedEncap: true },
        });
    });
    for (const bad of ["10.0.0.100/24", "10.0.0.1000", "10.0.0.100\n", "", "a,b"]) {
        it(`refuses ${JSON.stringify(bad)} where the prefix is written, even past check`, () => {
            expect(() => vipRoutePolicy(bad)).to.throw(/frontendVip: .* is not an IPv4 address/);
        });
    }
    const cases: { proves: string; policy: Record<string, unknown>; has: boolean }[] = [
        { proves: "the route itself counts", policy: route("10.0.0.100"), has: true },
        {
            proves: "NeedEncap false does not",
            policy: route("10.0.0.100", { NeedEncap: false }),
            has: false,
        },
        {
            proves: "a route with a next hop is someone else's, not the VIP route",
            policy: route("10.0.0.100", { NextHop: "10.0.0.1" }),
            has: false,
        },
        { proves: "another VIP does not", policy: route("10.0.0.101"), has: false },
        {
            proves: "the type compares without case, as HNS's",
            policy: { ...route("10.0.0.100"), Type: "sdnroute" },
            has: true,
        },
    ];
    for (const c of cases) {
        it(`hasVipRoute: ${c.proves}`, () => {
            expect(hasVipRoute({ Policies: [c.policy] }, "10.0.0.100")).to.equal(c.has);
        });
    }
});

describe("VIP routes: which endpoints and which VIPs (decided from the observation)", () => {
    it("the endpoints are the own container endpoints of the network, IDs compared without case; not other networks', not foreign ones", () => {
        const names = ownContainerEndpoints(host({}), "cbr0").map((e) => e.Name);
        expect(names).to.deep.equal(["web1", "web2"]);
    });
    it("a remote endpoint is never one, even when recorded", () => {
        const view = host({});
        view.endpoints.push(endpoint("remote", "33333333-0000-4000-8000-000000000001", [], 1));
        view.records.push(containerRecord("remote", "33333333-0000-4000-8000-000000000001"));
        expect(ownContainerEndpoints(view, "cbr0").map((e) => e.Name)).to.deep.equal([
            "web1",
            "web2",
        ]);
    });
    const needs: {
        proves: string;
        loadBalancers: { name: string; id: string; vip: string; data?: string; network?: string }[];
        override?: { name: string; vipRoutes: boolean };
        needed: string[];
    }[] = [
        {
            proves: "every own load balancer of the network, in address order, once per VIP",
            loadBalancers: [
                { name: "b", id: lbB, vip: "10.0.0.20" },
                { name: "a", id: lbA, vip: "10.0.0.100" },
                { name: "c", id: lbC, vip: "10.0.0.20" },
            ],
            needed: ["10.0.0.20", "10.0.0.100"],
        },
        {
            proves: "a load balancer of another network does not count",
            loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100", network: "backend" }],
            needed: [],
        },
        {
            proves: "vipRoutes false in the record does not count",
            loadBalancers: [
                {
                    name: "a",
                    id: lbA,
                    vip: "10.0.0.100",
                    data: loadBalancerRecordData({ vipRoutes: false }),
                },
            ],
            needed: [],
        },
        {
            proves: "a record without data (made before vipRoutes existed) counts as vipRoutes on",
            loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100", data: "" }],
            needed: ["10.0.0.100"],
        },
        {
            proves: "the override stands for one load balancer's record as it is about to be",
            loadBalancers: [
                { name: "a", id: lbA, vip: "10.0.0.100" },
                { name: "b", id: lbB, vip: "10.0.0.20" },
            ],
            override: { name: "a", vipRoutes: false },
            needed: ["10.0.0.20"],
        },
    ];
    for (const c of needs) {
        it(`needed VIPs: ${c.proves}`, () => {
            expect(
                vipsNeeded(host({ loadBalancers: c.loadBalancers }), "cbr0", c.override),
            ).to.deep.equal(c.needed);
        });
    }
    it("needed VIPs: a record whose load balancer HNS no longer has does not count", () => {
        const view = host({ loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }] });
        view.loadBalancers = [];
        expect(vipsNeeded(view, "cbr0")).to.deep.equal([]);
    });
});

describe("VIP routes: what a load balancer's apply changes on its host", () => {
    const cases: {
        proves: string;
        view: VipRouteView;
        released: string[];
        changes: string[];
    }[] = [
        {
            proves: "create: each own endpoint of the network gets the VIP route",
            view: host({ loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }] }),
            released: [],
            changes: ["add 10.0.0.100 on web1", "add 10.0.0.100 on web2"],
        },
        {
            proves: "create again: an endpoint that has the route is left alone",
            view: host({
                loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
            }),
            released: ["10.0.0.100"],
            changes: ["add 10.0.0.100 on web2"],
        },
        {
            proves: "a second load balancer with another VIP adds its own and keeps the first",
            view: host({
                loadBalancers: [
                    { name: "a", id: lbA, vip: "10.0.0.100" },
                    { name: "b", id: lbB, vip: "10.0.0.101" },
                ],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            released: ["10.0.0.101"],
            changes: ["add 10.0.0.101 on web1", "add 10.0.0.101 on web2"],
        },
        {
            proves: "delete: the VIP's routes go when no load balancer needs them",
            view: host({
                loadBalancers: [{ name: "b", id: lbB, vip: "10.0.0.101" }],
                web1Vips: ["10.0.0.100", "10.0.0.101"],
                web2Vips: ["10.0.0.100", "10.0.0.101"],
            }),
            released: ["10.0.0.100"],
            changes: ["remove 10.0.0.100 on web1", "remove 10.0.0.100 on web2"],
        },
        {
            proves: "delete: a route another load balancer with the same VIP needs stays",
            view: host({
                loadBalancers: [{ name: "udp", id: lbB, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            released: ["10.0.0.100"],
            changes: [],
        },
        {
            proves: "delete: the management address's route is the endpoint's own and stays",
            view: host({ web1Vips: [], web2Vips: [] }),
            released: [management],
            changes: [],
        },
        {
            proves: "vipRoutes off: the VIP is released and its routes go",
            view: host({
                loadBalancers: [
                    {
                        name: "a",
                        id: lbA,
                        vip: "10.0.0.100",
                        data: loadBalancerRecordData({ vipRoutes: false }),
                    },
                ],
                web1Vips: ["10.0.0.100"],
            }),
            released: ["10.0.0.100"],
            changes: ["remove 10.0.0.100 on web1"],
        },
        {
            proves: "a released VIP nobody ever routed changes nothing",
            view: host({}),
            released: ["10.0.0.100"],
            changes: [],
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(
                changeText(loadBalancerVipRouteChanges(c.view, "cbr0", c.released)),
            ).to.deep.equal(c.changes);
        });
    }
    it("the batch steps add a missing route and remove a present one as observed, skipping gone endpoints", () => {
        const observedRoute = route("10.0.0.100");
        const steps = vipRouteSteps(
            [
                { endpointId: web1, endpointName: "web1", vip: "10.0.0.100", action: "add" },
                { endpointId: web2, endpointName: "web2", vip: "10.0.0.100", action: "remove" },
            ],
            [endpoint("web1", web1), endpoint("web2", web2, ["10.0.0.100"])],
        );
        expect(steps).to.deep.equal([
            {
                op: "modifyEndpointPolicies",
                id: web1,
                remove: [],
                add: [vipRoutePolicy("10.0.0.100")],
                ifMissing: "skip",
            },
            {
                op: "modifyEndpointPolicies",
                id: web2,
                remove: [observedRoute],
                add: [],
                ifMissing: "skip",
            },
        ]);
    });
    it("the batch steps leave out a change already in place", () => {
        const steps = vipRouteSteps(
            [{ endpointId: web1, endpointName: "web1", vip: "10.0.0.100", action: "add" }],
            [endpoint("web1", web1, ["10.0.0.100"])],
        );
        expect(steps).to.deep.equal([]);
    });
});

describe("VIP routes: what a load balancer's create puts in its own batch (decided before it exists)", () => {
    const spec = (vip: string, vipRoutes?: boolean) => ({
        name: "a",
        network: "cbr0",
        frontendVip: vip,
        ...(vipRoutes === undefined ? {} : { vipRoutes }),
    });
    const cases: {
        proves: string;
        view: VipRouteView;
        spec: ReturnType<typeof spec>;
        released: string[];
        changes: string[];
    }[] = [
        {
            proves: "a new load balancer's VIP goes on each own endpoint of its network before HNS lists it",
            view: host({}),
            spec: spec("10.0.0.100"),
            released: ["10.0.0.100"],
            changes: ["add 10.0.0.100 on web1", "add 10.0.0.100 on web2"],
        },
        {
            proves: "an endpoint that already has the route is left alone",
            view: host({ web2Vips: ["10.0.0.100"] }),
            spec: spec("10.0.0.100"),
            released: ["10.0.0.100"],
            changes: ["add 10.0.0.100 on web1"],
        },
        {
            proves: "the other load balancers' VIPs an endpoint lacks are added too",
            view: host({
                loadBalancers: [{ name: "b", id: lbB, vip: "10.0.0.101" }],
                web1Vips: ["10.0.0.101"],
            }),
            spec: spec("10.0.0.100"),
            released: ["10.0.0.100"],
            changes: ["add 10.0.0.100 on web1", "add 10.0.0.100 on web2", "add 10.0.0.101 on web2"],
        },
        {
            proves: "vipRoutes off: no route of its VIP is added, and one nothing else needs goes",
            view: host({ web1Vips: ["10.0.0.100"] }),
            spec: spec("10.0.0.100", false),
            released: ["10.0.0.100"],
            changes: ["remove 10.0.0.100 on web1"],
        },
        {
            proves: "a replace on a new VIP drops the old VIP's routes its old self was the only one to need",
            view: host({
                loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            spec: spec("10.0.0.102"),
            released: ["10.0.0.102", "10.0.0.100"],
            changes: [
                "add 10.0.0.102 on web1",
                "remove 10.0.0.100 on web1",
                "add 10.0.0.102 on web2",
                "remove 10.0.0.100 on web2",
            ],
        },
        {
            proves: "a replace keeps the old VIP's routes another load balancer needs",
            view: host({
                loadBalancers: [
                    { name: "a", id: lbA, vip: "10.0.0.100" },
                    { name: "udp", id: lbB, vip: "10.0.0.100" },
                ],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            spec: spec("10.0.0.102"),
            released: ["10.0.0.102", "10.0.0.100"],
            changes: ["add 10.0.0.102 on web1", "add 10.0.0.102 on web2"],
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(changeText(vipRouteChangesForCreate(c.view, c.spec, c.released))).to.deep.equal(
                c.changes,
            );
        });
    }
});

describe("VIP routes: the load balancer's observation (drift)", () => {
    const spec = (vipRoutes?: boolean): VipRouteOwner => ({
        name: "a",
        network: "cbr0",
        frontendVip: "10.0.0.100",
        vipRoutes,
    });
    const cases: { proves: string; view: VipRouteView; vipRoutes?: boolean; inPlace: boolean }[] = [
        {
            proves: "on: every own endpoint has the route",
            view: host({
                loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            inPlace: true,
        },
        {
            proves: "on: one endpoint lost its route (out of band): drift",
            view: host({
                loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
            }),
            inPlace: false,
        },
        {
            proves: "on, stated explicitly: same as the default",
            view: host({ loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }] }),
            vipRoutes: true,
            inPlace: false,
        },
        {
            proves: "on: a network without own container endpoints is in place",
            view: { ...host({}), endpoints: [] },
            inPlace: true,
        },
        {
            proves: "off: no endpoint has the route",
            view: host({}),
            vipRoutes: false,
            inPlace: true,
        },
        {
            proves: "off: a route left behind that only this load balancer could need is drift",
            view: host({ web2Vips: ["10.0.0.100"] }),
            vipRoutes: false,
            inPlace: false,
        },
        {
            proves: "off: a route another load balancer with the VIP needs is not this one's drift",
            view: host({
                loadBalancers: [{ name: "udp", id: lbB, vip: "10.0.0.100" }],
                web1Vips: ["10.0.0.100"],
                web2Vips: ["10.0.0.100"],
            }),
            vipRoutes: false,
            inPlace: true,
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(vipRoutesInPlace(c.view, spec(c.vipRoutes))).to.equal(c.inPlace);
        });
    }
});

describe("VIP routes: a container endpoint created after the load balancer", () => {
    it("is created with the route of every VIP its network's load balancers need, not the management address's twice", () => {
        const view = host({
            loadBalancers: [
                { name: "a", id: lbA, vip: "10.0.0.100" },
                { name: "m", id: lbB, vip: management },
                { name: "x", id: lbC, vip: "10.0.0.7", network: "backend" },
            ],
        });
        expect(vipRoutePoliciesForNewEndpoint(view, "cbr0")).to.deep.equal([
            vipRoutePolicy("10.0.0.100"),
        ]);
    });
    const created = endpoint("web3", "11111111-0000-4000-8000-000000000009", ["10.0.0.100"]);
    const cases: { proves: string; view: VipRouteView; changes: string[] }[] = [
        {
            proves: "nothing to finish when the load balancers did not change meanwhile",
            view: host({ loadBalancers: [{ name: "a", id: lbA, vip: "10.0.0.100" }] }),
            changes: [],
        },
        {
            proves: "a load balancer made meanwhile: its route is added",
            view: host({
                loadBalancers: [
                    { name: "a", id: lbA, vip: "10.0.0.100" },
                    { name: "b", id: lbB, vip: "10.0.0.101" },
                ],
            }),
            changes: ["add 10.0.0.101 on web3"],
        },
        {
            proves: "a load balancer deleted meanwhile: the route it was created with goes",
            view: host({}),
            changes: ["remove 10.0.0.100 on web3"],
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(
                changeText(newEndpointVipRouteChanges(c.view, "cbr0", created, ["10.0.0.100"])),
            ).to.deep.equal(c.changes);
        });
    }
});
