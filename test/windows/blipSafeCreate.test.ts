/**
 * The first external network on a NIC is created by a scheduled task on the host while the
 * connection may drop: the real scripts run in PowerShell 7 on the emulated host, and a session
 * wrapper loses requests or answers as a blip would.
 */
import { expect } from "chai";
import type { HostSession } from "../../provider/transport/types";
import { networkWithDnsAndNat } from "../drivers/windows/articleScenarios";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { scriptNameOf } from "../support/scriptCoverage";

/** A transport failure as the SSH transport reports a reset. */
class DroppedConnection extends Error {
    constructor() {
        super("connection reset by peer (host emulated-windows)");
        this.name = "TransportError";
    }
}

interface Sent {
    name: string;
    params: Record<string, unknown>;
}

/**
 * A session that drops requests (`before` → never reaches the host) or answers (`after` → ran, the
 * answer is lost), decided per request from its script name and its index.
 */
function faulty(
    sent: Sent[],
    decide: (name: string, index: number) => "before" | "after" | undefined,
): (session: HostSession) => HostSession {
    return (session) => ({
        os: "windows",
        hostKeyFingerprint: () => "",
        invoke: async (script, params = {}, options) => {
            const name = scriptNameOf(script) ?? "(other)";
            const index = sent.length;
            sent.push({ name, params });
            const fault = decide(name, index);
            if (fault === "before") throw new DroppedConnection();
            const answer = await session.invoke(script, params, options);
            if (fault === "after") throw new DroppedConnection();
            return answer;
        },
    });
}

/** Drops every request after the first start, for `count` requests. */
function blipAfterStart(count: number, dropStart: boolean) {
    let started = -1;
    return (name: string, index: number): "before" | undefined => {
        if (name === "startNetworkCreate" && started < 0) {
            started = index;
            return dropStart ? "before" : undefined;
        }
        return started >= 0 && index > started && index <= started + count ? "before" : undefined;
    };
}

describe("blip-safe creation of the first external network on a NIC, in real PowerShell", function () {
    this.timeout(300_000);
    let h: EmulatedWindowsDriver | undefined;
    before(function () {
        skipWithoutEmulatedWindows(this);
    });
    afterEach(async () => {
        await h?.stop();
        h = undefined;
    });

    const creates = () => h!.hcnCalls.filter((c) => c === "HcnCreateNetwork").length;
    const create = () =>
        h!.driver.apply({
            kind: "l2BridgeNetwork",
            action: "create",
            desired: networkWithDnsAndNat,
            observed: null,
        });

    it("the connection drops right after the start: the polls ride out 5 dropped requests, one create", async () => {
        const sent: Sent[] = [];
        h = await startEmulatedWindowsDriver({
            wrapSession: faulty(sent, blipAfterStart(5, false)),
        });
        const observed = await create();
        expect(observed!.state).to.deep.equal(networkWithDnsAndNat);
        expect(observed!.owned).to.equal(true);
        expect(creates()).to.equal(1);
        expect(sent.filter((s) => s.name === "startNetworkCreate")).to.have.length(1);
    });

    it("the start ran on the host but its answer was lost: not started again, one create", async () => {
        const sent: Sent[] = [];
        h = await startEmulatedWindowsDriver({
            wrapSession: faulty(sent, (name) =>
                name === "startNetworkCreate" ? "after" : undefined,
            ),
        });
        expect((await create())!.owned).to.equal(true);
        expect(creates()).to.equal(1);
    });

    it("the start never reached the host: the poll finds no trace and starts it again with the same operation id", async () => {
        const sent: Sent[] = [];
        h = await startEmulatedWindowsDriver({
            wrapSession: faulty(sent, blipAfterStart(2, true)),
        });
        await create();
        const starts = sent.filter((s) => s.name === "startNetworkCreate");
        expect(starts).to.have.length(2);
        expect(starts[0].params.operationId).to.equal(starts[1].params.operationId);
        expect(creates()).to.equal(1);
    });

    it("a create that HNS refuses reports HNS's error from the task's result file and is not retried", async () => {
        const sent: Sent[] = [];
        h = await startEmulatedWindowsDriver({ wrapSession: faulty(sent, () => undefined) });
        let message = "(no failure)";
        try {
            await h.driver.apply({
                kind: "l2BridgeNetwork",
                action: "create",
                desired: { ...networkWithDnsAndNat, adapter: "Ethernet 9" },
                observed: null,
            });
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.match(/detached create failed on the host: .*0x803B0006/);
        expect(sent.filter((s) => s.name === "startNetworkCreate")).to.have.length(1);
    });
});
