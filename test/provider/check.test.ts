import { expect } from "chai";
import { FakeHosts } from "../support/fakeDriver";
import { providers } from "./providers";
import { resourceClassNames, samples } from "./samples";

const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every top-level field and every field of the first list entry, replaced by the unknown sentinel. */
function unknownVariants(
    sample: Record<string, unknown>,
): Array<[string, Record<string, unknown>]> {
    const variants: Array<[string, Record<string, unknown>]> = [];
    for (const [key, value] of Object.entries(sample)) {
        variants.push([key, { ...sample, [key]: unknown }]);
        if (Array.isArray(value) && value.length > 0) {
            variants.push([`${key}[0]`, { ...sample, [key]: [unknown, ...value.slice(1)] }]);
        }
        if (key === "connection") {
            for (const field of [
                "host",
                "user",
                "os",
                "transport",
                "privateKey",
                "winrm",
                "timeouts",
            ]) {
                variants.push([
                    `connection.${field}`,
                    { ...sample, connection: { ...(value as object), [field]: unknown } },
                ]);
            }
        }
        if (Array.isArray(value) && typeof value[0] === "object") {
            for (const field of Object.keys(value[0])) {
                const entry = { ...value[0], [field]: unknown };
                variants.push([
                    `${key}[0].${field}`,
                    { ...sample, [key]: [entry, ...value.slice(1)] },
                ]);
            }
        }
    }
    return variants;
}

describe("check", () => {
    let hosts: FakeHosts;
    let restore: () => void;
    before(() => {
        hosts = new FakeHosts();
        restore = hosts.install();
    });
    after(() => restore());

    for (const kind of resourceClassNames) {
        for (const [field, news] of unknownVariants(samples[kind] as Record<string, unknown>)) {
            it(`${kind}: an unknown ${field} passes check and stays unknown`, async () => {
                const result = await providers[kind].check({}, news);
                expect(result.failures).to.deep.equal([]);
                expect(JSON.stringify(result.inputs)).to.include(unknown);
            });
        }
    }

    it("reports each failure with the property path and the full message", async () => {
        const result = await providers.PortPublish.check(
            {},
            { ...samples.PortPublish, hostPort: "80" },
        );
        expect(result.failures).to.deep.equal([
            {
                property: "hostPort",
                reason: 'hostPort: "80" is a string, not a number; use a number such as 8080',
            },
        ]);
    });

    it("drops __provider from the checked inputs (the engine adds it back)", async () => {
        const result = await providers.PortPublish.check(
            {},
            { ...samples.PortPublish, __provider: "code" },
        );
        expect(result.inputs).to.not.have.property("__provider");
    });

    it("fills the documented defaults", async () => {
        const result = await providers.PortPublish.check({}, samples.PortPublish);
        expect(result.inputs).to.deep.include({ protocol: "tcp", localAccess: true, adopt: false });
    });

    it("check and diff never call the host (preview makes no remote call)", async () => {
        for (const kind of resourceClassNames) {
            const checked = await providers[kind].check({}, samples[kind]);
            await providers[kind].diff("id", checked.inputs ?? {}, {
                ...checked.inputs,
                adopt: true,
            });
        }
        expect(hosts.calls).to.deep.equal([]);
    });
});

describe("check of property names", () => {
    it("reports a misspelt property with the list of real ones", async () => {
        const { providers } = await import("./providers");
        const result = await providers.PortPublish.check(
            {},
            { ...samples.PortPublish, hostport: 80 },
        );
        expect(result.failures).to.deep.equal([
            {
                property: "hostport",
                reason: "hostport: is not a property of PortPublish; remove it or check the spelling (properties: connection, adopt, endpoint, endpointIp, endpointId, protocol, hostPort, containerPort, hostIp, localAccess)",
            },
        ]);
    });

    for (const kind of resourceClassNames) {
        it(`${kind}: every documented property of the sample is known`, async () => {
            const { providers } = await import("./providers");
            const result = await providers[kind].check({}, samples[kind]);
            expect(result.failures).to.deep.equal([]);
        });
    }
});
