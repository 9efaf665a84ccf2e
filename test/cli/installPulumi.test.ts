import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeLanguageHost } from "./support/languageHostIdentity";

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

    it("compiles the language host with its own tsconfig and writes a launcher that says which host it is", () => {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-cache-"));
        const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;
        // A Go whose build writes a stand-in pulumi: the Go side is not what this row checks.
        const run = withFakeTools(
            {
                go: [
                    'case "$1 $2" in',
                    '  "env GOVERSION") echo go1.26.0 ;;',
                    '  "env GOPROXY") echo https://proxy.invalid ;;',
                    "  *)",
                    '    while [ "$#" -gt 0 ] && [ "$1" != "-o" ]; do shift; done',
                    `    printf '#!/bin/sh\\necho v${sdkVersion}\\n' >"$2" && chmod 0755 "$2" ;;`,
                    "esac",
                ].join("\n"),
            },
            { PULUMI_L2BRIDGE_CACHE: cache, PULUMI_L2BRIDGE_FORCE_BUILD: "1" },
        );
        try {
            expect(run.code, run.stderr).to.equal(0);
            const bin = run.stdout.trim();
            expect(bin).to.equal(path.join(cache, `v${sdkVersion}`, "bin"));
            expect(
                fs.readdirSync(path.join(cache, `v${sdkVersion}`, "lib")).sort(),
            ).to.include.members([
                "inspectGuard.js",
                "main.js",
                "resourcePackages.js",
                "runCommand.js",
            ]);
            expect(describeLanguageHost(bin)).to.equal(
                `pulumi-l2bridge test language host: scripts/pulumi-cli/languageHost (@pulumi/pulumi ${sdkVersion}), launcher ${path.join(bin, "pulumi-language-nodejs")}`,
            );
        } finally {
            fs.rmSync(cache, { recursive: true, force: true });
        }
    });

    it("names a language host without the marker as Pulumi's own", () => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lbe-cli-host-"));
        try {
            const launcher = path.join(directory, "pulumi-language-nodejs");
            fs.writeFileSync(launcher, "\x7fELF binary", { mode: 0o755 });
            expect(describeLanguageHost(directory)).to.equal(
                `Pulumi's own pulumi-language-nodejs, ${launcher}`,
            );
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});
