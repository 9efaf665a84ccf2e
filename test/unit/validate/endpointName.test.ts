import { createHash } from "crypto";
import { expect } from "chai";
import { defaultEndpointName } from "../../../provider/validate/endpointName";
import { linuxInterfaceNameProblem } from "../../../provider/validate/names";

/** The first 4 hex digits of the SHA-1 of `text`, as the naming rule documents. */
function sha1Prefix(text: string): string {
    return createHash("sha1").update(text).digest("hex").slice(0, 4);
}

describe("default container endpoint names", () => {
    const cases: Array<[string, string, string]> = [
        ["web", "cbr0", "web-cbr0"],
        ["frontend", "cbr001", "frontend-cbr001"],
        ["frontend", "cbr0001", `frontend-c-${sha1Prefix("frontend-cbr0001")}`],
        [
            "averylongcontainername",
            "cbr0",
            `averylongc-${sha1Prefix("averylongcontainername-cbr0")}`,
        ],
    ];
    for (const [container, network, expected] of cases) {
        it(`${container} on ${network} → ${expected}`, () => {
            expect(defaultEndpointName(container, network)).to.equal(expected);
        });
    }

    const longPairs: Array<[string, string]> = [
        ["a".repeat(64), "cbr0"],
        ["web", "network.name.15"],
        ["0123456789abcdef0123456789abcdef", "l2b"],
    ];
    for (const [container, network] of longPairs) {
        it(`${container.slice(0, 12)}… on ${network} fits a Linux interface name`, () => {
            expect(
                linuxInterfaceNameProblem("name", defaultEndpointName(container, network)),
            ).to.equal(undefined);
        });
    }

    it("two long names sharing a prefix get different names", () => {
        expect(defaultEndpointName("frontend-blue", "cbr0")).to.not.equal(
            defaultEndpointName("frontend-green", "cbr0"),
        );
    });
});
