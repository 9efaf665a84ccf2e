import { expect } from "chai";
import { planFaults, seededRandom } from "./support/faultPlan";

describe("seeded SSH fault plans", () => {
    it("the same seed gives the same plan (a failing run can be replayed)", () => {
        expect(planFaults(7, 20)).to.deep.equal(planFaults(7, 20));
    });

    it("another seed gives other fault points", () => {
        const points = (seed: number): number[] => planFaults(seed, 20).map((fault) => fault.at);
        expect(points(7)).not.to.deep.equal(points(8));
    });

    it("20 runs hold 10 connection cuts and 10 sshd stops", () => {
        const kinds = planFaults(1, 20).map((fault) => fault.kind);
        expect(kinds.filter((kind) => kind === "cut-connections")).to.have.length(10);
        expect(kinds.filter((kind) => kind === "stop-sshd")).to.have.length(10);
    });

    it("fault points stay in [0, 1) and downtimes are 0 to 3 changes, each of them drawn", () => {
        const plan = planFaults(99, 200);
        for (const fault of plan) {
            expect(fault.at).to.be.within(0, 0.9999999999);
            expect(Number.isInteger(fault.downChanges)).to.equal(true);
        }
        expect([...new Set(plan.map((fault) => fault.downChanges))].sort()).to.deep.equal([
            0, 1, 2, 3,
        ]);
    });

    it("the generator yields numbers in [0, 1)", () => {
        const random = seededRandom(3);
        for (let i = 0; i < 1000; i++) {
            expect(random()).to.be.within(0, 0.9999999999);
        }
    });
});
