import { expect } from "chai";
import type { HostRecord, RouteRow, RouteView } from "../../../provider/drivers/windows/hostViews";
import {
    claimedPrefixes,
    refuseClaimedPrefixes,
    withoutOthersRoutes,
} from "../../../provider/drivers/windows/routeOwnership";
import type {
    InstalledRoute,
    RouteChange,
} from "../../../provider/drivers/windows/kinds/containerRoute";
import { observeContainerRouteIn } from "../../../provider/drivers/windows/kinds/containerRoute";
import type { ContainerRouteSpec } from "../../../provider/model/kinds";

const alias = "vEthernet (Ethernet)";
const route = (destinationPrefix: string, nextHop = "10.127.130.5"): InstalledRoute => ({
    destinationPrefix,
    nextHop,
    interfaceAlias: alias,
    metric: 256,
});
const recordOf = (name: string, routes: InstalledRoute[]): HostRecord => ({
    kind: "containerRoute",
    name,
    id: `containerRoute/${name}`,
    network: "",
    data: JSON.stringify({ routes, persistent: true }),
});
const mesh = recordOf("mesh", [route("10.244.2.0/24"), route("10.244.3.0/24")]);
const extra = recordOf("extra", [route("10.244.9.0/24")]);
const network: HostRecord = {
    kind: "l2BridgeNetwork",
    name: "cbr0",
    id: "0f6d6a2c-0000-0000-0000-000000000001",
    network: "",
    data: JSON.stringify({ routes: [route("10.244.4.0/24")] }),
};

describe("route set ownership on a Windows host (decided from the observed records)", () => {
    const cases: {
        proves: string;
        records: HostRecord[];
        set: string;
        prefixes: string[];
        claims: string[];
    }[] = [
        {
            proves: "a prefix recorded by another set is claimed, named with its owner",
            records: [mesh, extra],
            set: "second",
            prefixes: ["10.244.3.0/24", "10.244.7.0/24"],
            claims: ["10.244.3.0/24 by mesh"],
        },
        {
            proves: "a set's own record never claims against itself",
            records: [mesh],
            set: "mesh",
            prefixes: ["10.244.2.0/24", "10.244.3.0/24"],
            claims: [],
        },
        {
            proves: "each owner is named for its own prefix",
            records: [mesh, extra],
            set: "third",
            prefixes: ["10.244.9.0/24", "10.244.2.0/24"],
            claims: ["10.244.9.0/24 by extra", "10.244.2.0/24 by mesh"],
        },
        {
            proves: "records of other kinds are not route sets",
            records: [network],
            set: "second",
            prefixes: ["10.244.4.0/24"],
            claims: [],
        },
        {
            proves: "a prefix listed twice is reported once",
            records: [mesh],
            set: "second",
            prefixes: ["10.244.2.0/24", "10.244.2.0/24"],
            claims: ["10.244.2.0/24 by mesh"],
        },
        {
            proves: "a record with unreadable data claims nothing",
            records: [{ ...mesh, data: "{not json" }],
            set: "second",
            prefixes: ["10.244.2.0/24"],
            claims: [],
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            const claims = claimedPrefixes(c.records, c.set, c.prefixes).map(
                (claim) => `${claim.destinationPrefix} by ${claim.owner}`,
            );
            expect(claims).to.deep.equal(c.claims);
        });
    }

    it("refuses at apply a set asking for another set's prefix, naming prefix, owner and host", () => {
        expect(() =>
            refuseClaimedPrefixes([mesh], "second", [route("10.244.3.0/24")], "win-1"),
        ).to.throw(/10\.244\.3\.0\/24 \(route set "mesh"\).*win-1.*one ContainerRoute per host/);
        expect(() =>
            refuseClaimedPrefixes([mesh], "second", [route("10.244.8.0/24")], "win-1"),
        ).to.not.throw();
    });

    it("never plans the removal of a route whose prefix another set records", () => {
        const changes: RouteChange[] = [
            { ...route("10.244.3.0/24"), store: "ActiveStore" },
            { ...route("10.244.3.0/24"), store: "PersistentStore" },
            { ...route("10.244.8.0/24"), store: "ActiveStore" },
        ];
        const kept = withoutOthersRoutes([mesh, recordOf("second", [])], "second", changes);
        expect(kept.map((c) => `${c.destinationPrefix}@${c.store}`)).to.deep.equal([
            "10.244.8.0/24@ActiveStore",
        ]);
    });

    it("does not observe another set's route as an unrecorded set's own", () => {
        const row = (r: InstalledRoute, store: RouteRow["store"]): RouteRow => ({ ...r, store });
        const view: RouteView = {
            records: [mesh],
            routes: [
                row(route("10.244.3.0/24"), "ActiveStore"),
                row(route("10.244.3.0/24"), "PersistentStore"),
            ],
            nextHopInterfaces: [],
        };
        const spec = {
            name: "second",
            routes: [{ destinationPrefix: "10.244.3.0/24", nextHop: "10.127.130.5" }],
        } as ContainerRouteSpec;
        expect(observeContainerRouteIn(view, spec)).to.equal(null);
        expect(observeContainerRouteIn(view, { ...spec, name: "mesh" })?.owned).to.equal(true);
    });
});
