/**
 * The provider objects Pulumi serialises into state (`__provider`). Each is a thin trampoline: every
 * method loads the real provider by package name at call time and delegates, so the serialised
 * text stays small, captures nothing, and picks up the installed package's code.
 */
import type * as pulumi from "@pulumi/pulumi";

type Provider = pulumi.dynamic.ResourceProvider;

export const l2BridgeNetworkTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.create(
            inputs,
        );
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.read(
            id,
            props,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/l2BridgeNetwork").provider.delete(
            id,
            props,
        );
    },
};

export const gatewayEndpointTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.create(
            inputs,
        );
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.read(
            id,
            props,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/gatewayEndpoint").provider.delete(
            id,
            props,
        );
    },
};

export const containerEndpointTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.create(
            inputs,
        );
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.read(
            id,
            props,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/containerEndpoint").provider.delete(
            id,
            props,
        );
    },
};

export const containerRouteTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.create(inputs);
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.read(
            id,
            props,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/containerRoute").provider.delete(
            id,
            props,
        );
    },
};

export const hnsLoadBalancerTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.check(
            olds,
            news,
        );
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.create(
            inputs,
        );
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.read(
            id,
            props,
        );
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/hnsLoadBalancer").provider.delete(
            id,
            props,
        );
    },
};

export const endpointAclTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.check(olds, news);
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.create(inputs);
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.read(id, props);
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/endpointAcl").provider.delete(id, props);
    },
};

export const portPublishTrampoline: Provider = {
    async check(olds, news) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.check(olds, news);
    },
    async diff(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.diff(
            id,
            olds,
            news,
        );
    },
    async create(inputs) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.create(inputs);
    },
    async read(id, props) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.read(id, props);
    },
    async update(id, olds, news) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.update(
            id,
            olds,
            news,
        );
    },
    async delete(id, props) {
        return require("pulumi-l2bridge/provider/resources/portPublish").provider.delete(id, props);
    },
};
