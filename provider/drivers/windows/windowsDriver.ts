/**
 * The Windows host driver: HNS through HCN v2 (computenetwork.dll) and v1 HNSCall for the host
 * attach, NetTCPIP cmdlets for routes, forwarding and neighbors. It talks to the host only through
 * `session.invoke(script, params)`: scripts are constant text, every user value travels in params.
 */
import { randomBytes } from "crypto";
import { HostConnection } from "../../../sdk/hostConnection";
import { HostSession } from "../../transport/types";
import { ApplyOp, HostDriver, Observation } from "../hostDriver";
import {
    ContainerEndpointSpec,
    EndpointAclSpec,
    GatewayEndpointSpec,
    KindSpecs,
    LoadBalancerSpec,
    NetworkSpec,
    ObjectKind,
    PortPublishSpec,
    RuntimeNetworkConfigSpec,
    RouteSetSpec,
} from "../../model/kinds";
import { DetachedCreateClock } from "./blipSafeCreate";
import { containerEndpointName, gatewayEndpointName } from "./endpointDocuments";
import {
    createContainerEndpoint,
    createGatewayEndpoint,
    deleteEndpoint,
    observeContainerEndpoint,
    observeGatewayEndpoint,
    updateContainerEndpoint,
    updateGatewayEndpoint,
} from "./endpointOperations";
import { WindowsHostContext } from "./hostContext";
import { parseScriptResult } from "./hostViews";
import { normalizeHcnView } from "./hcnShape";
import {
    createLoadBalancer,
    deleteLoadBalancer,
    observeLoadBalancer,
} from "./loadBalancerOperations";
import { createNetwork, deleteNetwork, observeNetwork, updateNetwork } from "./networkOperations";
import {
    applyEndpointAcl,
    applyPortPublish,
    observeEndpointAcl,
    observePortPublish,
} from "./policyOperations";
import { applyRouteSet, observeRouteSet } from "./routeOperations";
import { HostModuleSession } from "./hostModuleSession";
import { ScriptName } from "./scriptCatalog";
import { runtimeNetworkConfigKind } from "./kinds/runtimeNetworkConfig";

/** Knobs of the Windows driver; the defaults suit real hosts, tests replace the clock. */
export interface WindowsDriverOptions {
    /**
     * Clock of the detached network create.
     * @default the real clock (Date.now and setTimeout)
     */
    clock?: DetachedCreateClock;
    /**
     * First wait between polls of a detached create, in ms; doubles up to `maxPollIntervalMs`.
     * @default 1000
     */
    pollIntervalMs?: number;
    /**
     * Longest wait between polls of a detached create, in ms.
     * @default 10000
     */
    maxPollIntervalMs?: number;
    /**
     * Source of operation ids (32 lower-case hex digits).
     * @default 16 random bytes in hex
     */
    newOperationId?: () => string;
}

const realClock: DetachedCreateClock = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Default of `timeouts.reconnectSeconds`. */
const defaultReconnectSeconds = 180;

type AnyObservation = Observation | null;

/** The Windows host driver. */
export class WindowsDriver implements HostDriver {
    readonly os = "windows";
    private readonly context: WindowsHostContext;

    constructor(
        private readonly session: HostSession,
        readonly connection: HostConnection,
        options: WindowsDriverOptions = {},
    ) {
        const module = new HostModuleSession(session);
        this.context = {
            host: connection.host,
            invoke: async <T>(name: ScriptName, params: Record<string, unknown>): Promise<T> =>
                normalizeHcnView(parseScriptResult<T>(await module.run(name, params))),
            detachedTiming: {
                reconnectMs:
                    (connection.timeouts?.reconnectSeconds ?? defaultReconnectSeconds) * 1000,
                pollIntervalMs: options.pollIntervalMs ?? 1000,
                maxPollIntervalMs: options.maxPollIntervalMs ?? 10000,
            },
            clock: options.clock ?? realClock,
            newOperationId: options.newOperationId ?? (() => randomBytes(16).toString("hex")),
        };
    }

