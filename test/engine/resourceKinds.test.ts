import { expect } from "chai";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import * as trampolines from "../../provider/resources/trampolines";
import type { ResourceClassName } from "../provider/samples";
import { samples } from "../provider/samples";
import type { PropertyBag } from "./support/dynamicProviderHost";
import { DynamicProviderHost, dynamicUrn } from "./support/dynamicProviderHost";
import { linkPackageForNodePath } from "./support/packageLink";
import { serializeProvider } from "./support/serializedProvider";
import type { WireValue } from "./support/wireValues";
import {
    annotateSecrets,
    exposedPlaintextPaths,
    secretOf,
    secretPlaintexts,
    unknownValue,
} from "./support/wireValues";

const repoRoot = path.resolve(__dirname, "../..");

/** One row per resource kind: its provider, its module, and a field with a value check rejects. */
interface KindRow {
    kind: ResourceClassName;
    trampoline: pulumi.dynamic.ResourceProvider;
    module: string;
    field: string;
    bad: WireValue;
    /** Where `bad` goes in the sample bag (defaults to `field`). */
    place?: (bag: PropertyBag, value: WireValue) => PropertyBag;
}

const rows: KindRow[] = [
    {
        kind: "L2BridgeNetwork",
        trampoline: trampolines.l2BridgeNetworkTrampoline,
        module: "l2BridgeNetwork",
        field: "subnet",
        bad: "10.244.3.0/33",
    },
    {
        kind: "GatewayEndpoint",
        trampoline: trampolines.gatewayEndpointTrampoline,
        module: "gatewayEndpoint",
        field: "subnet",
        bad: "not-a-cidr",
    },
    {
        kind: "ContainerEndpoint",
        trampoline: trampolines.containerEndpointTrampoline,
        module: "containerEndpoint",
        field: "ipAddress",
        bad: "10.244.3.999",
    },
    {
        kind: "ContainerRoute",
        trampoline: trampolines.containerRouteTrampoline,
        module: "containerRoute",
        field: "destinationPrefix",
        bad: "10.244.4.0/40",
        place: (bag, value) => ({
            ...bag,
            routes: [{ destinationPrefix: value, nextHop: "10.77.0.12" }],
        }),
    },
    {
        kind: "HnsLoadBalancer",
        trampoline: trampolines.hnsLoadBalancerTrampoline,
        module: "hnsLoadBalancer",
        field: "frontendPort",
        bad: 70000,
    },
    {
        kind: "EndpointAcl",
        trampoline: trampolines.endpointAclTrampoline,
        module: "endpointAcl",
        field: "action",
        bad: "maybe",
        place: (bag, value) => ({
            ...bag,
            rules: [{ action: value, direction: "in", priority: 100, protocol: "tcp" }],
        }),
    },
    {
        kind: "PortPublish",
        trampoline: trampolines.portPublishTrampoline,
        module: "portPublish",
        field: "hostPort",
        bad: 0,
    },
];

/** Why a kind's provider cannot be loaded by package name from the repository, or "". */
function providerMissing(module: string): string {
    try {
        require.resolve(`pulumi-l2bridge/provider/resources/${module}`, { paths: [repoRoot] });
        return "";
    } catch {
        return `dist/provider/resources/${module}.js is not built (run npm run build)`;
    }
}

/** The sample bag as the engine sends it: credentials secret, `__provider` added. */
function engineBag(kind: ResourceClassName, providerText: string): PropertyBag {
    const sample = JSON.parse(JSON.stringify(samples[kind])) as PropertyBag;
    const connection = sample.connection as Record<string, WireValue>;
    for (const key of ["password", "privateKey", "privateKeyPassphrase"]) {
        if (typeof connection[key] === "string") connection[key] = secretOf(connection[key]);
    }
    return { ...sample, __provider: providerText };
}

describe("every resource kind through the dynamic-provider host (preview path)", function () {
    this.timeout(60000);
    let host: DynamicProviderHost;
    let link: ReturnType<typeof linkPackageForNodePath> | undefined;

    before(async () => {
        link = linkPackageForNodePath("lbe-engine-link-");
        host = await DynamicProviderHost.start({ cwd: repoRoot, nodePath: [link.directory] });
    });
    after(async () => {
        await host?.stop();
        link?.dispose();
    });

    for (const row of rows) {
        describe(row.kind, () => {
            let providerText = "";
            before(async function () {
                const missing = providerMissing(row.module);
                if (missing) {
                    console.log(`      ${row.kind} not checked: ${missing}`);
                    this.skip();
                }
                providerText = (await serializeProvider(row.trampoline)).text;
            });
            const urn = (): string => dynamicUrn(row.kind, "engine");
            const withValue = (value: WireValue): PropertyBag => {
                const bag = engineBag(row.kind, providerText);
                return row.place ? row.place(bag, value) : { ...bag, [row.field]: value };
            };

            it("serializes to a small trampoline that loads the provider by package name", () => {
                expect(providerText).to.include("pulumi-l2bridge/provider/resources/");
                expect(providerText).to.include(`"${row.module}"`);
                expect(providerText.length).to.be.lessThan(20000);
            });

            it(`accepts the sample inputs with no failure`, async () => {
                const result = await host.check(urn(), {}, engineBag(row.kind, providerText));
                expect(result.failures).to.deep.equal([]);
            });

            it(`surfaces a check failure naming ${row.field} and ${JSON.stringify(row.bad)}`, async () => {
                const result = await host.check(urn(), {}, withValue(row.bad));
                const texts = result.failures.map((f) => `${f.property} ${f.reason}`);
                expect(texts.some((text) => text.includes(row.field))).to.equal(
                    true,
                    `failures: ${JSON.stringify(result.failures)}`,
                );
                expect(texts.some((text) => text.includes(String(row.bad)))).to.equal(
                    true,
                    `failures: ${JSON.stringify(result.failures)}`,
                );
            });

            it(`lets an unknown ${row.field} (preview sentinel) through without a failure`, async () => {
                const result = await host.check(urn(), {}, withValue(unknownValue));
                const aboutField = result.failures.filter((f) =>
                    `${f.property} ${f.reason}`.includes(row.field),
                );
                expect(aboutField).to.deep.equal([]);
            });

            it("returns checked inputs whose credentials stay secret once the engine re-marks them", async () => {
                const sent = engineBag(row.kind, providerText);
                const result = await host.check(urn(), {}, sent);
                const stored = annotateSecrets(result.inputs, sent);
                const secrets = secretPlaintexts(sent);
                expect(secrets).to.have.length.greaterThan(0);
                expect(exposedPlaintextPaths(stored, secrets)).to.deep.equal([]);
            });

            it("diffs identical checked inputs as no change (ignoring __provider)", async () => {
                const checked = await host.check(urn(), {}, engineBag(row.kind, providerText));
                const olds = { ...checked.inputs, __provider: "older provider text" };
                const result = await host.diff(urn(), "engine-id", olds, checked.inputs);
                expect(result.changes).to.equal("none");
            });
        });
    }
});
