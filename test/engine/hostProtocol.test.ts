import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PropertyBag } from "./support/dynamicProviderHost";
import { DynamicProviderHost, dynamicUrn, ProviderCallError } from "./support/dynamicProviderHost";
import { failingProvider, fileRecordProvider } from "./support/fileRecordProvider";
import { serializeProvider } from "./support/serializedProvider";
import type { WireValue } from "./support/wireValues";
import {
    annotateSecrets,
    exposedPlaintextPaths,
    isSecret,
    secretOf,
    unknownValue,
} from "./support/wireValues";

const repoRoot = path.resolve(__dirname, "../..");
const urn = dynamicUrn("FileRecord", "first");

describe("dynamic-provider host over gRPC, as the engine drives it", function () {
    this.timeout(60000);
    let directory: string;
    let providerText: string;
    const hosts: DynamicProviderHost[] = [];
    const startHost = async (): Promise<DynamicProviderHost> => {
        const host = await DynamicProviderHost.start({ cwd: repoRoot });
        hosts.push(host);
        return host;
    };
    const inputs = (extra: PropertyBag = {}): PropertyBag => ({
        __provider: providerText,
        directory,
        name: "first",
        password: secretOf("file-record-pw"),
        label: "one",
        ...extra,
    });

    before(async () => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-engine-"));
        providerText = (await serializeProvider(fileRecordProvider)).text;
    });
    after(async () => {
        for (const host of hosts) await host.stop();
        fs.rmSync(directory, { recursive: true, force: true });
    });

    it("Configure answers acceptSecrets=false and supportsPreview=false (so the engine strips secrets)", async () => {
        const host = await startHost();
        expect(await host.configure()).to.deep.equal({
            acceptSecrets: false,
            supportsPreview: false,
        });
    });

    it("the serialized provider captures no plaintext secret", async () => {
        const serialized = await serializeProvider(fileRecordProvider);
        expect(serialized.containsSecrets).to.equal(false);
        expect(serialized.text).to.include("exports.handler");
    });

    it("Check returns failures naming the property and the bad value", async () => {
        const host = await startHost();
        const result = await host.check(urn, {}, inputs({ name: "Bad Name" }));
        expect(result.failures).to.have.length(1);
        expect(result.failures[0].property).to.equal("name");
        expect(result.failures[0].reason).to.include('"Bad Name"');
    });

    it("Check passes the preview sentinel of an unknown input through unchanged", async () => {
        const host = await startHost();
        const result = await host.check(urn, {}, inputs({ label: unknownValue }));
        expect(result.failures).to.deep.equal([]);
        expect(result.inputs.label).to.equal(unknownValue);
    });

    it("Create receives the stripped secret and the engine re-marks it under the same key only", async () => {
        const host = await startHost();
        const sent = inputs();
        const created = await host.create(urn, sent);
        const stored = annotateSecrets(created.outs, sent) as Record<string, WireValue>;
        expect(created.id).to.equal("first");
        const written = JSON.parse(fs.readFileSync(path.join(directory, "first.json"), "utf8"));
        expect(written.password).to.equal("file-record-pw");
        expect(isSecret(stored.password)).to.equal(true);
        expect(exposedPlaintextPaths(stored, ["file-record-pw"])).to.deep.equal([]);
        expect(stored.__provider).to.equal(providerText);
    });

    it("Diff reports an in-place change and a replacing change differently", async () => {
        const host = await startHost();
        const olds = { ...inputs(), path: "x" };
        const inPlace = await host.diff(urn, "first", olds, inputs({ label: "two" }));
        const replacing = await host.diff(urn, "first", olds, inputs({ name: "second" }));
        expect(inPlace).to.deep.equal({
            changes: "some",
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(replacing.changes).to.equal("some");
        expect(replacing.replaces).to.deep.equal(["name"]);
    });

    it("a fresh host process refreshes and deletes with the __provider stored in state", async () => {
        const first = await startHost();
        const created = await first.create(urn, inputs({ name: "fresh" }));
        const state = annotateSecrets(created.outs, inputs()) as PropertyBag;
        await first.stop();
        const second = await startHost();
        const refreshed = await second.read(urn, created.id, state, inputs({ name: "fresh" }));
        expect(refreshed.id).to.equal("fresh");
        expect(refreshed.outs.label).to.equal("one");
        await second.delete(urn, created.id, state);
        expect(fs.existsSync(path.join(directory, "fresh.json"))).to.equal(false);
        const gone = await second.read(urn, created.id, state, inputs({ name: "fresh" }));
        expect(gone.id).to.equal("");
    });

    it("Read without a stored __provider fails (why import/get cannot work for dynamic resources)", async () => {
        const host = await startHost();
        const error = await host.read(urn, "first", { directory }, {}).then(
            () => undefined,
            (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(ProviderCallError);
        expect((error as ProviderCallError).details).to.include("code must be a string");
    });

    it("an error thrown by create reaches the engine with its message", async () => {
        const host = await startHost();
        const failing = (await serializeProvider(failingProvider)).text;
        const error = await host.create(urn, { __provider: failing, name: "broken" }).then(
            () => undefined,
            (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(ProviderCallError);
        expect((error as ProviderCallError).details).to.include(
            "cannot create broken: host refused",
        );
    });
});
