/**
 * The JSON views the host scripts return, and their decoding. HCN objects arrive exactly as HNS
 * returned them; the rest are flat objects the scripts compose.
 */
import type { HnsVersion } from "./hnsFeatures";

/** One record of the package's ownership file on the host. */
export interface HostRecord {
    kind: string;
    name: string;
    id: string;
    network: string;
    /** JSON text with kind-specific data (network NAT settings, route list, ...). */
    data: string;
}

/** An HCN object as HNS returned it (schema 2.0 shape). */
export type RawHcn = Record<string, unknown> & { ID?: string; Name?: string };

/** A host interface as the scripts read it. */
export interface InterfaceView {
    alias: string;
    exists: boolean;
    ifIndex?: number;
    forwarding?: string;
    macAddress?: string;
    addresses?: string[];
    neighbors?: { ipAddress: string; linkLayerAddress: string; state: string }[];
}

/** What `observeNetwork` returns. */
export interface NetworkView {
    records: HostRecord[];
    /** The network of the name, or every network when none has it (or `uplink` was asked). */
    networks: RawHcn[];
    /**
     * The endpoints the package's ContainerEndpoint records name in the network (the network's
     * outbound NAT is read from those inheriting it); none while the network does not exist.
     */
    endpoints?: RawHcn[];
    managementIp: string;
    /**
     * The uplink facts, read only when no network has the name or `uplink` was asked (a create
     * needs them): the alias of the default route's interface, and the physical adapters.
     */
    defaultRouteAlias?: string | null;
    physicalAdapters?: { name: string; status: string }[] | null;
}

/** What `observeEndpoint` returns. */
export interface EndpointView {
    records: HostRecord[];
    network: RawHcn | null;
    endpoints: RawHcn[];
    namespaces: RawHcn[];
    interfaces: InterfaceView[];
    managementAlias: string;
    /**
     * The host's address on the network's vSwitch: read with the create facts or for a watched
     * host interface ("" otherwise, or when unknown).
     */
    managementIp: string;
    /**
     * Every load balancer on the host: one of the create facts, read only when the request asks
     * (`createFacts`) or no endpoint has the name; absent otherwise.
     */
    loadBalancers?: RawHcn[];
}

/** What `observeLoadBalancer` returns. */
export interface LoadBalancerView {
    /**
     * The host's HNS version: read only when the request asks (`withVersion`, a load balancer with
     * `directServerReturn`, which the version gates); null otherwise.
     */
    version: HnsVersion | null;
    records: HostRecord[];
    /** The load balancer's network, null when absent. */
    network: RawHcn | null;
    /** Every network of the host (absent from hosts whose module predates it). */
    networks?: RawHcn[];
    /** Every load balancer of the host; with `partial`, those recorded under the name or in the network. */
    loadBalancers: RawHcn[];
    /** Every endpoint of the host; with `partial`, only those a read looks at. */
    endpoints: RawHcn[];
    /**
     * True when a read (`narrow`) of a recorded load balancer was answered with only the load
     * balancers recorded under its name or in its network, the endpoints it lists, the container
     * endpoints recorded in its network and the backend IDs asked for, and without the management
     * IP unless asked (`withManagementIp`). No change is decided on it.
     */
    partial?: boolean;
    /** The host's address on the network's vSwitch ("" when unknown, not read or no network). */
    managementIp?: string;
}

/** What `observeHcn` returns: every network and endpoint of the host, whoever made them. */
export interface HcnView {
    records: HostRecord[];
    networks: RawHcn[];
    endpoints: RawHcn[];
}

/** One route of Get-NetRoute. */
export interface RouteRow {
    destinationPrefix: string;
    nextHop: string;
    interfaceAlias: string;
    metric: number;
    store: "ActiveStore" | "PersistentStore";
}

/** What `observeRoutes` returns. */
export interface RouteView {
    records: HostRecord[];
    routes: RouteRow[];
    nextHopInterfaces: { nextHop: string; interfaceAlias: string }[];
}

/** State of a detached operation. */
export interface OperationState {
    state: "unknown" | "running" | "succeeded" | "failed";
    detail: string;
}

/**
 * Decode a script result. The session converts a script's return value to JSON; the scripts
 * return JSON text, so the result is a JSON string holding the JSON document. A result that is
 * already the document is accepted too, and so is a list whose last item is the result (a command
 * that wrote to the pipeline before the script returned).
 */
export function parseScriptResult<T>(output: string): T {
    let value: unknown = JSON.parse(output);
    if (Array.isArray(value) && value.length > 0) {
        // Stray pipeline output before the script's return value: the result is the last item.
        value = value[value.length - 1];
    }
    if (typeof value === "string") {
        value = JSON.parse(value);
    }
    if (value === null || typeof value !== "object") {
        throw new Error(
            `Windows host returned ${JSON.stringify(output).slice(0, 200)}, expected a JSON object`,
        );
    }
    return value as T;
}

/** Case-insensitive comparison of GUIDs (HNS returns both cases). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
    return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}

/** The record of `kind`/`name`, if any. */
export function findRecord(
    records: HostRecord[],
    kind: string,
    name: string,
): HostRecord | undefined {
    return records.find((r) => r.kind === kind && r.name === name);
}

/** True when some record of `kind` names object `id`. */
export function recordedId(records: HostRecord[], kind: string, id: string): boolean {
    return records.some((r) => r.kind === kind && sameId(r.id, id));
}

/** Parsed `data` of a record ({} when absent or unreadable). */
export function recordData<T extends object>(record: HostRecord | undefined): Partial<T> {
    if (!record || !record.data) {
        return {};
    }
    try {
        return JSON.parse(record.data) as Partial<T>;
    } catch {
        return {};
    }
}
