/**
 * The published entry points, loaded as a user loads them: by package name through `exports`, in a
 * fresh `node` process, from the built `dist/`. Importing the resources must not load the Azure
 * or command packages (they are optional peer dependencies); the Azure components come from
 * `pulumi-l2bridge/azure`; serialized providers still find their modules by name.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");
const builtRoot = path.join(repoRoot, "dist", "index.js");

/** Packages that only the Azure entry point may load. */
const optionalPeers = ["@pulumi/azure-native", "@pulumi/command"];

/** What the probe reports about one `require`. */
interface LoadReport {
    /** The module's export names, or the error code when it could not be loaded. */
    exports?: string[];
    error?: string;
    /** Optional peers with at least one module in `require.cache` afterwards. */
    loadedPeers: string[];
    /** For the Azure entry: whether its cluster extends the cluster of the package root. */
    clusterExtendsRoot?: boolean;
}

/** Requires `specifier` in a fresh node process started in `directory` and reports what loaded. */
const probeSource = `
const [specifier, peers] = [process.argv[2], JSON.parse(process.argv[3])];
const report = { loadedPeers: [] };
try {
    const loaded = require(specifier);
    report.exports = Object.keys(loaded).sort();
    if (specifier === "pulumi-l2bridge/azure") {
        report.clusterExtendsRoot =
            loaded.L2BridgeCluster.prototype instanceof require("pulumi-l2bridge").L2BridgeCluster;
    }
} catch (error) {
    report.error = error.code || String(error);
}
const sep = require("path").sep;
const cached = Object.keys(require.cache);
report.loadedPeers = peers.filter((peer) =>
    cached.some((file) => file.includes(sep + "node_modules" + sep + peer.split("/").join(sep) + sep)),
);
process.stdout.write(JSON.stringify(report));
`;

function probe(directory: string, specifier: string): Promise<LoadReport> {
    const env = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [path.join(directory, "probe.js"), specifier, JSON.stringify(optionalPeers)],
            { cwd: directory, env },
            (error, stdout, stderr) =>
                error
                    ? reject(new Error(`probe of ${specifier} failed: ${stderr || error.message}`))
                    : resolve(JSON.parse(stdout) as LoadReport),
        );
    });
}

interface EntryRow {
    specifier: string;
    proves: string;
    check(report: LoadReport): void;
}

const rows: EntryRow[] = [
    {
        specifier: "pulumi-l2bridge",
        proves: "exposes the resources and the cluster without loading @pulumi/azure-native or @pulumi/command",
        check(report) {
            expect(report.error).to.equal(undefined);
            expect(report.exports).to.include.members([
                "L2BridgeNetwork",
                "GatewayEndpoint",
                "ContainerEndpoint",
                "ContainerRoute",
                "HnsLoadBalancer",
                "EndpointAcl",
                "PortPublish",
                "L2BridgeCluster",
            ]);
            expect(report.exports).to.not.include.members(["AzureRouteTable"]);
            expect(report.exports).to.not.include.members(["WindowsContainerHost"]);
            expect(report.loadedPeers).to.deep.equal([]);
        },
    },
    {
        specifier: "pulumi-l2bridge/azure",
        proves: "exposes the Azure components, its cluster extending the root's (and does load Azure)",
        check(report) {
            expect(report.error).to.equal(undefined);
            expect(report.exports).to.include.members([
                "AzureRouteTable",
                "WindowsContainerHost",
                "L2BridgeCluster",
            ]);
            expect(report.clusterExtendsRoot).to.equal(true);
            // The probe sees these packages when they do load, so the root row's empty list counts.
            expect(report.loadedPeers).to.deep.equal(optionalPeers);
        },
    },
    ...[
        "l2BridgeNetwork",
        "gatewayEndpoint",
        "containerEndpoint",
        "containerRoute",
        "hnsLoadBalancer",
        "endpointAcl",
        "portPublish",
    ].map((kind): EntryRow => ({
        specifier: `pulumi-l2bridge/provider/resources/${kind}`,
        proves: "stays loadable by name for serialized providers, without the optional peers",
        check(report) {
            expect(report.error).to.equal(undefined);
            expect(report.exports).to.include("provider");
            expect(report.loadedPeers).to.deep.equal([]);
        },
    })),
    ...[
        "pulumi-l2bridge/components/l2BridgeCluster",
        "pulumi-l2bridge/sdk/l2BridgeNetwork",
        "pulumi-l2bridge/provider/transport/pool",
        "pulumi-l2bridge/dist/index.js",
    ].map((specifier): EntryRow => ({
        specifier,
        proves: "is not exported (internal module)",
        check(report) {
            expect(report.error).to.equal("ERR_PACKAGE_PATH_NOT_EXPORTED");
        },
    })),
];

describe("package entry points, loaded by name in a fresh node process", function () {
    this.timeout(60000);
    let directory = "";

    before(function () {
        if (!fs.existsSync(builtRoot)) {
            console.log(`      skipped: ${builtRoot} is not built (run npm run build)`);
            this.skip();
        }
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-entry-"));
        fs.mkdirSync(path.join(directory, "node_modules"));
        fs.symlinkSync(repoRoot, path.join(directory, "node_modules", "pulumi-l2bridge"), "dir");
        fs.writeFileSync(path.join(directory, "probe.js"), probeSource);
    });

    after(() => {
        if (directory) fs.rmSync(directory, { recursive: true, force: true });
    });

    for (const row of rows) {
        it(`${row.specifier} ${row.proves}`, async () => {
            row.check(await probe(directory, row.specifier));
        });
    }
});

