/**
 * `pulumi-language-nodejs`: the Pulumi language host for Node.js programs, serving
 * `pulumirpc.LanguageRuntime` with the gRPC code shipped in `@pulumi/pulumi/proto`. The CLI starts
 * it with the engine address as the last argument and reads the listening port from the first
 * stdout line. `Run` starts the program with `@pulumi/pulumi/cmd/run` resolved from the program
 * directory, so the program's own SDK copy runs it. Methods that only serve project templates,
 * code generation or packaging answer UNIMPLEMENTED, which the CLI treats as "not supported".
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { RunRequestFields } from "./runCommand";
import { buildRunCommand, runOutcome } from "./runCommand";
import type { PackageTree } from "./resourcePackages";
import { findResourcePackages } from "./resourcePackages";

/** The compiled preload every program starts with (see inspectGuard.ts). */
const preloadScript = path.join(__dirname, "inspectGuard.js");

/** Directories to resolve `@pulumi/pulumi` from when the working directory has none. */
function moduleSearchPaths(): string[] {
    const fallback = process.env.PULUMI_L2BRIDGE_LANGUAGE_HOST_MODULES;
    return fallback ? [process.cwd(), fallback] : [process.cwd()];
}

function loadFromSdk<T>(id: string, paths: string[]): T {
    return require(require.resolve(id, { paths })) as T;
}

/**
 * The version this host reports (GetPluginInfo): that of the `@pulumi/pulumi` it serves, read
 * from its package.json, so no version is written down twice.
 */
function sdkVersion(paths: string[]): string {
    return loadFromSdk<{ version: string }>("@pulumi/pulumi/package.json", paths).version;
}

const diskTree: PackageTree = {
    list: (directory) => {
        try {
            return fs.readdirSync(directory);
        } catch {
            return [];
        }
    },
    isDirectory: (entry) => {
        try {
            return fs.statSync(entry).isDirectory();
        } catch {
            return false;
        }
    },
    read: (file) => {
        try {
            return fs.readFileSync(file, "utf8");
        } catch {
            return undefined;
        }
    },
};

