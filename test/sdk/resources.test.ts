import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks } from "./recordingMocks";
import { resourceClassNames, samples, windowsConnection } from "../provider/samples";
import { unwrap } from "../support/unwrap";

const secretSignatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

const mocks = new RecordingMocks();
type Sdk = typeof import("../../sdk");
let sdk: Sdk;

function isSecretMarker(value: unknown): value is { value: unknown } {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>)[secretSignatureKey] === secretSignature
    );
}

describe("resource classes under mocks", () => {
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", false);
        sdk = await import("../../sdk");
    });

    for (const className of resourceClassNames) {
        describe(className, () => {
            const resourceName = `sample-${className.toLowerCase()}`;
            let resource: pulumi.dynamic.Resource;

            before(async () => {
                const ResourceClass = sdk[className] as unknown as new (
                    name: string,
                    args: unknown,
                ) => pulumi.dynamic.Resource;
                resource = new ResourceClass(resourceName, samples[className]);
                await unwrap(resource.urn);
            });

            it(`registers type token pulumi-nodejs:dynamic/l2bridge:${className}`, () => {
                expect(mocks.registration(resourceName).type).to.equal(
                    `pulumi-nodejs:dynamic/l2bridge:${className}`,
                );
            });

            it("sends every given input unchanged apart from the secret connection", () => {
                const { inputs } = mocks.registration(resourceName);
                const rest = Object.fromEntries(
                    Object.entries(samples[className]).filter(([key]) => key !== "connection"),
                );
                for (const [key, value] of Object.entries(rest)) {
                    expect(inputs[key], key).to.deep.equal(value);
                }
                const sentKeys = Object.keys(inputs).filter(
                    (key) => key !== "__provider" && key !== "connection",
                );
                expect(sentKeys.sort()).to.deep.equal(Object.keys(rest).sort());
            });

            it("sends the connection with its private key as a secret", () => {
                const { connection } = mocks.registration(resourceName).inputs;
                expect(isSecretMarker(connection), "connection carries a secret").to.equal(true);
                const plain = (connection as { value: Record<string, unknown> }).value;
                expect(plain.host).to.equal(samples[className].connection.host);
                expect(plain.privateKey).to.equal(samples[className].connection.privateKey);
            });

            it("carries a serialised provider that loads the built provider by package name", () => {
                const text = mocks.registration(resourceName).inputs.__provider as string;
                expect(text).to.include(`require("pulumi-l2bridge/provider/resources/" + file)`);
                const handler = require("require-from-string")(text).handler();
                for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
                    expect(handler[method], method).to.be.a("function");
                }
            });

            it("round-trips check through the serialised provider (after npm run build)", async () => {
                const text = mocks.registration(resourceName).inputs.__provider as string;
                const handler = require("require-from-string")(text).handler();
                const result = await handler.check({}, samples[className]);
                expect(result.failures).to.deep.equal([]);
                expect(result.inputs.connection.transport).to.equal("ssh");
                expect(result.inputs.adopt).to.equal(false);
            });

            it("reports check failures through the serialised provider", async () => {
                const text = mocks.registration(resourceName).inputs.__provider as string;
                const handler = require("require-from-string")(text).handler();
                const result = await handler.check(
                    {},
                    { ...samples[className], connection: undefined },
                );
                expect(result.failures).to.deep.equal([
                    {
                        property: "connection",
                        reason: "connection: is required; set it to { host, user, os, and password or privateKey }",
                    },
                ]);
            });

            it("exposes hostKeyFingerprint as an output property", () => {
                expect(
                    pulumi.Output.isInstance(
                        (resource as unknown as Record<string, unknown>).hostKeyFingerprint,
                    ),
                ).to.equal(true);
            });
        });
    }
});

describe("connection secrecy", () => {
    const cases: Array<[string, string, boolean]> = [
        ["password", "password", true],
        ["host", "host", false],
        ["user", "user", false],
    ];
    for (const [title, field, secret] of cases) {
        it(`a plain connection's ${title} is ${secret ? "" : "not "}secret`, async () => {
            const { secretConnection } = await import("../../sdk/resourceProps");
            const wrapped = secretConnection(windowsConnection) as Record<string, unknown>;
            const value = wrapped[field];
            const isSecret = pulumi.Output.isInstance(value) ? await pulumi.isSecret(value) : false;
            expect(isSecret).to.equal(secret);
        });
    }

    it("a connection given as one Output becomes secret as a whole", async () => {
        const { secretConnection } = await import("../../sdk/resourceProps");
        const wrapped = secretConnection(pulumi.output(windowsConnection));
        expect(await pulumi.isSecret(wrapped as pulumi.Output<unknown>)).to.equal(true);
    });

    it("leaves out connection fields that are undefined", async () => {
        const { secretConnection } = await import("../../sdk/resourceProps");
        const wrapped = secretConnection({ ...windowsConnection, privateKey: undefined });
        expect(Object.keys(wrapped)).to.not.include("privateKey");
    });
});