/** Specifiers of relative imports and references in a declaration file. */
function declarationImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:from|import\()\s*"([^"]+)"/g)].map((match) => match[1]);
}

/** Every declaration file reachable from `entry` through relative imports, and the packages named. */
function reachableDeclarations(entry: string): { files: string[]; packages: Set<string> } {
    const files: string[] = [];
    const packages = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
        const file = pending.pop() as string;
        if (files.includes(file)) continue;
        files.push(file);
        for (const specifier of declarationImports(file)) {
            if (!specifier.startsWith(".")) {
                packages.add(specifier);
                continue;
            }
            const base = path.resolve(path.dirname(file), specifier);
            const candidate = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((name) =>
                fs.existsSync(name),
            );
            if (candidate) pending.push(candidate);
        }
    }
    return { files, packages };
}

describe("published declarations", () => {
    const declarationRows = [
        { entry: "index.d.ts", azure: false },
        { entry: "azure.d.ts", azure: true },
    ];

    before(function () {
        if (!fs.existsSync(builtRoot)) {
            console.log(`      skipped: ${builtRoot} is not built (run npm run build)`);
            this.skip();
        }
    });

    for (const row of declarationRows) {
        it(`dist/${row.entry} ${row.azure ? "names" : "does not name"} @pulumi/azure-native`, () => {
            const { packages } = reachableDeclarations(path.join(repoRoot, "dist", row.entry));
            const azurePackages = [...packages].filter((name) =>
                optionalPeers.some((peer) => name === peer || name.startsWith(`${peer}/`)),
            );
            if (row.azure) {
                expect(azurePackages).to.include("@pulumi/azure-native/network");
            } else {
                expect(azurePackages).to.deep.equal([]);
            }
        });
    }

    it("leave out what is marked @internal (the cluster's route table factory)", () => {
        const { files } = reachableDeclarations(path.join(repoRoot, "dist", "azure.d.ts"));
        const cluster = files.find((file) => file.endsWith(`${path.sep}l2BridgeCluster.d.ts`));
        expect(cluster, "l2BridgeCluster.d.ts is reachable").to.be.a("string");
        for (const file of files) {
            expect(fs.readFileSync(file, "utf8"), file).to.not.include("routeTableFactory");
        }
    });
});

/** A program using both entry points, as a user writes it. */
const consumerSource = `import { L2BridgeCluster, L2BridgeNetwork } from "pulumi-l2bridge";
import {
    AzureRouteTable,
    L2BridgeCluster as AzureL2BridgeCluster,
    WindowsContainerHost,
} from "pulumi-l2bridge/azure";

const rootCluster: L2BridgeCluster | undefined = undefined;
const azureCluster: AzureL2BridgeCluster | undefined = undefined;
export const classes = [L2BridgeNetwork, AzureRouteTable, WindowsContainerHost, rootCluster, azureCluster];
`;

describe("a program type-checks against the published layout (package.json and dist/ only)", function () {
    this.timeout(180000);
    const resolutions = [
        { moduleResolution: "node", module: "commonjs", via: "typesVersions" },
        { moduleResolution: "node16", module: "node16", via: "exports" },
    ];
    let directory = "";

    before(function () {
        if (!fs.existsSync(builtRoot)) {
            console.log(`      skipped: ${builtRoot} is not built (run npm run build)`);
            this.skip();
        }
        // Only what npm publishes: the sources next to package.json must not stand in for dist/.
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-consumer-"));
        const installed = path.join(directory, "node_modules", "pulumi-l2bridge");
        fs.mkdirSync(installed, { recursive: true });
        fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
        fs.symlinkSync(path.join(repoRoot, "dist"), path.join(installed, "dist"), "dir");
        fs.writeFileSync(path.join(directory, "index.ts"), consumerSource);
    });

    after(() => {
        if (directory) fs.rmSync(directory, { recursive: true, force: true });
    });

    for (const resolution of resolutions) {
        it(`with moduleResolution ${resolution.moduleResolution} (through ${resolution.via})`, async () => {
            const config = path.join(directory, `tsconfig.${resolution.moduleResolution}.json`);
            fs.writeFileSync(
                config,
                JSON.stringify({
                    compilerOptions: {
                        target: "ES2022",
                        module: resolution.module,
                        moduleResolution: resolution.moduleResolution,
                        strict: true,
                        noEmit: true,
                        skipLibCheck: false,
                        esModuleInterop: true,
                        typeRoots: [path.join(repoRoot, "node_modules", "@types")],
                        types: ["node"],
                    },
                    files: [path.join(directory, "index.ts")],
                }),
            );
            const compiler = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
            const output = await new Promise<string>((resolve) => {
                execFile(
                    process.execPath,
                    [compiler, "-p", config],
                    { cwd: directory, maxBuffer: 8 * 1024 * 1024 },
                    (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : ""),
                );
            });
            expect(output).to.equal("");
        });
    }
});
