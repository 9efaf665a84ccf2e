import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const script = path.resolve(__dirname, "../../scripts/install-pulumi");

/** A directory of fake executables for PATH, and a run of the script with it first on PATH. */
function withFakeTools(tools: Record<string, string>, env: Record<string, string> = {}) {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-tools-"));
    for (const [name, body] of Object.entries(tools)) {
        fs.writeFileSync(path.join(directory, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    const result = spawnSync("bash", [script], {
        env: { ...process.env, PATH: `${directory}:${process.env.PATH ?? ""}`, ...env },
        encoding: "utf8",
        timeout: 60000,
    });
    fs.rmSync(directory, { recursive: true, force: true });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, directory };
}

describe("scripts/install-pulumi", function () {
    this.timeout(60000);

    it("builds nothing when another pulumi is on PATH and prints that directory", () => {
        const run = withFakeTools({ pulumi: "echo v0.0.0" });
        expect(run.code).to.equal(0);
        expect(run.stdout.trim()).to.equal(run.directory);
        expect(run.stderr).to.include("nothing to build");
    });

    it("refuses a Go older than pkg/v3 needs, naming both versions (exit 2)", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-cache-"));
        const run = withFakeTools(
            { go: 'if [ "$1 $2" = "env GOVERSION" ]; then echo go1.20.0; else exit 9; fi' },
            { PULUMI_L2BRIDGE_CACHE: cache, PULUMI_L2BRIDGE_FORCE_BUILD: "1" },
        );
        fs.rmSync(cache, { recursive: true, force: true });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(/Go 1\.20\.0 is older than the 1\.25\.\d+ that/);
        expect(run.stdout).to.equal("");
    });

    it("reports a failed go build with exit 3 and the reason to check", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-cache-"));
        const run = withFakeTools(
            {
                go: [
                    'case "$1 $2" in',
                    '  "env GOVERSION") echo go1.26.0 ;;',
                    '  "env GOPROXY") echo https://proxy.invalid ;;',
                    "  *) echo 'dial tcp: lookup proxy.invalid: no such host' >&2; exit 1 ;;",
                    "esac",
                ].join("\n"),
            },
            { PULUMI_L2BRIDGE_CACHE: cache, PULUMI_L2BRIDGE_FORCE_BUILD: "1" },
        );
        fs.rmSync(cache, { recursive: true, force: true });
        expect(run.code).to.equal(3);
        expect(run.stderr).to.include("no such host");
        expect(run.stderr).to.include("check that https://proxy.invalid is reachable");
    });
});
