import { expect } from "chai";
import type { RouteRow } from "../../../provider/drivers/windows/hostViews";
import type { InstalledRoute } from "../../../provider/drivers/windows/kinds/containerRoute";
import {
    planRouteChanges,
    resolveRoutes,
} from "../../../provider/drivers/windows/kinds/containerRoute";

const alias = "vEthernet (Ethernet)";
const a: InstalledRoute = {
    destinationPrefix: "10.244.2.0/24",
    nextHop: "10.127.130.5",
    interfaceAlias: alias,
    metric: 256,
};
const b: InstalledRoute = {
    destinationPrefix: "10.244.3.0/24",
    nextHop: "10.127.130.6",
    interfaceAlias: alias,
    metric: 100,
};
const row = (r: InstalledRoute, store: RouteRow["store"], metric = r.metric): RouteRow => ({
    ...r,
    metric,
    store,
});
const brief = (changes: { destinationPrefix: string; store: string; metric: number }[]) =>
    changes.map((c) => `${c.destinationPrefix}@${c.store}:${c.metric}`);

describe("route plan: the New-NetRoute / Remove-NetRoute calls that reach the desired set", () => {
    const cases: {
        proves: string;
        wanted: InstalledRoute[];
        persistent: boolean;
        recorded: InstalledRoute[];
        rows: RouteRow[];
        add: string[];
        remove: string[];
    }[] = [
        {
            proves: "a new persistent route is added to both stores",
            wanted: [a],
            persistent: true,
            recorded: [],
            rows: [],
            add: ["10.244.2.0/24@ActiveStore:256", "10.244.2.0/24@PersistentStore:256"],
            remove: [],
        },
        {
            proves: "a non-persistent route goes to the ActiveStore only",
            wanted: [a],
            persistent: false,
            recorded: [],
            rows: [],
            add: ["10.244.2.0/24@ActiveStore:256"],
            remove: [],
        },
        {
            proves: "routes already in place need nothing",
            wanted: [a, b],
            persistent: true,
            recorded: [a, b],
            rows: [
                row(a, "ActiveStore"),
                row(a, "PersistentStore"),
                row(b, "ActiveStore"),
                row(b, "PersistentStore"),
            ],
            add: [],
            remove: [],
        },
        {
            proves: "a route lost from the ActiveStore after a reboot is re-added there only",
            wanted: [a],
            persistent: true,
            recorded: [a],
            rows: [row(a, "PersistentStore")],
            add: ["10.244.2.0/24@ActiveStore:256"],
            remove: [],
        },
        {
            proves: "a route dropped from the spec is removed from both stores",
            wanted: [a],
            persistent: true,
            recorded: [a, b],
            rows: [
                row(a, "ActiveStore"),
                row(a, "PersistentStore"),
                row(b, "ActiveStore"),
                row(b, "PersistentStore"),
            ],
            add: [],
            remove: ["10.244.3.0/24@ActiveStore:100", "10.244.3.0/24@PersistentStore:100"],
        },
        {
            proves: "a changed metric is removed and re-added",
            wanted: [{ ...a, metric: 50 }],
            persistent: false,
            recorded: [a],
            rows: [row(a, "ActiveStore")],
            add: ["10.244.2.0/24@ActiveStore:50"],
            remove: ["10.244.2.0/24@ActiveStore:256"],
        },
        {
            proves: "turning persistence off removes our routes from the PersistentStore",
            wanted: [a],
            persistent: false,
            recorded: [a],
            rows: [row(a, "ActiveStore"), row(a, "PersistentStore")],
            add: [],
            remove: ["10.244.2.0/24@PersistentStore:256"],
        },
        {
            proves: "a foreign route to another prefix is never removed",
            wanted: [],
            persistent: true,
            recorded: [a],
            rows: [
                row(a, "ActiveStore"),
                row({ ...b, destinationPrefix: "10.244.9.0/24" }, "ActiveStore"),
            ],
            add: [],
            remove: ["10.244.2.0/24@ActiveStore:256"],
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            const plan = planRouteChanges(c.wanted, c.persistent, c.recorded, c.rows);
            expect(brief(plan.add)).to.deep.equal(c.add);
            expect(brief(plan.remove)).to.deep.equal(c.remove);
        });
    }

    it("an unreachable next hop without an interface fails naming the route, the host and the fix", () => {
        const spec = { routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: "192.0.2.1" }] };
        expect(() =>
            resolveRoutes(spec, { records: [], routes: [], nextHopInterfaces: [] }, "win-1"),
        ).to.throw(
            /routes\[0\]\.nextHop: host win-1 has no interface that reaches 192\.0\.2\.1\. Fix: set interface/,
        );
    });
    it("without an interface, each route leaves through the interface that reaches its next hop", () => {
        const spec = { routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: "10.127.130.5" }] };
        const view = {
            records: [],
            routes: [],
            nextHopInterfaces: [{ nextHop: "10.127.130.5", interfaceAlias: alias }],
        };
        expect(resolveRoutes(spec, view, "win-1")).to.deep.equal([a]);
    });
});
