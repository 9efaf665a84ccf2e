/**
 * The operations the Windows driver runs on a host. Each is a function
 * `Invoke-L2bOperation_<name>` of the host module (`host/windows/PulumiL2Bridge.psm1`); a request
 * carries only the operation's short constant script (see `operationScript`) and its parameters
 * as data, so nothing from a spec is ever written into code. Every operation returns one JSON text
 * (see `parseScriptResult`).
 */
import { hostModuleFiles, operationScript } from "./hostModule";

/** Names of the operations the driver sends. */
export const scriptNames = [
    "observeVersion",
    "observeNetwork",
    "createNetwork",
    "startNetworkCreate",
    "pollNetworkCreate",
    "deleteNetwork",
    "observeEndpoint",
    "createGatewayEndpoint",
    "updateGatewayEndpoint",
    "createContainerEndpoint",
    "observeHcn",
    "deleteEndpoint",
    "observeLoadBalancer",
    "applyBatch",
    "observeRoutes",
    "applyRoutes",
    "observeFile",
    "writeFile",
    "removeFile",
] as const;

/** Name of one operation. */
export type ScriptName = (typeof scriptNames)[number];

/** The text of `function <name> { … }` in the host module (for tests and reviews). */
export function moduleFunctionText(
    name: string,
    module: string = hostModuleFiles().module,
): string {
    const start = module.indexOf(`\nfunction ${name} {\n`);
    if (start < 0) {
        throw new Error(`the host module defines no function ${name}`);
    }
    const end = module.indexOf("\n}\n", start + 1);
    return module.slice(start + 1, end + 3);
}

/** The body of operation `name` in the host module (inside its function, without `param`). */
export function scriptBody(name: ScriptName): string {
    const lines = moduleFunctionText(`Invoke-L2bOperation_${name}`).split("\n");
    return (
        lines
            .slice(2, -2)
            .map((line) => line.replace(/^ {4}/, ""))
            .join("\n") + "\n"
    );
}

/** The request script of operation `name`. */
export function scriptText(name: ScriptName): string {
    return operationScript(name);
}

/**
 * The script the detached network create's scheduled task runs, as the host module writes it into
 * the state directory beside the module and binding files of its hash.
 */
export function detachedTaskScriptOf(module: string): string {
    const open = "$script:L2bDetachedTaskScript = @'\n";
    const start = module.indexOf(open);
    const end = module.indexOf("\n'@\n", start);
    if (start < 0 || end < 0) {
        throw new Error("the host module holds no detached task script");
    }
    return module.slice(start + open.length, end + 1);
}

/** The detached network create's task script of the packaged host module. */
export const detachedNetworkCreateScript = detachedTaskScriptOf(hostModuleFiles().module);
