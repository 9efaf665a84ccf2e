/**
 * The one converge of an object (providers, lab and benchmarks share it): which apply it makes for
 * what the host holds, and the errors it gives, on a driver scripted to hold one object.
 */
import { expect } from "chai";
import type { ApplyOp, HostDriver, Observation } from "../../provider/drivers/hostDriver";
import type { L2BridgeNetworkSpec } from "../../provider/model/kinds";
import { convergeObject } from "../../provider/resources/convergeObject";

const spec: L2BridgeNetworkSpec = { name: "l2bridge", mode: "l2bridge", subnet: "10.244.1.0/24" };

/** A driver holding `held` (or nothing) whose applies make the host hold `afterApply`. */
function scriptedDriver(
    held: Observation<"l2BridgeNetwork"> | null,
    afterApply?: Partial<L2BridgeNetworkSpec>,
) {
    const applies: string[] = [];
    const driver: HostDriver = {
        os: "linux",
        observe: async () => held as never,
        apply: async (op: ApplyOp) => {
            applies.push(op.action);
            if (afterApply === undefined) {
                throw new Error("HNS refused the change");
            }
            return {
                id: held?.id ?? "new-id",
                owned: true,
                state: afterApply,
                details: {},
            } as never;
        },
        hostKeyFingerprint: async () => "",
    };
    return { driver, applies };
}

const held = (
    state: Partial<L2BridgeNetworkSpec>,
    owned = true,
): Observation<"l2BridgeNetwork"> => ({
    id: "held-id",
    owned,
    state: state as L2BridgeNetworkSpec,
    details: {},
});

describe("convergeObject: the apply made for what the host holds", () => {
    const rows: Array<{
        proves: string;
        held: Observation<"l2BridgeNetwork"> | null;
        afterApply?: Partial<L2BridgeNetworkSpec>;
        adopt?: boolean;
        verify?: boolean;
        outcome: string;
    }> = [
        {
            proves: "an absent object is created",
            held: null,
            afterApply: spec,
            outcome: "create new-id",
        },
        {
            proves: "an owned object equal to the spec is left alone",
            held: held(spec),
            outcome: "none held-id",
        },
        {
            proves: "an owned object that differs is updated in place",
            held: held({ ...spec, subnet: "10.244.9.0/24" }),
            afterApply: spec,
            outcome: "update held-id",
        },
        {
            proves: "a field the host holds but the spec no longer sets is a difference (an override removed from the program goes)",
            held: held({ ...spec, dns: { servers: ["10.0.0.10"] } }),
            afterApply: spec,
            outcome: "update held-id",
        },
        {
            proves: "an object not ours is refused, naming it, the host and the fix",
            held: held(spec, false),
            outcome:
                'error: L2BridgeNetwork: network "l2bridge" already exists on host h1 but was not created by pulumi-l2bridge (no ownership marker); set adopt: true to take it over, or choose another name',
        },
        {
            proves: "an object not ours is taken over with adopt",
            held: held({ ...spec, subnet: "10.244.9.0/24" }, false),
            afterApply: spec,
            adopt: true,
            outcome: "update held-id",
        },
        {
            proves: "verify names both states when an apply did not converge",
            held: null,
            afterApply: { ...spec, subnet: "10.244.9.0/24" },
            verify: true,
            outcome:
                'error new-id: L2BridgeNetwork: network "l2bridge" on host h1 does not match its spec after create: observed {"name":"l2bridge","mode":"l2bridge","subnet":"10.244.9.0/24"}, wanted {"name":"l2bridge","mode":"l2bridge","subnet":"10.244.1.0/24"}',
        },
        {
            proves: "a failed update carries the existing object's ID, so the engine keeps it",
            held: held({ ...spec, subnet: "10.244.9.0/24" }),
            outcome: "error held-id: HNS refused the change",
        },
    ];
    for (const row of rows) {
        it(row.proves, async () => {
            const { driver } = scriptedDriver(row.held, row.afterApply);
            const outcome = await convergeObject(driver, "l2BridgeNetwork", spec, {
                adopt: row.adopt,
                verify: row.verify,
                className: "L2BridgeNetwork",
                what: 'network "l2bridge"',
                host: "h1",
            }).then(
                (result) => `${result.action} ${result.observation.id}`,
                (error: Error & { id?: string }) =>
                    `error${error.id ? ` ${error.id}` : ""}: ${error.message}`,
            );
            expect(outcome).to.equal(row.outcome);
        });
    }
});
