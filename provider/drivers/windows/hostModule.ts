/**
 * The Windows host module as shipped in the package (`host/windows/`): the PowerShell module
 * `PulumiL2Bridge.psm1` and the C# bindings `HcnBinding.cs` (HCN) and `IpHelperBinding.cs` (IP
 * Helper), read from the package at run time and keyed by the SHA-256 of their texts. The loader
 * script puts them into a long-lived shell once; every later request is a short constant script
 * that names one operation, checks that the shell holds this module's hash, and passes the
 * parameters as data.
 */
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";

/** The texts of the host module and their content hash. */
export interface HostModuleFiles {
    /** `host/windows/PulumiL2Bridge.psm1`. */
    readonly module: string;
    /**
     * `host/windows/HcnBinding.cs`, a newline and `host/windows/IpHelperBinding.cs`: compiled
     * together.
     */
    readonly binding: string;
    /** SHA-256 (64 lower-case hex digits) of the binding, a NUL and the module. */
    readonly hash: string;
}

const moduleFile = join("host", "windows", "PulumiL2Bridge.psm1");
const bindingFiles = [
    join("host", "windows", "HcnBinding.cs"),
    join("host", "windows", "IpHelperBinding.cs"),
];

/**
 * The package root holding `host/windows/`: the nearest directory above this file that has it
 * (the source tree and the built `dist/` both sit below the package root).
 */
export function hostModuleRoot(start: string = __dirname): string {
    for (let directory = start; ; directory = dirname(directory)) {
        if (
            existsSync(join(directory, moduleFile)) &&
            existsSync(join(directory, "package.json"))
        ) {
            return directory;
        }
        if (dirname(directory) === directory) {
            throw new Error(
                `the Windows host module ${moduleFile} was not found above ${start}; ` +
                    `reinstall pulumi-l2bridge (package.json "files" must list host/windows)`,
            );
        }
    }
}

let cached: HostModuleFiles | undefined;

/** The host module's texts and hash, read once per process. */
export function hostModuleFiles(): HostModuleFiles {
    if (!cached) {
        const root = hostModuleRoot();
        const module = readFileSync(join(root, moduleFile), "utf8").replace(/\r\n/g, "\n");
        const binding = bindingFiles
            .map((file) => readFileSync(join(root, file), "utf8").replace(/\r\n/g, "\n"))
            .join("\n");
        const hash = createHash("sha256").update(binding).update("\0").update(module).digest("hex");
        cached = { module, binding, hash };
    }
    return cached;
}

/** Words of the error a request gets from a shell that does not hold the module's hash. */
export const MODULE_MISSING = "pulumi-l2bridge: host module not loaded in this shell";

/**
 * The loader: compiles the binding unless the shell already has it, imports the module globally
 * (replacing an older version) and remembers its hash and texts (the detached create writes them
 * to files for its scheduled task). Loading the hash the shell already holds is a no-op. .NET
 * cannot unload a compiled type, so a shell holding another binding refuses and names the fix.
 */
export const LOADER_SCRIPT = `$hash = [string]$Params.hash
if ($hash -notmatch '^[0-9a-f]{64}$') { throw 'pulumi-l2bridge: the module hash must be 64 lower-case hex digits' }
if ($global:L2bModuleHash -eq $hash) { return 'loaded' }
$bindingHash = [string]$Params.bindingHash
if ('PulumiL2Bridge.Hcn' -as [type]) {
    if ($global:L2bHcnBindingHash -and $global:L2bHcnBindingHash -ne $bindingHash) {
        throw 'pulumi-l2bridge: this shell compiled another version of the HCN binding, which .NET cannot unload; end the shell (the driver starts a new one) and run again'
    }
} else {
    Add-Type -TypeDefinition ([string]$Params.binding)
}
$global:L2bHcnBindingHash = $bindingHash
$global:L2bHcnBindingText = [string]$Params.binding
$global:L2bHostModuleText = [string]$Params.module
New-Module -Name 'PulumiL2Bridge' -ScriptBlock ([ScriptBlock]::Create($global:L2bHostModuleText)) | Import-Module -Global -Force
$global:L2bModuleHash = $hash
return 'loaded'
`;

/** Parameters of the loader for `files`. */
export function loaderParams(files: HostModuleFiles = hostModuleFiles()): Record<string, string> {
    return {
        hash: files.hash,
        bindingHash: createHash("sha256").update(files.binding).digest("hex"),
        binding: files.binding,
        module: files.module,
    };
}

/**
 * The request script of operation `name`: constant for a given module, it refuses to run in a
 * shell that does not hold the module's hash (`MODULE_MISSING`) and otherwise calls the operation.
 */
export function operationScript(name: string, hash: string = hostModuleFiles().hash): string {
    if (!/^[A-Za-z]+$/.test(name)) {
        throw new Error(`host operation name "${name}" must be letters only`);
    }
    return (
        `if ($global:L2bModuleHash -ne '${hash}') { throw '${MODULE_MISSING} (${hash})' }\n` +
        `return (Invoke-L2bOperation '${name}' $Params)\n`
    );
}

/**
 * The module as one script that defines everything in the scope it runs in (compiling the binding
 * when the type is missing): for tests that run host functions directly in a fresh PowerShell.
 */
export function standaloneHostModule(files: HostModuleFiles = hostModuleFiles()): string {
    return (
        `if (-not ('PulumiL2Bridge.Hcn' -as [type])) {\n` +
        `    Add-Type -TypeDefinition @'\n${files.binding}'@\n}\n` +
        files.module
    );
}
