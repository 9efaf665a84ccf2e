/**
 * How a Pulumi `Run` request becomes the `node` command line and environment that start a
 * Node.js program under `@pulumi/pulumi/cmd/run`. Pure: the gRPC server feeds it plain values.
 */

/** The fields of a `pulumirpc.RunRequest` that decide how the program starts. */
export interface RunRequestFields {
    /** Address of the engine's resource monitor; required. */
    monitorAddress: string;
    /** Project name; omitted from the command line when empty. */
    project: string;
    /** Stack name; omitted when empty. */
    stack: string;
    /** Organization; omitted when empty. */
    organization: string;
    /** Working directory of the program; omitted when empty. */
    pwd: string;
    /** Entry point relative to the program directory; `"."` (package.json `main`) when empty. */
    program: string;
    /** Extra program arguments, appended after the entry point. */
    args: string[];
    /** True during `pulumi preview`. */
    dryRun: boolean;
    /** Engine parallelism; passed on when greater than zero. */
    parallel: number;
    /** Stack configuration, namespaced keys (`project:key`) to plaintext values. */
    config: Record<string, string>;
    /** The configuration keys whose values are secret. */
    configSecretKeys: string[];
    /** Project root directory (where Pulumi.yaml lives); omitted when empty. */
    rootDirectory: string;
    /** Runtime options of Pulumi.yaml (`runtime.options`), e.g. `typescript`, `tsconfig`, `nodeargs`. */
    runtimeOptions: Record<string, unknown>;
}

/** What the language host knows about itself when it starts a program. */
export interface RunHostSettings {
    /** Absolute path of `@pulumi/pulumi/cmd/run` resolved from the program directory. */
    runScript: string;
    /** Engine address the CLI passed to the language host; omitted when empty. */
    engineAddress: string;
    /**
     * Absolute path of the compiled `inspectGuard` preload (see inspectGuard.ts); omitted when
     * empty.
     */
    preloadScript: string;
}

/** The process to start: `node` with these arguments and these added environment variables. */
export interface RunCommand {
    /** Arguments after the `node` executable. */
    args: string[];
    /** Environment variables to add to the language host's own environment. */
    env: Record<string, string>;
}

/**
 * Builds the `node` invocation for a Run request, the way the Go language host does: node
 * options from `runtime.options.nodeargs`, then the preload (`--require=<file>`, one argument:
 * cmd/run turns off its automatic ESM mode when `process.execArgv` holds a bare `--require`, and
 * the preload is no loader), then the run script and its flags, then the entry point and program
 * arguments. Configuration travels in `PULUMI_CONFIG` (JSON) and secret key
 * names in `PULUMI_CONFIG_SECRET_KEYS`, never on the command line.
 */
export function buildRunCommand(request: RunRequestFields, host: RunHostSettings): RunCommand {
    const args: string[] = [...splitNodeArgs(request.runtimeOptions["nodeargs"])];
    if (host.preloadScript !== "") args.push(`--require=${host.preloadScript}`);
    args.push(host.runScript);
    const flag = (name: string, value: string): void => {
        if (value !== "") args.push(`--${name}`, value);
    };
    flag("monitor", request.monitorAddress);
    flag("engine", host.engineAddress);
    flag("organization", request.organization);
    flag("project", request.project);
    flag("root-directory", request.rootDirectory);
    flag("stack", request.stack);
    flag("pwd", request.pwd);
    if (request.dryRun) args.push("--dry-run");
    if (request.parallel > 0) flag("parallel", String(request.parallel));
    args.push(request.program === "" ? "." : request.program, ...request.args);

    const env: Record<string, string> = {
        PULUMI_CONFIG: JSON.stringify(request.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.configSecretKeys),
    };
    const typescript = request.runtimeOptions["typescript"];
    if (typeof typescript === "boolean") env.PULUMI_NODEJS_TYPESCRIPT = String(typescript);
    const tsconfig = request.runtimeOptions["tsconfig"];
    if (typeof tsconfig === "string" && tsconfig !== "") env.PULUMI_NODEJS_TSCONFIG_PATH = tsconfig;
    return { args, env };
}

/** Splits `runtime.options.nodeargs` on whitespace; anything but a non-empty string gives none. */
export function splitNodeArgs(nodeArgs: unknown): string[] {
    if (typeof nodeArgs !== "string") return [];
    return nodeArgs.split(/\s+/).filter((part) => part !== "");
}

/** Exit code with which `@pulumi/pulumi/cmd/run` says it has already reported the error. */
export const programExitAfterReportedError = 32;

/** The Run response for a finished program: no error, "bail" (already reported), or a message. */
export function runOutcome(
    exitCode: number | null,
    signal: string | null,
): { error: string; bail: boolean } {
    if (exitCode === 0) return { error: "", bail: false };
    if (exitCode === programExitAfterReportedError) return { error: "", bail: true };
    if (exitCode !== null) {
        return { error: `Program exited with non-zero exit code: ${exitCode}`, bail: false };
    }
    return { error: `Program was ended by signal ${signal ?? "unknown"}`, bail: false };
}
