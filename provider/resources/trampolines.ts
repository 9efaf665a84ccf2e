/**
 * The provider objects Pulumi serialises into state (`__provider`). Each is a thin trampoline: every
 * method loads the real provider at call time and delegates, so the serialised text stays small,
 * captures no clients, and runs the installed package's code.
 *
 * The serialised text holds no path of the machine that ran `up`, so a stack made from one checkout
 * previews and refreshes from a checkout at another path. The provider is loaded by package name
 * (`pulumi-l2bridge/provider/resources/<kind>`), which resolves from the program's node_modules. A
 * program inside this repository has no such entry (a package cannot require itself from text
 * evaluated outside its files), so the package root is then found at run time: the nearest directory
 * holding the `pulumi-l2bridge` package.json above the working directory or the main module, whose
 * built `dist/` is loaded.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = pulumi.dynamic.ResourceProvider;

/** True when `error` says that `specifier` itself was not found (not one of its imports). */
function isMissingModule(error: unknown, specifier: string): boolean {
    return (
        (error as { code?: string }).code === "MODULE_NOT_FOUND" &&
        String((error as Error).message).includes(`'${specifier}'`)
    );
}

/** The nearest directory at or above `start` whose package.json names `pulumi-l2bridge`. */
function packageRootAbove(start: string): string | undefined {
    const path = require("path") as typeof import("path");
    const fs = require("fs") as typeof import("fs");
    let directory = path.resolve(start);
    for (let depth = 0; depth < 128; depth++) {
        let name: unknown;
        try {
            name = JSON.parse(fs.readFileSync(path.join(directory, "package.json"), "utf8")).name;
        } catch {
            name = undefined;
        }
        if (name === "pulumi-l2bridge") {
            return directory;
        }
        const parent = path.dirname(directory);
        if (parent === directory) {
            return undefined;
        }
        directory = parent;
    }
    return undefined;
}

/** Load the provider of one kind by package name, else from the package found at run time. */
function loadProvider(file: string): Required<Provider> {
    try {
        return require("pulumi-l2bridge/provider/resources/" + file).provider;
    } catch (error) {
        if (!isMissingModule(error, "pulumi-l2bridge/provider/resources/" + file)) {
            throw error;
        }
    }
    const path = require("path") as typeof import("path");
    const starts = [process.cwd()];
    if (require.main?.filename) {
        starts.push(path.dirname(require.main.filename));
    }
    for (const start of starts) {
        const root = packageRootAbove(start);
        if (root) {
            return require(path.join(root, "dist", "provider", "resources", file)).provider;
        }
    }
    throw new Error(
        `cannot load the ${file} provider: the package pulumi-l2bridge is not installed where the ` +
            `program runs (${process.cwd()}); add it to the program's dependencies and run npm install`,
    );
}

/**
 * The trampoline of one kind. Its methods capture only `file` and `loadProvider`, so the serialised
 * text is the same small function for every kind.
 */
function trampoline(file: string): Provider {
    return {
        async check(olds, news) {
            return loadProvider(file).check(olds, news);
        },
        async diff(id, olds, news) {
            return loadProvider(file).diff(id, olds, news);
        },
        async create(inputs) {
            return loadProvider(file).create(inputs);
        },
        async read(id, props) {
            return loadProvider(file).read(id, props);
        },
        async update(id, olds, news) {
            return loadProvider(file).update(id, olds, news);
        },
        async delete(id, props) {
            return loadProvider(file).delete(id, props);
        },
    };
}

export const l2BridgeNetworkTrampoline: Provider = trampoline("l2BridgeNetwork");
export const gatewayEndpointTrampoline: Provider = trampoline("gatewayEndpoint");
export const containerEndpointTrampoline: Provider = trampoline("containerEndpoint");
export const containerRouteTrampoline: Provider = trampoline("containerRoute");
export const hnsLoadBalancerTrampoline: Provider = trampoline("hnsLoadBalancer");
export const endpointAclTrampoline: Provider = trampoline("endpointAcl");
export const portPublishTrampoline: Provider = trampoline("portPublish");
export const runtimeNetworkConfigTrampoline: Provider = trampoline("runtimeNetworkConfig");
