import { expect } from "chai";
import { objectKinds } from "../../provider/model/kinds";

describe("package layout", () => {
    it("declares one object kind per dynamic resource", () => {
        expect(objectKinds).to.have.length(8);
    });
});
