import { expect } from "chai";
import type { RunRequestFields } from "../../scripts/pulumi-cli/languageHost/runCommand";
import {
    buildRunCommand,
    runOutcome,
    splitNodeArgs,
} from "../../scripts/pulumi-cli/languageHost/runCommand";
import type { PackageTree } from "../../scripts/pulumi-cli/languageHost/resourcePackages";
import {
    findResourcePackages,
    resourcePackageOf,
} from "../../scripts/pulumi-cli/languageHost/resourcePackages";

const baseRequest: RunRequestFields = {
    monitorAddress: "127.0.0.1:4000",
    project: "lab",
    stack: "dev",
    organization: "",
    pwd: "/work/lab",
    program: "",
    args: [],
    dryRun: false,
    parallel: 16,
    config: { "lab:hosts": "2" },
    configSecretKeys: ["lab:password"],
    rootDirectory: "/work/lab",
    runtimeOptions: {},
};
const host = {
    runScript: "/sdk/cmd/run",
    engineAddress: "127.0.0.1:5000",
    preloadScript: "/host/inspectGuard.js",
};

describe("Node language host: Run command line", () => {
    it("preloads the inspect guard, then passes monitor, engine, project, root, stack, pwd, parallel and '.' as entry point", () => {
        expect(buildRunCommand(baseRequest, host).args).to.deep.equal([
            "--require=/host/inspectGuard.js",
            "/sdk/cmd/run",
            "--monitor",
            "127.0.0.1:4000",
            "--engine",
            "127.0.0.1:5000",
            "--project",
            "lab",
            "--root-directory",
            "/work/lab",
            "--stack",
            "dev",
            "--pwd",
            "/work/lab",
            "--parallel",
            "16",
            ".",
        ]);
    });

    it("adds --dry-run for preview and keeps the entry point and program args last", () => {
        const args = buildRunCommand(
            { ...baseRequest, dryRun: true, program: "bin/index.js", args: ["x"] },
            host,
        ).args;
        expect(args).to.include("--dry-run");
        expect(args.slice(-2)).to.deep.equal(["bin/index.js", "x"]);
    });

    it("passes the preload as one --require=<file> argument (a bare --require turns off cmd/run's automatic ESM mode)", () => {
        const args = buildRunCommand(baseRequest, host).args;
        expect(args).to.not.include("--require");
        expect(args.filter((arg) => arg.startsWith("--require"))).to.deep.equal([
            "--require=/host/inspectGuard.js",
        ]);
    });

    it("starts no preload when the host has none", () => {
        const args = buildRunCommand(baseRequest, { ...host, preloadScript: "" }).args;
        expect(args[0]).to.equal("/sdk/cmd/run");
    });

    it("puts runtime.options.nodeargs before the preload and the run script", () => {
        const args = buildRunCommand(
            {
                ...baseRequest,
                runtimeOptions: { nodeargs: " --max-old-space-size=512  --trace-warnings" },
            },
            host,
        ).args;
        expect(args.slice(0, 4)).to.deep.equal([
            "--max-old-space-size=512",
            "--trace-warnings",
            "--require=/host/inspectGuard.js",
            "/sdk/cmd/run",
        ]);
    });

    it("carries config and secret key names in the environment, never in arguments", () => {
        const command = buildRunCommand(baseRequest, host);
        expect(JSON.parse(command.env.PULUMI_CONFIG)).to.deep.equal({ "lab:hosts": "2" });
        expect(JSON.parse(command.env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(["lab:password"]);
        expect(command.args.join(" ")).not.to.include("lab:hosts");
    });

    it("maps runtime options typescript and tsconfig to the SDK's environment variables", () => {
        const env = buildRunCommand(
            {
                ...baseRequest,
                runtimeOptions: { typescript: false, tsconfig: "tsconfig.lab.json" },
            },
            host,
        ).env;
        expect(env.PULUMI_NODEJS_TYPESCRIPT).to.equal("false");
        expect(env.PULUMI_NODEJS_TSCONFIG_PATH).to.equal("tsconfig.lab.json");
    });

    const nodeArgRows: { given: unknown; expected: string[] }[] = [
        { given: undefined, expected: [] },
        { given: 42, expected: [] },
        { given: "", expected: [] },
        { given: "--a  --b", expected: ["--a", "--b"] },
    ];
    for (const row of nodeArgRows) {
        it(`splitNodeArgs(${JSON.stringify(row.given)}) gives ${JSON.stringify(row.expected)}`, () => {
            expect(splitNodeArgs(row.given)).to.deep.equal(row.expected);
        });
    }

    const outcomeRows: {
        code: number | null;
        signal: string | null;
        expected: { error: string; bail: boolean };
    }[] = [
        { code: 0, signal: null, expected: { error: "", bail: false } },
        { code: 32, signal: null, expected: { error: "", bail: true } },
        {
            code: 1,
            signal: null,
            expected: { error: "Program exited with non-zero exit code: 1", bail: false },
        },
        {
            code: null,
            signal: "SIGKILL",
            expected: { error: "Program was ended by signal SIGKILL", bail: false },
        },
    ];
    for (const row of outcomeRows) {
        it(`exit ${row.code ?? row.signal} becomes ${JSON.stringify(row.expected)}`, () => {
            expect(runOutcome(row.code, row.signal)).to.deep.equal(row.expected);
        });
    }
});

describe("Node language host: resource packages a program declares", () => {
    const packageRows: { name: string; json: string; expected: unknown }[] = [
        {
            name: "a @pulumi package with pulumi.resource true",
            json: '{"name":"@pulumi/command","version":"1.2.1","pulumi":{"resource":true}}',
            expected: { name: "command", version: "v1.2.1", server: "" },
        },
        {
            name: "another scope keeps its scope name without '@'",
            json: '{"name":"@acme/thing","version":"v2.0.0","pulumi":{"resource":true,"server":"https://x"}}',
            expected: { name: "acme/thing", version: "v2.0.0", server: "https://x" },
        },
        {
            name: "pulumi.name overrides the npm name",
            json: '{"name":"@pulumi/azure-native","version":"3.28.0","pulumi":{"resource":true,"name":"azure-native"}}',
            expected: { name: "azure-native", version: "v3.28.0", server: "" },
        },
        {
            name: "a package without pulumi.resource declares nothing",
            json: '{"name":"@pulumi/pulumi","version":"3.248.0"}',
            expected: undefined,
        },
        { name: "invalid JSON declares nothing", json: "{", expected: undefined },
    ];
    for (const row of packageRows) {
        it(row.name, () => {
            expect(resourcePackageOf(row.json)).to.deep.equal(row.expected);
        });
    }

    it("scans scoped and nested node_modules and reports each plugin once", () => {
        const files: Record<string, string> = {
            "/p/node_modules/@pulumi/command/package.json":
                '{"name":"@pulumi/command","version":"1.2.1","pulumi":{"resource":true}}',
            "/p/node_modules/@pulumi/pulumi/package.json":
                '{"name":"@pulumi/pulumi","version":"3.248.0"}',
            "/p/node_modules/lib/package.json": '{"name":"lib","version":"1.0.0"}',
            "/p/node_modules/lib/node_modules/@pulumi/command/package.json":
                '{"name":"@pulumi/command","version":"1.2.1","pulumi":{"resource":true}}',
            "/p/node_modules/lib/node_modules/@pulumi/random/package.json":
                '{"name":"@pulumi/random","version":"4.0.0","pulumi":{"resource":true}}',
        };
        const directories = new Set<string>();
        for (const file of Object.keys(files)) {
            const parts = file.split("/");
            for (let i = 2; i < parts.length; i++) directories.add(parts.slice(0, i).join("/"));
        }
        const tree: PackageTree = {
            list: (directory) => [
                ...new Set(
                    [...directories, ...Object.keys(files)]
                        .filter((entry) => entry.startsWith(`${directory}/`))
                        .map((entry) => entry.slice(directory.length + 1).split("/")[0]),
                ),
            ],
            isDirectory: (entry) => directories.has(entry),
            read: (file) => files[file],
        };
        expect(findResourcePackages("/p", tree).map((p) => `${p.name}@${p.version}`)).to.deep.equal(
            ["command@v1.2.1", "random@v4.0.0"],
        );
    });
});
