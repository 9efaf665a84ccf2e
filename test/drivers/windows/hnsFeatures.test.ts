import { expect } from "chai";
import type { HnsFeature } from "../../../provider/drivers/windows/hnsFeatures";
import { featureProblem, supports } from "../../../provider/drivers/windows/hnsFeatures";

describe("HNS feature gates on /globals/version", () => {
    const cases: { feature: HnsFeature; version: [number, number]; supported: boolean }[] = [
        { feature: "v2Api", version: [9, 1], supported: false },
        { feature: "v2Api", version: [9, 2], supported: true },
        { feature: "directServerReturn", version: [9, 2], supported: false },
        { feature: "directServerReturn", version: [9, 3], supported: true },
        { feature: "directServerReturn", version: [9, 9], supported: true },
        { feature: "directServerReturn", version: [10, 1], supported: false },
        { feature: "directServerReturn", version: [10, 2], supported: true },
        { feature: "directServerReturn", version: [15, 0], supported: true },
        { feature: "dualStack", version: [11, 9], supported: false },
        { feature: "dualStack", version: [11, 10], supported: true },
        { feature: "loadBalancerModify", version: [15, 3], supported: false },
        { feature: "loadBalancerModify", version: [15, 4], supported: true },
        { feature: "loadBalancerModify", version: [16, 0], supported: true },
    ];
    for (const c of cases) {
        it(`${c.feature} on HNS ${c.version.join(".")}: ${c.supported ? "supported" : "refused"}`, () => {
            const version = { major: c.version[0], minor: c.version[1] };
            expect(supports(version, c.feature)).to.equal(c.supported);
            const problem = featureProblem(c.feature, version, "win-1", "field");
            expect(problem === undefined).to.equal(c.supported);
        });
    }
    it("the error names the field, the host, its version, the required versions and a fix", () => {
        const problem = featureProblem(
            "loadBalancerModify",
            { major: 13, minor: 1 },
            "win-1",
            "backends",
        );
        expect(problem).to.equal(
            "backends: modifying a load balancer in place needs HNS 15.4 and later, but host win-1 runs HNS 13.1. " +
                "Fix: turn backends off for this host or upgrade Windows on it.",
        );
    });
});
