/**
 * The backends of a load balancer on a Windows host, decided from the host's observation: which
 * backend addresses are endpoints of this host (whoever made them), which are containers of other
 * hosts that need a remote endpoint (Flags 1) and its HCN document, and which remote endpoints this
 * package recorded are used by no load balancer once a change is made, so they are deleted.
 */
import type { HcnEndpoint } from "./hcnTypes";
import { endpointFlagRemote, schemaV2 } from "./hcnTypes";
import type { BatchId } from "./hostBatch";
import type { HostRecord, RawHcn } from "./hostViews";
import { sameId } from "./hostViews";
import { numberField, recordsOf, stringList, text } from "./rawHcn";

/** Name of the remote endpoint standing for a backend on another host. */
export function remoteBackendName(address: string): string {
    return `l2b-remote-${address}`;
}

/** The MAC HNS gets for a remote backend: `02-11-` and the address bytes, as kube-proxy does. */
export function remoteBackendMac(address: string): string {
    const bytes = address.split(".").map((octet) => Number(octet).toString(16).padStart(2, "0"));
    return ["02", "11", ...bytes].join("-").toUpperCase();
}

/**
 * A remote endpoint (Flags 1) in network `networkId` for a backend that lives on another host, so
 * a load balancer can list it.
 */
export function buildRemoteBackendDocument(
    address: string,
    prefixLength: number,
    networkId: string,
): HcnEndpoint {
    return {
        Name: remoteBackendName(address),
        HostComputeNetwork: networkId,
        IpConfigurations: [{ IpAddress: address, PrefixLength: prefixLength }],
        MacAddress: remoteBackendMac(address),
        Policies: [],
        Flags: endpointFlagRemote,
        SchemaVersion: schemaV2,
    };
}

/** A remote endpoint the batch creates, referenced by `ref` (its name) in later steps. */
export interface RemoteEndpointToCreate {
    ref: string;
    document: HcnEndpoint;
}

/** What the load balancer lists and what has to be made for it. */
export interface BackendPlan {
    /** HostComputeEndpoints in order: backend addresses first, then `backendEndpointIds`. */
    endpoints: BatchId[];
    /** Remote endpoints to create first. */
    create: RemoteEndpointToCreate[];
    /** IDs of existing endpoints the load balancer lists (each must still exist). */
    existing: string[];
}

function isRemote(endpoint: RawHcn): boolean {
    return ((numberField(endpoint, "Flags") ?? 0) & endpointFlagRemote) !== 0;
}

function holds(endpoint: RawHcn, address: string): boolean {
    return recordsOf(endpoint["IpConfigurations"]).some(
        (configuration) => text(configuration, "IpAddress") === address,
    );
}

/**
 * The endpoints of each backend: an address held by a local endpoint (not remote) is that
 * endpoint; another address is the remote endpoint named for it, reused when it exists, else
 * created in `networkId` with the network's `prefixLength`; `backendEndpointIds` are listed as
 * given. A remote endpoint created for one address is listed once even when the address repeats.
 */
export function planBackends(input: {
    endpoints: RawHcn[];
    backends: string[];
    backendEndpointIds: string[];
    networkId: string;
    prefixLength: number;
}): BackendPlan {
    const plan: BackendPlan = { endpoints: [], create: [], existing: [] };
    const list = (id: string) => {
        plan.endpoints.push({ id });
        plan.existing.push(id);
    };
    for (const address of input.backends) {
        const local = input.endpoints.find((e) => !isRemote(e) && holds(e, address));
        const name = remoteBackendName(address);
        const remote = input.endpoints.find((e) => isRemote(e) && text(e, "Name") === name);
        const found = local ?? remote;
        if (found) {
            list((text(found, "ID") ?? "").toLowerCase());
        } else {
            if (!plan.create.some((made) => made.ref === name)) {
                plan.create.push({
                    ref: name,
                    document: buildRemoteBackendDocument(
                        address,
                        input.prefixLength,
                        input.networkId,
                    ),
                });
            }
            plan.endpoints.push({ ref: name });
        }
    }
    for (const id of input.backendEndpointIds) {
        list(id.toLowerCase());
    }
    return plan;
}

/**
 * The remote endpoint records whose endpoint no load balancer lists once the change is made:
 * `loadBalancers` as observed, less `goneId` (the one deleted or replaced), plus `listed` (the
 * endpoint IDs of the one being created).
 */
export function unusedRemoteEndpoints(input: {
    records: HostRecord[];
    loadBalancers: RawHcn[];
    goneId?: string;
    listed?: string[];
}): HostRecord[] {
    const used = input.loadBalancers
        .filter((lb) => !sameId(text(lb, "ID"), input.goneId))
        .flatMap((lb) => stringList(lb, "HostComputeEndpoints"))
        .concat(input.listed ?? []);
    return input.records.filter(
        (record) => record.kind === "remoteEndpoint" && !used.some((id) => sameId(id, record.id)),
    );
}
