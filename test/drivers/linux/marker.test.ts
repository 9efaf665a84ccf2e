import { expect } from "chai";
import { formatMarker, parseMarker } from "../../../provider/drivers/linux/marker";
import { reportAs, withoutUndefined } from "../../../provider/drivers/linux/observedValue";

describe("ownership markers and reported values", () => {
    it("writes and reads back key=value words after the marker", () => {
        const alias = formatMarker("pulumi-l2bridge endpoint", {
            container: "c1",
            address: "10.0.0.5",
        });
        expect(alias).to.equal("pulumi-l2bridge endpoint container=c1 address=10.0.0.5");
        expect([...parseMarker(alias, "pulumi-l2bridge endpoint")!]).to.deep.equal([
            ["container", "c1"],
            ["address", "10.0.0.5"],
        ]);
    });

    it("reads an alias without the marker (someone else's interface) as no marker", () => {
        expect(parseMarker("docker bridge", "pulumi-l2bridge network")).to.equal(undefined);
        expect(parseMarker("pulumi-l2bridge networkx a=b", "pulumi-l2bridge network")).to.equal(
            undefined,
        );
    });

    it("refuses a value with a space, which would split the marker", () => {
        expect(() => formatMarker("m", { container: "a b" })).to.throw(
            /container="a b" must not hold spaces/,
        );
    });

    const reported: [string, unknown, unknown, unknown, unknown][] = [
        ["unset spec, host at the default → unset", undefined, true, true, undefined],
        ["unset spec, host off the default → the host's value", undefined, false, true, false],
        ["set spec → the host's value even at the default", true, true, true, true],
    ];
    for (const [label, spec, actual, fallback, expected] of reported) {
        it(`reports ${label}`, () => {
            expect(reportAs(spec, actual, fallback)).to.equal(expected);
        });
    }

    it("drops undefined keys so observations compare with specs", () => {
        expect(withoutUndefined({ a: 1, b: undefined })).to.deep.equal({ a: 1 });
        expect(Object.keys(withoutUndefined({ a: 1, b: undefined }))).to.deep.equal(["a"]);
    });
});
