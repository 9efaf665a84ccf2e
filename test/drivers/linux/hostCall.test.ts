import { expect } from "chai";
import { joinCalls, parseSections, prelude } from "../../../provider/drivers/linux/hostCall";

describe("script sections and joined calls", () => {
    it("splits output into named sections, trimming each", () => {
        const output = 'noise before\n\n@@l2b link\n[{}]\n\n@@l2b nat\n\n@@l2b dns\n{"a":1}\n';
        const sections = parseSections(output);
        expect([...sections.entries()]).to.deep.equal([
            ["link", "[{}]"],
            ["nat", ""],
            ["dns", '{"a":1}'],
        ]);
    });

    it("keeps a section whose content has lines that merely mention the mark", () => {
        const sections = parseSections("@@l2b a\nx @@l2b b\n");
        expect(sections.get("a")).to.equal("x @@l2b b");
    });

    it("gives no sections for output without marks", () => {
        expect(parseSections("just text").size).to.equal(0);
    });

    it("joins calls with one prelude and merges parameters, later ones winning", () => {
        const joined = joinCalls(
            { script: `${prelude}echo one`, params: { a: "1", b: "1" } },
            { script: `${prelude}echo two`, params: { b: "2" } },
        );
        expect(joined.script.split(prelude).length).to.equal(2);
        expect(joined.script.endsWith("echo one\necho two")).to.equal(true);
        expect(joined.params).to.deep.equal({ a: "1", b: "2" });
    });
});
