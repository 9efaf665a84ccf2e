/**
 * The Node.js language host that the test CLI runs, compiled with its own tsconfig and driven over
 * gRPC as the CLI drives it: `Run` starts a program against an engine and answers when the
 * program has ended. A program that throws must end at once with its error reported to the
 * engine, as `pulumi preview` needs; before the inspect guard, Node 20.20's stack formatter
 * looped on the frames of @pulumi/pulumi for about 55 s first (see inspectGuard.ts).
 *
 * No CLI is needed: a fake engine (support/fakeEngine.ts) serves the engine and resource monitor.
 * The mocha timeout is the only clock: a run that does not end fails it.
 */
import { expect } from "chai";
import type { ChildProcess } from "child_process";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineLog, FakeEngine } from "./support/fakeEngine";
import { errorSeverity, startFakeEngine } from "./support/fakeEngine";

const repoRoot = path.resolve(__dirname, "../..");
const hostSources = path.join(repoRoot, "scripts", "pulumi-cli", "languageHost");
const sdkDirectory = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromSdk<T>(id: string): T {
    return require(require.resolve(id, { paths: [sdkDirectory] })) as T;
}

/** Compiles the language host with its own tsconfig into `outDir`; rejects with tsc's output. */
function compileHost(outDir: string): Promise<void> {
    const compiler = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [compiler, "-p", path.join(hostSources, "tsconfig.json"), "--outDir", outDir],
            { maxBuffer: 8 * 1024 * 1024 },
            (error, stdout, stderr) =>
                error ? reject(new Error(`tsc failed:\n${stdout}${stderr}`)) : resolve(),
        );
    });
}

