/**
 * The provider objects Pulumi serialises into state (`__provider`). Each is a thin trampoline: every
 * method loads the real provider at call time and delegates, so the serialised text stays small,
 * captures no clients, and runs the installed package's code.
 *
 * The provider is loaded by package name (`pulumi-l2bridge/provider/resources/<kind>`), which
 * resolves from the program's node_modules. A program inside this repository has no such entry,
 * so the built files next to this module are the fallback.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = pulumi.dynamic.ResourceProvider;

/** Directory of the built provider modules of the package that created the resource. */
const builtResourcesDirectory: string = __dirname.includes("/dist/")
    ? __dirname
    : require("path").resolve(__dirname, "../../dist/provider/resources");

/** Load the provider of one kind by package name, else from the built files of this package. */
function loadProvider(file: string): Required<Provider> {
    try {
        return require("pulumi-l2bridge/provider/resources/" + file).provider;
    } catch (error) {
        const notFound = (error as { code?: string }).code === "MODULE_NOT_FOUND";
        if (!notFound || !String((error as Error).message).includes("pulumi-l2bridge/provider")) {
            throw error;
        }
        return require(builtResourcesDirectory + "/" + file).provider;
    }
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
