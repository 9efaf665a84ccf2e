import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import * as trampolines from "../../provider/resources/trampolines";
import type { ResourceClassName } from "../provider/samples";
import { samples } from "../provider/samples";
import { serializeProvider } from "./support/serializedProvider";

const repoRoot = path.resolve(__dirname, "../..");
const builtProvider = path.join(repoRoot, "dist", "provider", "resources", "containerRoute.js");

/** A quoted absolute POSIX or Windows path, as a captured path would appear in the text. */
const quotedAbsolutePath = /["'`](\/[^"'`\s]+|[A-Za-z]:\\[^"'`]+)["'`]/;

/**
 * Evaluates a serialised provider as the dynamic-provider host does (`require-from-string`, empty
 * file name, so `require` resolves from the working directory) in a plain node process in `cwd`,
 * calls `check` and `diff`, and prints the results and which provider module file was loaded.
 */
const runnerSource = `
const fs = require("fs");
const [requireFromString, providerFile, inputsFile] = process.argv.slice(2);
const handler = require(requireFromString)(fs.readFileSync(providerFile, "utf8")).handler();
const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
(async () => {
    const checked = await handler.check({}, inputs);
    const diffed = await handler.diff("id", checked.inputs, checked.inputs);
    const loaded = Object.keys(require.cache).filter((key) =>
        key.endsWith("/provider/resources/containerRoute.js"),
    );
    process.stdout.write(JSON.stringify({ failures: checked.failures, changes: diffed.changes, loaded }));
})().catch((error) => {
    process.stderr.write(String(error && error.stack || error));
    process.exit(1);
});
`;

interface RunnerResult {
    failures: unknown[];
    changes: boolean;
    loaded: string[];
}

function runProvider(cwd: string, directory: string, text: string): Promise<RunnerResult> {
    const providerFile = path.join(directory, "provider.js.txt");
    const inputsFile = path.join(directory, "inputs.json");
    const runner = path.join(directory, "runner.js");
    fs.writeFileSync(providerFile, text);
    fs.writeFileSync(inputsFile, JSON.stringify(samples.ContainerRoute));
    fs.writeFileSync(runner, runnerSource);
    const env = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    delete env.TS_NODE_PROJECT;
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [runner, require.resolve("require-from-string"), providerFile, inputsFile],
            { cwd, env, timeout: 20000 },
            (error, stdout, stderr) =>
                error
                    ? reject(new Error(`provider run in ${cwd} failed: ${stderr || error.message}`))
                    : resolve(JSON.parse(stdout) as RunnerResult),
        );
    });
}

describe("serialized providers hold no path of the machine that ran up", function () {
    this.timeout(60000);
    const kinds: Array<[ResourceClassName, pulumi.dynamic.ResourceProvider]> = [
        ["L2BridgeNetwork", trampolines.l2BridgeNetworkTrampoline],
        ["GatewayEndpoint", trampolines.gatewayEndpointTrampoline],
        ["ContainerEndpoint", trampolines.containerEndpointTrampoline],
        ["ContainerRoute", trampolines.containerRouteTrampoline],
        ["HnsLoadBalancer", trampolines.hnsLoadBalancerTrampoline],
        ["EndpointAcl", trampolines.endpointAclTrampoline],
        ["PortPublish", trampolines.portPublishTrampoline],
    ];

    for (const [kind, trampoline] of kinds) {
        it(`${kind}: the serialized text holds no absolute path of this checkout`, async () => {
            const { text } = await serializeProvider(trampoline);
            expect(text).to.not.include(repoRoot);
            expect(text).to.not.include(os.tmpdir() + path.sep);
            expect(text).to.not.match(quotedAbsolutePath);
        });
    }

    describe("run from a copy of the built package at another path", () => {
        let scratch = "";
        let text = "";

        before(async function () {
            if (!fs.existsSync(builtProvider)) {
                console.log(`      not run: ${builtProvider} is not built (run npm run build)`);
                this.skip();
            }
            text = (await serializeProvider(trampolines.containerRouteTrampoline)).text;
            scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "l2d-portable-")));
            const checkout = path.join(scratch, "checkout");
            fs.mkdirSync(checkout);
            fs.copyFileSync(
                path.join(repoRoot, "package.json"),
                path.join(checkout, "package.json"),
            );
            fs.cpSync(path.join(repoRoot, "dist"), path.join(checkout, "dist"), {
                recursive: true,
            });
            fs.symlinkSync(
                path.join(repoRoot, "node_modules"),
                path.join(checkout, "node_modules"),
            );
            fs.mkdirSync(path.join(checkout, "examples", "program"), { recursive: true });
            const installed = path.join(scratch, "program", "node_modules");
            fs.mkdirSync(installed, { recursive: true });
            fs.symlinkSync(checkout, path.join(installed, "pulumi-l2bridge"), "dir");
        });

        after(() => {
            if (scratch) {
                fs.rmSync(scratch, { recursive: true, force: true });
            }
        });

        it("loads the provider of the other checkout, found from the working directory", async () => {
            const cwd = path.join(scratch, "checkout", "examples", "program");
            const result = await runProvider(cwd, scratch, text);
            expect(result.failures).to.deep.equal([]);
            expect(result.changes).to.equal(false);
            expect(result.loaded).to.deep.equal([
                path.join(
                    scratch,
                    "checkout",
                    "dist",
                    "provider",
                    "resources",
                    "containerRoute.js",
                ),
            ]);
        });

        it("loads the provider by package name from a program that installed the package", async () => {
            const cwd = path.join(scratch, "program");
            const result = await runProvider(cwd, scratch, text);
            expect(result.failures).to.deep.equal([]);
            expect(result.loaded).to.have.length(1);
            expect(result.loaded[0].startsWith(scratch + path.sep)).to.equal(
                true,
                result.loaded[0],
            );
        });

        it("says the package is missing when neither the name nor a package root is found", async () => {
            const cwd = fs.mkdtempSync(path.join(scratch, "elsewhere-"));
            const error = await runProvider(cwd, scratch, text).catch((caught: Error) => caught);
            expect(error).to.be.instanceOf(Error);
            expect((error as Error).message).to.contain("pulumi-l2bridge is not installed");
        });
    });
});
