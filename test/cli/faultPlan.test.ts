import { expect } from "chai";
import { planFaults, seededRandom } from "./support/faultPlan";

describe("seeded SSH fault plans", () => {
    it("the same seed gives the same plan (a failing run can be replayed)", () => {
        expect(planFaults(7, 20, 9000)).to.deep.equal(planFaults(7, 20, 9000));
    });

    it("another seed gives other delays", () => {
        const delays = (seed: number): number[] => planFaults(seed, 20, 9000).map((f) => f.delayMs);
        expect(delays(7)).not.to.deep.equal(delays(8));
    });

    it("20 runs hold 10 connection cuts and 10 sshd stops", () => {
        const kinds = planFaults(1, 20, 9000).map((fault) => fault.kind);
        expect(kinds.filter((kind) => kind === "cut-connections")).to.have.length(10);
        expect(kinds.filter((kind) => kind === "stop-sshd")).to.have.length(10);
    });

    it("delays stay in [0, maxDelay) and downtimes in [500, 3000)", () => {
        for (const fault of planFaults(99, 200, 9000)) {
            expect(fault.delayMs).to.be.within(0, 8999);
            expect(fault.downMs).to.be.within(500, 2999);
        }
    });

    it("the generator yields numbers in [0, 1)", () => {
        const random = seededRandom(3);
        for (let i = 0; i < 1000; i++) {
            expect(random()).to.be.within(0, 0.9999999999);
        }
    });
});
