import { expect } from "chai";
import { alignMac, alignToDesired } from "../../../provider/drivers/windows/alignObserved";
import {
    adapterHasExternalNetwork,
    resolveUplinkAdapter,
} from "../../../provider/drivers/windows/kinds/l2BridgeNetwork";
import type { NetworkView } from "../../../provider/drivers/windows/hostViews";

function view(
    defaultRouteAlias: string,
    adapters: [string, string][],
    networks: NetworkView["networks"] = [],
): NetworkView {
    return {
        records: [],
        networks,
        managementIp: "",
        defaultRouteAlias,
        physicalAdapters: adapters.map(([name, status]) => ({ name, status })),
    };
}

describe("uplink adapter when the spec leaves it unset", () => {
    const cases: { proves: string; view: NetworkView; adapter?: string; error?: RegExp }[] = [
        {
            proves: "the physical adapter holding the default route",
            view: view("Ethernet", [
                ["Ethernet", "Up"],
                ["Ethernet 2", "Up"],
            ]),
            adapter: "Ethernet",
        },
        {
            proves: "through vEthernet (<adapter>) once a vSwitch exists",
            view: view("vEthernet (Ethernet 2)", [
                ["Ethernet", "Up"],
                ["Ethernet 2", "Up"],
            ]),
            adapter: "Ethernet 2",
        },
        {
            proves: "the only physical adapter up when the default route is elsewhere",
            view: view("vEthernet (nat)", [
                ["Ethernet", "Up"],
                ["Ethernet 3", "Disconnected"],
            ]),
            adapter: "Ethernet",
        },
        {
            proves: "ambiguity is an error naming the adapters",
            view: view("vEthernet (nat)", [
                ["Ethernet", "Up"],
                ["Ethernet 2", "Up"],
            ]),
            error: /2 physical adapters up \(Ethernet, Ethernet 2\)/,
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            if (c.error) {
                expect(() => resolveUplinkAdapter(c.view, "win-1")).to.throw(c.error);
            } else {
                expect(resolveUplinkAdapter(c.view, "win-1")).to.equal(c.adapter);
            }
        });
    }
});

describe("first external network on a NIC (the blip) is detected from the existing networks", () => {
    const bound = (type: string, adapter: string) => ({
        Name: "x",
        Type: type,
        Policies: [{ Type: "NetAdapterName", Settings: { NetworkAdapterName: adapter } }],
    });
    const cases: { proves: string; networks: NetworkView["networks"]; first: boolean }[] = [
        { proves: "no networks: first", networks: [], first: true },
        {
            proves: "Docker's nat network does not bind a NIC: still first",
            networks: [{ Name: "nat" }],
            first: true,
        },
        {
            proves: "an L2Bridge network on the same NIC: not first",
            networks: [bound("L2Bridge", "Ethernet")],
            first: false,
        },
        {
            proves: "a Transparent network on the same NIC (any case): not first",
            networks: [bound("Transparent", "ETHERNET")],
            first: false,
        },
        {
            proves: "an L2Bridge network on another NIC: first",
            networks: [bound("L2Bridge", "Ethernet 2")],
            first: true,
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(
                !adapterHasExternalNetwork(
                    view("Ethernet", [["Ethernet", "Up"]], c.networks),
                    "Ethernet",
                ),
            ).to.equal(c.first);
        });
    }
});

describe("observed state is spelled like the desired state", () => {
    const cases: {
        proves: string;
        desired: unknown;
        observed: unknown;
        defaults?: Record<string, unknown>;
        result: unknown;
    }[] = [
        {
            proves: "[] observed equals an unset desired list",
            desired: { a: 1 },
            observed: { a: 1, list: [] },
            result: { a: 1 },
        },
        {
            proves: "{} desired equals an observed object of empty fields",
            desired: { dns: {} },
            observed: { dns: { servers: [], search: [] } },
            result: { dns: {} },
        },
        {
            proves: "an unset field equal to its default is dropped",
            desired: {},
            observed: { mode: "l2bridge" },
            defaults: { mode: "l2bridge" },
            result: {},
        },
        {
            proves: "an unset field NOT equal to its default is kept (drift shows)",
            desired: {},
            observed: { mode: "l2tunnel" },
            defaults: { mode: "l2bridge" },
            result: { mode: "l2tunnel" },
        },
        {
            proves: "a real difference is kept",
            desired: { dns: { servers: ["1.1.1.1"] } },
            observed: { dns: { servers: ["8.8.8.8"] } },
            result: { dns: { servers: ["8.8.8.8"] } },
        },
        {
            proves: "false is not empty",
            desired: { forwarding: true },
            observed: { forwarding: false },
            result: { forwarding: false },
        },
    ];
    for (const c of cases) {
        it(c.proves, () => {
            expect(alignToDesired(c.desired, c.observed, c.defaults)).to.deep.equal(c.result);
        });
    }
    it("MAC addresses equal without case or separator differences keep the desired spelling", () => {
        expect(alignMac("00:01:e8:8b:2e:4b", "00-01-E8-8B-2E-4B")).to.equal("00:01:e8:8b:2e:4b");
        expect(alignMac("00:01:e8:8b:2e:4b", "00-01-E8-8B-2E-4C")).to.equal("00-01-e8-8b-2e-4c");
    });
});