    async observe<K extends ObjectKind>(
        kind: K,
        spec: KindSpecs[K],
    ): Promise<Observation<K> | null> {
        const c = this.context;
        const found: AnyObservation = await (() => {
            switch (kind) {
                case "network":
                    return observeNetwork(c, spec as NetworkSpec);
                case "gatewayEndpoint":
                    return observeGatewayEndpoint(c, spec as GatewayEndpointSpec);
                case "containerEndpoint":
                    return observeContainerEndpoint(c, spec as ContainerEndpointSpec);
                case "routeSet":
                    return observeRouteSet(c, spec as RouteSetSpec);
                case "loadBalancer":
                    return observeLoadBalancer(c, spec as LoadBalancerSpec);
                case "endpointAcl":
                    return observeEndpointAcl(c, spec as EndpointAclSpec);
                case "portPublish":
                    return observePortPublish(c, spec as PortPublishSpec);
                case "runtimeNetworkConfig":
                    return runtimeNetworkConfigKind.observe(c, spec as RuntimeNetworkConfigSpec);
            }
            throw new Error(`unknown object kind "${kind}"`);
        })();
        return found as Observation<K> | null;
    }

    async apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null> {
        const result: AnyObservation = await this.applyAny(op as unknown as ApplyOp);
        return result as Observation<K> | null;
    }

    private async applyAny(op: ApplyOp): Promise<AnyObservation> {
        const c = this.context;
        const remove = op.action === "delete";
        switch (op.kind) {
            case "network": {
                const spec = op.desired as NetworkSpec;
                const observed = op.observed as Observation<"network"> | null;
                if (remove) {
                    return deleteNetwork(c, spec, observed);
                }
                return observed ? updateNetwork(c, spec, observed) : createNetwork(c, spec);
            }
            case "gatewayEndpoint": {
                const spec = op.desired as GatewayEndpointSpec;
                const observed = op.observed as Observation<"gatewayEndpoint"> | null;
                if (remove) {
                    return deleteEndpoint(
                        c,
                        "gatewayEndpoint",
                        gatewayEndpointName(spec),
                        spec.network,
                        observed,
                    );
                }
                return observed
                    ? updateGatewayEndpoint(c, spec, observed)
                    : createGatewayEndpoint(c, spec);
            }
            case "containerEndpoint": {
                const spec = op.desired as ContainerEndpointSpec;
                const observed = op.observed as Observation<"containerEndpoint"> | null;
                if (remove) {
                    return deleteEndpoint(
                        c,
                        "containerEndpoint",
                        containerEndpointName(spec),
                        spec.network,
                        observed,
                    );
                }
                return observed
                    ? updateContainerEndpoint(c, spec, observed)
                    : createContainerEndpoint(c, spec);
            }
            case "routeSet":
                return applyRouteSet(c, op.desired as RouteSetSpec, remove);
            case "loadBalancer": {
                const spec = op.desired as LoadBalancerSpec;
                const observed = op.observed as Observation<"loadBalancer"> | null;
                if (remove) {
                    return deleteLoadBalancer(c, spec, observed);
                }
                return createLoadBalancer(c, spec, observed?.id ?? "");
            }
            case "endpointAcl":
                return applyEndpointAcl(c, op.desired as EndpointAclSpec, remove);
            case "portPublish":
                return applyPortPublish(c, op.desired as PortPublishSpec, remove);
            case "runtimeNetworkConfig":
                return runtimeNetworkConfigKind.apply(
                    c,
                    op as unknown as ApplyOp<"runtimeNetworkConfig">,
                );
        }
        throw new Error(`unknown object kind "${String(op.kind)}"`);
    }

    async hostKeyFingerprint(): Promise<string> {
        return this.session.hostKeyFingerprint();
    }
}
