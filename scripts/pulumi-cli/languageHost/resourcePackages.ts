/**
 * Which resource-provider packages a Node.js program declares, found the way the Go language
 * host finds them: every `package.json` under the program's `node_modules` whose `pulumi.resource`
 * is true. The engine tries to install each one before running the program (see README, "Running a program offline"
 * for running offline with packages whose plugins are never used).
 */

/** One resource plugin the program may need. */
export interface ResourcePackage {
    /** Plugin name: the npm name without the `@pulumi/` scope, or without the leading `@`. */
    name: string;
    /** Plugin version with a leading `v`, e.g. `v1.2.1`. */
    version: string;
    /** Download server from `pulumi.server`; empty when the package names none. */
    server: string;
}

/** The filesystem reads the scan needs; the real adapter wraps `fs`, tests pass a table. */
export interface PackageTree {
    /** Names of the entries of a directory, or an empty list when it does not exist. */
    list(directory: string): string[];
    /** True when the path is a directory (following symbolic links). */
    isDirectory(path: string): boolean;
    /** Text of a file, or undefined when it cannot be read. */
    read(path: string): string | undefined;
}

/** The plugin a parsed `package.json` declares, or undefined when it declares none. */
export function resourcePackageOf(packageJsonText: string): ResourcePackage | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(packageJsonText);
    } catch {
        return undefined;
    }
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const info = parsed as { name?: unknown; version?: unknown; pulumi?: unknown };
    const pulumi = (info.pulumi ?? {}) as { resource?: unknown; name?: unknown; server?: unknown };
    if (pulumi.resource !== true) return undefined;
    if (typeof info.name !== "string" || typeof info.version !== "string") return undefined;
    const name =
        typeof pulumi.name === "string" && pulumi.name !== ""
            ? pulumi.name
            : info.name.replace(/^@pulumi\//, "").replace(/^@/, "");
    const version = info.version.startsWith("v") ? info.version : `v${info.version}`;
    const server = typeof pulumi.server === "string" ? pulumi.server : "";
    return { name, version, server };
}

/**
 * Scans `<programDirectory>/node_modules` (scoped packages and nested `node_modules` included)
 * and returns each declared plugin once, sorted by name then version.
 */
export function findResourcePackages(
    programDirectory: string,
    tree: PackageTree,
): ResourcePackage[] {
    const found = new Map<string, ResourcePackage>();
    const visitModules = (modulesDirectory: string, depth: number): void => {
        if (depth > 8) return;
        for (const entry of tree.list(modulesDirectory)) {
            if (entry.startsWith(".")) continue;
            const path = `${modulesDirectory}/${entry}`;
            if (!tree.isDirectory(path)) continue;
            const packageDirectories = entry.startsWith("@")
                ? tree.list(path).map((child) => `${path}/${child}`)
                : [path];
            for (const packageDirectory of packageDirectories) {
                const text = tree.read(`${packageDirectory}/package.json`);
                const plugin = text === undefined ? undefined : resourcePackageOf(text);
                if (plugin) found.set(`${plugin.name}@${plugin.version}`, plugin);
                visitModules(`${packageDirectory}/node_modules`, depth + 1);
            }
        }
    };
    visitModules(`${programDirectory}/node_modules`, 0);
    return [...found.values()].sort(
        (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
    );
}
