import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");
const examplesDir = path.join(repoRoot, "examples");
const examples = ["azure-multihost", "existing-hosts", "lab"];

/** Runs the repository's TypeScript compiler; resolves with its exit code and output. */
function tsc(project: string): Promise<{ code: number; output: string }> {
    const compiler = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [compiler, "-p", project],
            { timeout: 170_000, maxBuffer: 8 * 1024 * 1024 },
            (error, stdout, stderr) => {
                const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                resolve({ code, output: `${stdout}${stderr}` });
            },
        );
    });
}

/**
 * A tsconfig that extends the example's own and maps `pulumi-l2bridge` (and its entry point
 * `pulumi-l2bridge/azure`) to the repository sources
 * (the example's `file:../..` dependency); other packages resolve from the repository's
 * node_modules, which Node's lookup reaches from inside `examples/`.
 */
function writeCheckConfig(example: string, directory: string): string {
    const exampleDir = path.join(examplesDir, example);
    const config = {
        extends: path.join(exampleDir, "tsconfig.json"),
        compilerOptions: {
            noEmit: true,
            baseUrl: repoRoot,
            paths: { "pulumi-l2bridge": ["index.ts"], "pulumi-l2bridge/azure": ["azure.ts"] },
            typeRoots: [path.join(repoRoot, "node_modules/@types")],
            types: ["node"],
        },
        files: [path.join(exampleDir, "index.ts")],
    };
    const file = path.join(directory, `tsconfig.${example}.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 4));
    return file;
}

describe("examples", function () {
    this.timeout(180_000);
    let scratch: string;

    before(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "l2bridge-examples-"));
    });

    after(() => {
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    for (const example of examples) {
        describe(example, () => {
            const dir = path.join(examplesDir, example);

            it("type-checks against the package sources", async () => {
                const result = await tsc(writeCheckConfig(example, scratch));
                expect(result.output).to.equal("");
                expect(result.code).to.equal(0);
            });

            it("is a Pulumi project with a name, the nodejs runtime and a description", () => {
                const project = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
                expect(project).to.match(
                    new RegExp(
                        `^name: l2bridge-${example === "lab" ? "lab-cluster" : example}$`,
                        "m",
                    ),
                );
                expect(project).to.match(/^runtime: nodejs$/m);
                expect(project).to.match(/^description: \S.+$/m);
            });

            it("depends on pulumi-l2bridge through file:../..", () => {
                const manifest = JSON.parse(
                    fs.readFileSync(path.join(dir, "package.json"), "utf8"),
                );
                expect(manifest.dependencies["pulumi-l2bridge"]).to.equal("file:../..");
            });

            it("has a README whose first line says what it creates", () => {
                const firstLine = fs
                    .readFileSync(path.join(dir, "README.md"), "utf8")
                    .split("\n")[0];
                expect(firstLine).to.match(/^(# .+\n?)?Creates .+/);
            });
        });
    }

    it("lists every example in examples/README.md", () => {
        const index = fs.readFileSync(path.join(examplesDir, "README.md"), "utf8");
        for (const example of examples) {
            expect(index).to.include(`(./${example}/)`);
        }
    });
});
