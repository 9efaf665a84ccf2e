/**
 * The Windows host driver: HNS through HCN v2 (computenetwork.dll) and v1 HNSCall for the host
 * attach; interfaces, routes and neighbours read through IP Helper (iphlpapi.dll) and changed with
 * the NetTCPIP cmdlets. It talks to the host only through
 * `session.invoke(script, params)`: scripts are constant text, every user value travels in params.
 */
import { randomBytes } from "crypto";
import type { HostConnection } from "../../model/hostConnection";
import type { HostSession } from "../../transport/types";
import type { ApplyOp, HostDriver, Observation } from "../hostDriver";
import type { KindSpecs, ObjectKind } from "../../model/kinds";
import { timeoutDefaults } from "../../model/timeoutDefaults";
import type { DetachedCreateClock } from "./blipSafeCreate";
import type { WindowsHostContext } from "./hostContext";
import { parseScriptResult } from "./hostViews";
import { normalizeHcnView } from "./hcnShape";
import { HostModuleSession } from "./hostModuleSession";
import type { ScriptName } from "./scriptCatalog";
import { containerEndpointKind } from "./kinds/containerEndpoint";
import { endpointAclKind } from "./kinds/endpointAcl";
import { gatewayEndpointKind } from "./kinds/gatewayEndpoint";
import { hnsLoadBalancerKind } from "./kinds/hnsLoadBalancer";
import { l2BridgeNetworkKind } from "./kinds/l2BridgeNetwork";
import { portPublishKind } from "./kinds/portPublish";
import { containerRouteKind } from "./kinds/containerRoute";
import { runtimeNetworkConfigKind } from "./kinds/runtimeNetworkConfig";
import type { WindowsKind } from "./kinds/windowsKind";
import { ViewMemo } from "./viewMemo";

/** Every object kind's Windows side, the one place the driver dispatches through. */
const kinds: { [K in ObjectKind]: WindowsKind<K> } = {
    l2BridgeNetwork: l2BridgeNetworkKind,
    gatewayEndpoint: gatewayEndpointKind,
    containerEndpoint: containerEndpointKind,
    containerRoute: containerRouteKind,
    hnsLoadBalancer: hnsLoadBalancerKind,
    endpointAcl: endpointAclKind,
    portPublish: portPublishKind,
    runtimeNetworkConfig: runtimeNetworkConfigKind,
};

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
        const clock = options.clock ?? realClock;
        this.context = {
            host: connection.host,
            invoke: async <T>(name: ScriptName, params: Record<string, unknown>): Promise<T> =>
                normalizeHcnView(parseScriptResult<T>(await module.run(name, params))),
            detachedTiming: {
                reconnectMs:
                    (connection.timeouts?.reconnectSeconds ?? timeoutDefaults.reconnectSeconds) *
                    1000,
                pollIntervalMs: options.pollIntervalMs ?? 1000,
                maxPollIntervalMs: options.maxPollIntervalMs ?? 10000,
            },
            clock,
            newOperationId: options.newOperationId ?? (() => randomBytes(16).toString("hex")),
            views: new ViewMemo(clock),
        };
    }

    observe<K extends ObjectKind>(kind: K, spec: KindSpecs[K]): Promise<Observation<K> | null> {
        return (kinds[kind] as WindowsKind<K>).observe(this.context, spec);
    }

    async apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null> {
        try {
            return await (kinds[op.kind] as WindowsKind<K>).apply(this.context, op);
        } finally {
            this.context.views.clear();
        }
    }

    async hostKeyFingerprint(): Promise<string> {
        return this.session.hostKeyFingerprint();
    }
}
