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

export const l2BridgeNetworkTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("l2BridgeNetwork").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("l2BridgeNetwork").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("l2BridgeNetwork").create(inputs);
    },
    async read(id, props) {
        return loadProvider("l2BridgeNetwork").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("l2BridgeNetwork").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("l2BridgeNetwork").delete(id, props);
    },
};

export const gatewayEndpointTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("gatewayEndpoint").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("gatewayEndpoint").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("gatewayEndpoint").create(inputs);
    },
    async read(id, props) {
        return loadProvider("gatewayEndpoint").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("gatewayEndpoint").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("gatewayEndpoint").delete(id, props);
    },
};

export const containerEndpointTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("containerEndpoint").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("containerEndpoint").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("containerEndpoint").create(inputs);
    },
    async read(id, props) {
        return loadProvider("containerEndpoint").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("containerEndpoint").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("containerEndpoint").delete(id, props);
    },
};

export const containerRouteTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("containerRoute").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("containerRoute").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("containerRoute").create(inputs);
    },
    async read(id, props) {
        return loadProvider("containerRoute").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("containerRoute").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("containerRoute").delete(id, props);
    },
};

export const hnsLoadBalancerTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("hnsLoadBalancer").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("hnsLoadBalancer").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("hnsLoadBalancer").create(inputs);
    },
    async read(id, props) {
        return loadProvider("hnsLoadBalancer").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("hnsLoadBalancer").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("hnsLoadBalancer").delete(id, props);
    },
};

export const endpointAclTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("endpointAcl").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("endpointAcl").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("endpointAcl").create(inputs);
    },
    async read(id, props) {
        return loadProvider("endpointAcl").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("endpointAcl").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("endpointAcl").delete(id, props);
    },
};

export const portPublishTrampoline: Provider = {
    async check(olds, news) {
        return loadProvider("portPublish").check(olds, news);
    },
    async diff(id, olds, news) {
        return loadProvider("portPublish").diff(id, olds, news);
    },
    async create(inputs) {
        return loadProvider("portPublish").create(inputs);
    },
    async read(id, props) {
        return loadProvider("portPublish").read(id, props);
    },
    async update(id, olds, news) {
        return loadProvider("portPublish").update(id, olds, news);
    },
    async delete(id, props) {
        return loadProvider("portPublish").delete(id, props);
    },
};
