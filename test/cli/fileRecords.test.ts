import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    findPulumiCli,
    programDirectory,
    PulumiWorkspace,
    removeScratchLeftovers,
} from "./support/pulumiCli";

const cli = findPulumiCli();
const password = "cli-file-records-Passw0rd";

function listing(directory: string): Record<string, string> {
    return Object.fromEntries(
        fs
            .readdirSync(directory)
            .sort()
            .map((name) => [name, fs.readFileSync(path.join(directory, name), "utf8")]),
    );
}

describe("pulumi CLI: preview, up, refresh, destroy of a dynamic-provider program", function () {
    this.timeout(300000);
    let workspace: PulumiWorkspace | undefined;
    let hostDirectory: string;
    let hostBefore: Record<string, string>;
    const records = (...rows: [string, string, string?][]): string =>
        JSON.stringify(rows.map(([name, label, file]) => ({ name, label, file })));

    before(async function () {
        if (!cli.binDirectory) {
            console.log(`    CLI suite did not run: ${cli.reason}`);
            this.skip();
        }
        removeScratchLeftovers();
        hostDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-host-"));
        fs.writeFileSync(path.join(hostDirectory, "foreign.json"), '{"owner":"someone else"}');
        hostBefore = listing(hostDirectory);
        workspace = await PulumiWorkspace.create({
            programDirectory: programDirectory("fileRecords"),
            binDirectory: cli.binDirectory!,
            scratchPrefix: "lbe-cli-",
        });
        await workspace.setConfig("directory", hostDirectory);
        await workspace.setConfig("password", password, true);
        await workspace.setConfig("records", records(["alpha", "one"], ["beta", "one"]));
    });
    after(async () => {
        await workspace?.dispose();
        if (hostDirectory) fs.rmSync(hostDirectory, { recursive: true, force: true });
    });

    it("preview plans one create per record and changes nothing on the host", async () => {
        const steps = await workspace!.preview();
        expect(steps.map((step) => `${step.op} ${step.name}`).sort()).to.deep.equal([
            "create alpha",
            "create beta",
        ]);
        expect(listing(hostDirectory)).to.deep.equal(hostBefore);
    });

    it("up creates the records and a second preview plans nothing", async () => {
        await workspace!.up();
        expect(Object.keys(listing(hostDirectory)).sort()).to.deep.equal([
            "alpha.json",
            "beta.json",
            "foreign.json",
        ]);
        const steps = await workspace!.preview();
        expect(steps.filter((step) => step.op !== "same")).to.deep.equal([]);
    });

    it("the state holds the password only encrypted (export and every backend file)", async () => {
        const state = await workspace!.exportState();
        expect(state.resources.filter((r) => r.type.endsWith(":FileRecord"))).to.have.length(2);
        expect(state.text).not.to.include(password);
        expect(workspace!.backendFilesText()).not.to.include(password);
    });

    it("the preview tells an in-place change (update) from a replacing one (replace)", async () => {
        await workspace!.setConfig("records", records(["alpha", "two"], ["beta", "one", "b2"]));
        const steps = await workspace!.preview();
        const ops = steps.filter((step) => step.op !== "same").map((s) => `${s.op} ${s.name}`);
        expect(ops.sort()).to.deep.equal(["replace beta", "update alpha"]);
        expect(listing(hostDirectory)["alpha.json"]).to.include('"label":"one"');
        await workspace!.setConfig("records", records(["alpha", "one"], ["beta", "one"]));
    });

    it("an out-of-band deletion shows in refresh and up restores it", async () => {
        fs.rmSync(path.join(hostDirectory, "beta.json"));
        const refreshed = await workspace!.refresh();
        expect(refreshed.stdout).to.match(/beta\s+deleted/);
        const steps = await workspace!.preview();
        expect(steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`)).to.deep.equal([
            "create beta",
        ]);
        await workspace!.up();
        expect(fs.existsSync(path.join(hostDirectory, "beta.json"))).to.equal(true);
    });

    it("destroy leaves the host directory exactly as before", async () => {
        await workspace!.destroy();
        expect(listing(hostDirectory)).to.deep.equal(hostBefore);
    });
});