/** Starts the compiled host as the CLI does (engine address last) and reads its port. */
function startHost(
    main: string,
    engineAddress: string,
    cwd: string,
): Promise<{ child: ChildProcess; address: string; output: () => string }> {
    const child = spawn(process.execPath, [main, engineAddress], {
        cwd,
        env: {
            ...process.env,
            PULUMI_L2BRIDGE_LANGUAGE_HOST_MODULES: path.join(repoRoot, "node_modules"),
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    return new Promise((resolve, reject) => {
        let announced = false;
        child.stdout!.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            const firstLine = output.split("\n")[0];
            if (!announced && output.includes("\n") && /^\d+$/.test(firstLine)) {
                announced = true;
                resolve({ child, address: `127.0.0.1:${firstLine}`, output: () => output });
            }
        });
        child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("exit", (code) => {
            if (!announced) reject(new Error(`language host exited ${code}:\n${output}`));
        });
    });
}

interface RunAnswer {
    error: string;
    bail: boolean;
}

type Message = Record<string, (value?: unknown) => unknown>;

/** Calls `LanguageRuntime.Run` for a preview of the program in `programDirectory`. */
function runProgram(
    hostAddress: string,
    monitorAddress: string,
    programDirectory: string,
): Promise<RunAnswer> {
    const grpc = fromSdk<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
    const languageGrpc = fromSdk<Record<string, new (...args: unknown[]) => Message>>(
        "@pulumi/pulumi/proto/language_grpc_pb",
    );
    const languagePb = fromSdk<Record<string, new () => Message>>(
        "@pulumi/pulumi/proto/language_pb",
    );
    const info = new languagePb.ProgramInfo();
    info.setRootDirectory(programDirectory);
    info.setProgramDirectory(programDirectory);
    info.setEntryPoint(".");
    const request = new languagePb.RunRequest();
    request.setInfo(info);
    request.setMonitorAddress(monitorAddress);
    request.setProject("project");
    request.setStack("stack");
    request.setPwd(programDirectory);
    request.setProgram(".");
    request.setDryrun(true);
    const client = new languageGrpc.LanguageRuntimeClient(
        hostAddress,
        grpc.credentials.createInsecure(),
    );
    return new Promise((resolve, reject) => {
        (client.run as unknown as (r: Message, cb: (e: unknown, res: Message) => void) => void)(
            request,
            (error, response) => {
                (client.close as () => void)();
                if (error) reject(error);
                else resolve({ error: String(response.getError()), bail: !!response.getBail() });
            },
        );
    });
}

interface ProgramRow {
    what: string;
    source: string;
    expected: RunAnswer;
    /** Text the reported error holds; undefined when the program reports none. */
    reportedError?: string;
}

const rows: ProgramRow[] = [
    {
        what: "a program that throws while loading",
        source: 'throw new Error("boom while loading");\n',
        expected: { error: "", bail: true },
        reportedError: "boom while loading",
    },
    {
        what: "a program whose exported async function rejects",
        source: 'module.exports = async () => {\n    throw new Error("boom in async");\n};\n',
        expected: { error: "", bail: true },
        reportedError: "boom in async",
    },
    {
        what: "a program that throws something that is not an Error",
        source: 'throw "plain text thrown";\n',
        expected: { error: "", bail: true },
        reportedError: "plain text thrown",
    },
    {
        what: "a program that finishes",
        source: "module.exports = { answer: 42 };\n",
        expected: { error: "", bail: false },
    },
];

/** ANSI escape sequences, as colored inspect output holds them. */
const ansiEscape = /\u001b\[/;
/**
 * A stack frame whose path has no separator after the module name following `node_modules/`:
 * the shape on which Node 20.20's colored stack formatter loops.
 */
const unterminatedModuleFrame = /[/\\]node_modules[/\\](@[^/\\]+[/\\])?[^/\\]+:\d+:\d+\)/;

describe("Node language host: Run ends as soon as the program does", function () {
    this.timeout(60000);
    let scratch = "";
    let engine: FakeEngine | undefined;
    let host: { child: ChildProcess; address: string; output: () => string } | undefined;

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-langhost-"));
        await compileHost(path.join(scratch, "lib"));
        engine = await startFakeEngine();
        host = await startHost(path.join(scratch, "lib", "main.js"), engine.address, scratch);
    });

    after(async () => {
        host?.child.kill("SIGKILL");
        await engine?.close();
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    beforeEach(() => {
        engine!.logs.length = 0;
        engine!.registrations.length = 0;
    });

    rows.forEach((row, index) => {
        it(`${row.what}: Run answers ${JSON.stringify(row.expected)}${row.reportedError ? " with the error reported, uncolored" : ""}`, async function () {
            // A guard, not a measurement: the run must end well before the formatter loop would.
            this.timeout(30000);
            const directory = path.join(scratch, `program${index}`);
            fs.mkdirSync(directory);
            fs.writeFileSync(
                path.join(directory, "package.json"),
                JSON.stringify({ name: `program${index}`, main: "index.js" }),
            );
            fs.writeFileSync(path.join(directory, "index.js"), row.source);
            fs.symlinkSync(
                path.join(repoRoot, "node_modules"),
                path.join(directory, "node_modules"),
            );

            const answer = await runProgram(host!.address, engine!.address, directory);

            expect(answer, host!.output()).to.deep.equal(row.expected);
            expect(engine!.registrations).to.include("pulumi:pulumi:Stack project-stack");
            const errors: EngineLog[] = engine!.logs.filter(
                (log) => log.severity === errorSeverity,
            );
            if (row.reportedError === undefined) {
                expect(errors).to.deep.equal([]);
                return;
            }
            expect(errors).to.have.length(1);
            expect(errors[0].message).to.include(row.reportedError);
            expect(errors[0].message).to.not.match(ansiEscape);
        });
    });

    it("the error of a throwing program went through a frame of the looping shape (so the rows above exercise it)", async () => {
        const directory = path.join(scratch, "programShape");
        fs.mkdirSync(directory);
        fs.writeFileSync(
            path.join(directory, "package.json"),
            JSON.stringify({ name: "programShape", main: "index.js" }),
        );
        fs.writeFileSync(path.join(directory, "index.js"), 'throw new Error("shape");\n');
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(directory, "node_modules"));
        await runProgram(host!.address, engine!.address, directory);
        const reported = engine!.logs.find((log) => log.severity === errorSeverity);
        expect(reported?.message).to.match(unterminatedModuleFrame);
    });

    it("reports the Pulumi version of the @pulumi/pulumi it serves (GetPluginInfo)", async () => {
        const grpc = fromSdk<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
        const languageGrpc = fromSdk<Record<string, new (...args: unknown[]) => Message>>(
            "@pulumi/pulumi/proto/language_grpc_pb",
        );
        const emptyPb = fromSdk<Record<string, new () => Message>>(
            "google-protobuf/google/protobuf/empty_pb",
        );
        const client = new languageGrpc.LanguageRuntimeClient(
            host!.address,
            grpc.credentials.createInsecure(),
        );
        const version = await new Promise<string>((resolve, reject) =>
            (
                client.getPluginInfo as unknown as (
                    r: Message,
                    cb: (e: unknown, res: Message) => void,
                ) => void
            )(new emptyPb.Empty(), (error, response) => {
                (client.close as () => void)();
                if (error) reject(error);
                else resolve(String(response.getVersion()));
            }),
        );
        expect(version).to.equal(
            fromSdk<{ version: string }>("@pulumi/pulumi/package.json").version,
        );
    });
});

