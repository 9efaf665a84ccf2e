/**
 * The Linux host driver: each object kind observed with `ip -j` / `nft -j` and converged with
 * iproute2 and nft, through the host's long-lived shell. An apply sends the change and the
 * observation in one invocation, so a create costs two round trips and a no-op read one. Applies
 * hold the host lock in this process and a flock on the host, so changes never interleave.
 */
import type { HostConnection } from "../../model/hostConnection";
import { withHostLock } from "../../transport/hostLock";
import { connectionKey } from "../../transport/pool";
import type { HostSession } from "../../transport/types";
import type { ApplyOp, HostDriver, Observation } from "../hostDriver";
import type { KindSpecs, ObjectKind } from "../../model/kinds";
import { containerEndpointKind } from "./containerEndpoint";
import { endpointAclKind } from "./endpointAcl";
import { gatewayEndpointKind } from "./gatewayEndpoint";
import type { HostCall } from "./hostCall";
import { joinCalls, parseSections } from "./hostCall";
import type { LinuxKind } from "./linuxKind";
import { hnsLoadBalancerKind } from "./hnsLoadBalancer";
import { l2BridgeNetworkKind } from "./l2BridgeNetwork";
import { portPublishKind } from "./portPublish";
import { containerRouteKind } from "./containerRoute";
import { runtimeNetworkConfigKind } from "./runtimeNetworkConfig";

const kinds: { [K in ObjectKind]: LinuxKind<K> } = {
    l2BridgeNetwork: l2BridgeNetworkKind,
    gatewayEndpoint: gatewayEndpointKind,
    containerEndpoint: containerEndpointKind,
    containerRoute: containerRouteKind,
    hnsLoadBalancer: hnsLoadBalancerKind,
    endpointAcl: endpointAclKind,
    portPublish: portPublishKind,
    runtimeNetworkConfig: runtimeNetworkConfigKind,
};

/** The linux host driver. */
export class LinuxDriver implements HostDriver {
    readonly os = "linux";
    constructor(
        private readonly session: HostSession,
        private readonly connection: HostConnection,
    ) {}

    async observe<K extends ObjectKind>(
        kind: K,
        spec: KindSpecs[K],
    ): Promise<Observation<K> | null> {
        const handler = kinds[kind] as LinuxKind<K>;
        const output = await this.run(kind, "observe", handler.observe(spec));
        return handler.read(spec, parseSections(output), this.connection.host);
    }

    async apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null> {
        return withHostLock(connectionKey(this.connection), () => this.applyLocked(op));
    }

    private async applyLocked<K extends ObjectKind>(
        op: ApplyOp<K>,
    ): Promise<Observation<K> | null> {
        const handler = kinds[op.kind] as LinuxKind<K>;
        if (op.action === "delete") {
            await this.run(op.kind, "delete", handler.remove(op));
            return null;
        }
        const preparation = handler.prepare?.(op.desired);
        const prepared = preparation
            ? parseSections(await this.run(op.kind, op.action, preparation))
            : new Map<string, string>();
        const host = this.connection.host;
        let converge: HostCall;
        try {
            converge = handler.converge(op, prepared, host);
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(`${op.action} ${op.kind} on ${host}: ${message}`, { cause: error });
        }
        const call = joinCalls(converge, handler.observe(op.desired));
        const output = await this.run(op.kind, op.action, call);
        return handler.read(op.desired, parseSections(output), host);
    }

    async hostKeyFingerprint(): Promise<string> {
        return this.session.hostKeyFingerprint();
    }

    private async run(kind: ObjectKind, action: string, call: HostCall): Promise<string> {
        try {
            return await this.session.invoke(call.script, call.params);
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(`${action} ${kind} on ${this.connection.host}: ${message}`, {
                cause: error,
            });
        }
    }
}
