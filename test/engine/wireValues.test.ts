import { expect } from "chai";
import type { WireValue } from "./support/wireValues";
import {
    annotateSecrets,
    exposedPlaintextPaths,
    isSecret,
    secretOf,
    secretPlaintexts,
    stripSecrets,
} from "./support/wireValues";

describe("engine wire values (what the harness does in the engine's place)", () => {
    const cases: { name: string; input: WireValue; stripped: WireValue }[] = [
        { name: "a plain string stays", input: "a", stripped: "a" },
        { name: "a secret string loses its wrapper", input: secretOf("pw"), stripped: "pw" },
        {
            name: "a secret nested in an object loses its wrapper",
            input: { connection: { user: "root", password: secretOf("pw") } },
            stripped: { connection: { user: "root", password: "pw" } },
        },
        {
            name: "a secret inside an array loses its wrapper",
            input: [secretOf("a"), "b"],
            stripped: ["a", "b"],
        },
        {
            name: "a secret whole object loses its wrapper and inner ones too",
            input: secretOf({ key: secretOf("k") }),
            stripped: { key: "k" },
        },
    ];
    for (const row of cases) {
        it(`stripSecrets: ${row.name}`, () => {
            expect(stripSecrets(row.input)).to.deep.equal(row.stripped);
        });
    }

    it("annotateSecrets re-marks an output under the same nested path as a secret input", () => {
        const inputs = { connection: { user: "root", password: secretOf("pw") } };
        const outputs = { connection: { user: "root", password: "pw" }, id: "x" };
        const annotated = annotateSecrets(outputs, inputs) as Record<string, WireValue>;
        const connection = annotated.connection as Record<string, WireValue>;
        expect(isSecret(connection.password)).to.equal(true);
        expect(isSecret(connection.user)).to.equal(false);
        expect(annotated.id).to.equal("x");
    });

    it("annotateSecrets leaves a derived output key in the clear (it needs additionalSecretOutputs)", () => {
        const annotated = annotateSecrets({ derived: "pw" }, { password: secretOf("pw") });
        expect(exposedPlaintextPaths(annotated, ["pw"])).to.deep.equal(["derived"]);
    });

    it("secretPlaintexts lists every string held in a secret", () => {
        const value = { a: secretOf({ b: "one", c: ["two"] }), d: "clear" };
        expect(secretPlaintexts(value).sort()).to.deep.equal(["one", "two"]);
    });

    it("exposedPlaintextPaths names each path where a secret appears in the clear", () => {
        const value = { a: { b: "x-pw-y" }, c: [secretOf("pw"), "pw"], d: "none" };
        expect(exposedPlaintextPaths(value, ["pw"])).to.deep.equal(["a.b", "c[1]"]);
    });
});
