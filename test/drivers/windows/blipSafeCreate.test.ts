import { expect } from "chai";
import { ScriptName } from "../../../provider/drivers/windows/scriptCatalog";
import { FakeRemoteScriptError, FakeTransportError } from "../../support/fakeWindowsSession";
import { networkWithDnsAndNat } from "./articleScenarios";
import { harness, Harness } from "./driverHarness";

const dropped = () => new FakeTransportError("connection reset by peer (host 10.127.130.4)");

/** Fails every invoke from the first `startNetworkCreate` on, for `count` invokes. */
function blipAfterStart(count: number, includeStart: boolean) {
    let started = -1;
    return (name: ScriptName, index: number) => {
        if (name === "startNetworkCreate" && started < 0) {
            started = index;
            return includeStart ? dropped() : undefined;
        }
        return started >= 0 && index > started && index <= started + count ? dropped() : undefined;
    };
}

async function createNetwork(h: Harness) {
    return h.driver.apply({
        kind: "network",
        action: "create",
        desired: networkWithDnsAndNat,
        observed: null,
    });
}

function count(h: Harness, name: ScriptName): number {
    return h.session.names().filter((n) => n === name).length;
}

async function failure(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return (error as Error).message;
    }
    return "no error";
}

describe("blip-safe creation of the first external network on a NIC", () => {
    it("the connection drops right after the start: polls ride out 5 transport errors, one create", async () => {
        const h = harness(blipAfterStart(5, false));
        const observed = await createNetwork(h);
        expect(observed!.state).to.deep.equal(networkWithDnsAndNat);
        expect(observed!.owned).to.equal(true);
        expect(h.host.networkCreates).to.equal(1);
        expect(count(h, "startNetworkCreate")).to.equal(1);
        expect(count(h, "pollNetworkCreate")).to.equal(6);
    });

    it("the start ran on the host but its answer was lost: not started again, one create", async () => {
        const h = harness(blipAfterStart(3, false));
        h.session.lostResponse = (name) => (name === "startNetworkCreate" ? dropped() : undefined);
        const observed = await createNetwork(h);
        expect(observed!.owned).to.equal(true);
        expect(count(h, "startNetworkCreate")).to.equal(1);
        expect(h.host.networkCreates).to.equal(1);
    });

    it("the start never reached the host: the poll finds no trace and starts it again with the same operation id", async () => {
        const h = harness(blipAfterStart(2, true));
        await createNetwork(h);
        const starts = h.session.calls.filter((c) => c.name === "startNetworkCreate");
        expect(starts).to.have.length(2);
        expect(starts[0].params.operationId).to.equal(starts[1].params.operationId);
        expect(h.host.networkCreates).to.equal(1);
    });

    it("a poll that finds the network already there is success, whatever the operation says", async () => {
        const h = harness();
        h.session.afterInvoke = (name) => {
            if (name === "startNetworkCreate") {
                h.host.networks.push({
                    ID: "6C2A7F3E-1B4D-4E8A-9C0F-2D3E4F5A6B7C",
                    Name: "l2bridge",
                    Type: "L2Bridge",
                });
            }
        };
        const observed = await createNetwork(h);
        expect(observed!.id).to.equal("6C2A7F3E-1B4D-4E8A-9C0F-2D3E4F5A6B7C");
        expect(h.host.networkCreates).to.equal(0);
    });

    it("a host that never comes back fails after reconnectSeconds, naming the limit and the last error", async () => {
        const h = harness((name, index) =>
            index > 1 && name !== "observeNetwork" ? dropped() : undefined,
        );
        const message = await failure(createNetwork(h));
        expect(message).to.match(/reconnectSeconds \(60 s\).*connection reset by peer.*idempotent/);
        const waited = h.clock.sleeps.reduce((a, b) => a + b, 0);
        expect(waited)
            .to.be.at.least(60_000)
            .and.below(60_000 + 10_000 + 1);
    });

    it("waits between polls double from 1 s up to 10 s", async () => {
        const h = harness(blipAfterStart(8, false));
        await createNetwork(h);
        expect(h.clock.sleeps.slice(0, 7)).to.deep.equal([
            1000, 2000, 4000, 8000, 10000, 10000, 10000,
        ]);
    });

    it("a create that fails on the host reports the host's error and is not retried", async () => {
        const h = harness();
        h.host.networks.push({
            ID: "B7C8D9E0-F1A2-4B3C-8D4E-5F60718293A4",
            Name: "other",
            Type: "NAT",
        });
        h.session.afterInvoke = (name, params) => {
            if (name === "startNetworkCreate") {
                const op = h.host.operations.get(params.operationId)!;
                op.result = {
                    state: "failed",
                    detail: "create network failed: HRESULT 0x803B0006 adapter not found",
                };
            }
        };
        const message = await failure(createNetwork(h));
        expect(message).to.match(/detached create failed on the host: .*0x803B0006/);
        expect(count(h, "startNetworkCreate")).to.equal(1);
    });

    it("refused credentials during a poll end the wait at once", async () => {
        const refused = new FakeTransportError('authentication as "Administrator" on win-1 failed');
        refused.name = "AuthenticationError";
        const h = harness((name) => (name === "pollNetworkCreate" ? refused : undefined));
        const message = await failure(createNetwork(h));
        expect(message).to.match(/authentication/);
        expect(count(h, "pollNetworkCreate")).to.equal(1);
    });

    it("a script error during a poll is not mistaken for a blip", async () => {
        const h = harness((name) =>
            name === "pollNetworkCreate"
                ? new FakeRemoteScriptError("Get-NetRoute: access denied")
                : undefined,
        );
        const message = await failure(createNetwork(h));
        expect(message).to.match(/access denied/);
        expect(count(h, "pollNetworkCreate")).to.equal(1);
    });
});