/* Structural views of the generated protobuf messages this host touches. */
interface Message {
    [method: string]: (...args: never[]) => unknown;
}
interface ProgramInfoMessage {
    getRootDirectory(): string;
    getProgramDirectory(): string;
    getEntryPoint(): string;
    getOptions(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RunRequestMessage {
    getInfo(): ProgramInfoMessage | undefined;
    getMonitorAddress(): string;
    getProject(): string;
    getStack(): string;
    getOrganization(): string;
    getPwd(): string;
    getProgram(): string;
    getArgsList(): string[];
    getDryrun(): boolean;
    getParallel(): number;
    getConfigMap(): { toObject(): [string, string][] };
    getConfigsecretkeysList(): string[];
}
type Callback = (error: unknown, response?: unknown) => void;
interface Call<T> {
    request: T;
}

function runFields(request: RunRequestMessage): { fields: RunRequestFields; cwd: string } {
    const info = request.getInfo();
    const programDirectory = info?.getProgramDirectory() || request.getPwd() || process.cwd();
    const fields: RunRequestFields = {
        monitorAddress: request.getMonitorAddress(),
        project: request.getProject(),
        stack: request.getStack(),
        organization: request.getOrganization(),
        pwd: request.getPwd(),
        program: info?.getEntryPoint() || request.getProgram(),
        args: request.getArgsList(),
        dryRun: request.getDryrun(),
        parallel: request.getParallel(),
        config: Object.fromEntries(request.getConfigMap().toObject()),
        configSecretKeys: request.getConfigsecretkeysList(),
        rootDirectory: info?.getRootDirectory() ?? "",
        runtimeOptions: info?.getOptions()?.toJavaScript() ?? {},
    };
    return { fields, cwd: programDirectory };
}

function main(argv: string[]): void {
    const positional = argv.filter((arg) => !arg.startsWith("-"));
    const engineAddress = positional[positional.length - 1] ?? "";
    const paths = moduleSearchPaths();
    const hostVersion = sdkVersion(paths);
    const grpcPb = loadFromSdk<Record<string, unknown>>(
        "@pulumi/pulumi/proto/language_grpc_pb",
        paths,
    );
    const languagePb = loadFromSdk<Record<string, new () => Message>>(
        "@pulumi/pulumi/proto/language_pb",
        paths,
    );
    const pluginPb = loadFromSdk<Record<string, new () => Message>>(
        "@pulumi/pulumi/proto/plugin_pb",
        paths,
    );
    const emptyPb = loadFromSdk<Record<string, new () => Message>>(
        "google-protobuf/google/protobuf/empty_pb",
        [path.dirname(require.resolve("@pulumi/pulumi/proto/language_grpc_pb", { paths }))],
    );
    const grpc = loadFromSdk<typeof import("@grpc/grpc-js")>("@grpc/grpc-js", [
        path.dirname(require.resolve("@pulumi/pulumi/proto/language_grpc_pb", { paths })),
    ]);
    const make = (ctor: new () => Message, values: Record<string, unknown>): Message => {
        const message = new ctor() as unknown as Record<string, (value: unknown) => void>;
        for (const [setter, value] of Object.entries(values)) message[setter].call(message, value);
        return message as unknown as Message;
    };
    const packagesOf = (directory: string): Message[] =>
        findResourcePackages(directory, diskTree).map((plugin) =>
            make(pluginPb.PackageDependency, {
                setName: plugin.name,
                setKind: "resource",
                setVersion: plugin.version,
                setServer: plugin.server,
            }),
        );
    const directoryOf = (request: { getInfo(): ProgramInfoMessage | undefined }): string =>
        request.getInfo()?.getProgramDirectory() || process.cwd();

    const implementation = {
        handshake(_call: unknown, callback: Callback) {
            callback(null, new languagePb.LanguageHandshakeResponse());
        },
        getPluginInfo(_call: unknown, callback: Callback) {
            callback(null, make(pluginPb.PluginInfo, { setVersion: hostVersion }));
        },
        getRequiredPlugins(
            call: Call<{ getInfo(): ProgramInfoMessage | undefined }>,
            callback: Callback,
        ) {
            const plugins = findResourcePackages(directoryOf(call.request), diskTree).map((p) =>
                make(pluginPb.PluginDependency, {
                    setName: p.name,
                    setKind: "resource",
                    setVersion: p.version,
                    setServer: p.server,
                }),
            );
            callback(
                null,
                make(languagePb.GetRequiredPluginsResponse, { setPluginsList: plugins }),
            );
        },
        getRequiredPackages(
            call: Call<{ getInfo(): ProgramInfoMessage | undefined }>,
            callback: Callback,
        ) {
            const packages = packagesOf(directoryOf(call.request));
            callback(
                null,
                make(languagePb.GetRequiredPackagesResponse, { setPackagesList: packages }),
            );
        },
        getProgramDependencies(_call: unknown, callback: Callback) {
            callback(null, new languagePb.GetProgramDependenciesResponse());
        },
        about(_call: unknown, callback: Callback) {
            callback(
                null,
                make(languagePb.AboutResponse, {
                    setExecutable: process.execPath,
                    setVersion: process.version,
                }),
            );
        },
        installDependencies(call: { end(): void }) {
            // Dependencies are installed with npm by the project itself; nothing to do here.
            call.end();
        },
        cancel(_call: unknown, callback: Callback) {
            callback(null, new emptyPb.Empty());
        },
        run(call: Call<RunRequestMessage>, callback: Callback) {
            let fields: RunRequestFields;
            let cwd: string;
            let runScript: string;
            try {
                ({ fields, cwd } = runFields(call.request));
                runScript = require.resolve("@pulumi/pulumi/cmd/run", { paths: [cwd] });
            } catch (error) {
                callback(null, make(languagePb.RunResponse, { setError: String(error) }));
                return;
            }
            const command = buildRunCommand(fields, { runScript, engineAddress, preloadScript });
            const child = spawn(process.execPath, command.args, {
                cwd,
                env: { ...process.env, ...command.env },
                stdio: ["ignore", "inherit", "inherit"],
            });
            child.on("error", (error) => {
                callback(
                    null,
                    make(languagePb.RunResponse, { setError: `could not start node: ${error}` }),
                );
            });
            child.on("exit", (code, signal) => {
                const outcome = runOutcome(code, signal);
                callback(
                    null,
                    make(languagePb.RunResponse, {
                        setError: outcome.error,
                        setBail: outcome.bail,
                    }),
                );
            });
        },
    };

    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    server.addService(
        grpcPb.LanguageRuntimeService as import("@grpc/grpc-js").ServiceDefinition,
        implementation as unknown as import("@grpc/grpc-js").UntypedServiceImplementation,
    );
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            process.stderr.write(`pulumi-language-nodejs: could not listen: ${error.message}\n`);
            process.exit(1);
        }
        process.stdout.write(`${port}\n`);
    });
}

main(process.argv.slice(2));