describe("Node language host: the inspect guard every program is started with", function () {
    this.timeout(60000);
    let scratch = "";

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-guard-"));
        await compileHost(scratch);
    });

    after(() => {
        if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    });

    /**
     * In a node process with the guard preloaded: `call` (which inspects `value`) for an error whose
     * stack is `stack`, and the same value formatted by Node's `%O` without colors.
     */
    function inspectGuarded(stack: string, value: string, call: string): Promise<string> {
        const source = [
            'const util = require("util");',
            'const e = new Error("probe");',
            `e.stack = ${JSON.stringify(stack)};`,
            `const value = ${value};`,
            `const guarded = ${call};`,
            'const plain = util.formatWithOptions({ colors: false }, "%O", value);',
            "process.stdout.write(JSON.stringify({ guarded, plain }));",
        ].join("\n");
        return new Promise((resolve, reject) => {
            // `timeout` only ends a looping child so the suite can finish; the mocha timeout fails the row.
            execFile(
                process.execPath,
                [`--require=${path.join(scratch, "inspectGuard.js")}`, "-e", source],
                { timeout: 50000 },
                (error, stdout, stderr) =>
                    error ? reject(new Error(stderr || error.message)) : resolve(stdout),
            );
        });
    }

    const guardRows = [
        {
            what: "an error with a scoped module frame and no separator after the module (@pulumi/resource.ts)",
            stack: "Error: probe\n    at Stack.initialize (/app/node_modules/@pulumi/resource.ts:1598:22)",
            value: "e",
            call: "util.inspect(value, { colors: true })",
        },
        {
            what: "an error with an unscoped module frame and no separator after the module (left-pad.js)",
            stack: "Error: probe\n    at f (/app/node_modules/left-pad.js:1:1)",
            value: "e",
            call: "util.inspect(value, { colors: true })",
        },
        {
            what: "an error through the legacy signature inspect(value, showHidden, depth, colors)",
            stack: "Error: probe\n    at f (/app/node_modules/@scope/file.ts:1:1)",
            value: "e",
            call: "util.inspect(value, false, 2, true)",
        },
        {
            what: "an object holding such an error",
            stack: "Error: probe\n    at f (/app/node_modules/@scope/file.ts:1:1)",
            value: "{ cause: e }",
            call: "util.inspect(value, { colors: true })",
        },
    ];
    for (const row of guardRows) {
        it(`formats ${row.what} at once, as the uncolored text`, async () => {
            const output = await inspectGuarded(row.stack, row.value, row.call);
            const { guarded, plain } = JSON.parse(output) as { guarded: string; plain: string };
            expect(guarded).to.not.match(ansiEscape);
            expect(guarded.replace(/\s+/g, " ")).to.equal(plain.replace(/\s+/g, " "));
            expect(guarded).to.include("node_modules");
        });
    }

    it("keeps inspect's own properties (custom symbol, defaultOptions)", async () => {
        const source =
            'const util = require("util");\n' +
            "process.stdout.write(JSON.stringify({ custom: typeof util.inspect.custom, depth: util.inspect.defaultOptions.depth }));\n";
        const output = await new Promise<string>((resolve, reject) =>
            execFile(
                process.execPath,
                [`--require=${path.join(scratch, "inspectGuard.js")}`, "-e", source],
                (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
            ),
        );
        expect(JSON.parse(output)).to.deep.equal({ custom: "symbol", depth: 2 });
    });
});
