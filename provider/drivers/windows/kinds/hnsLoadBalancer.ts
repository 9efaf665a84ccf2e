/**
 * The HnsLoadBalancer kind on a Windows host: its HCN documents (the load balancer and the remote
 * backend endpoints), its observation, and observe, create and delete.
 *
 * A backend address inside one of the host's networks must be an endpoint of this host (whoever
 * made it; see `foreignEndpoints`), and a backend named by HNS ID must exist; an address outside
 * them is a container of another host, which gets a remote endpoint. A local backend that is gone
 * is reported (left out of the observed backends, the reason in `endpointProblem`) and refused at
 * apply; no endpoint is ever made for it.
 */
import type { WindowsKind } from "./windowsKind";
import type { HnsLoadBalancerSpec } from "../../../model/kinds";
import type { HcnLoadBalancer } from "../hcnTypes";
import {
    loadBalancerFlagDsr,
    portMappingFlagIlb,
    portMappingFlagLocalRoutedVip,
    protocolNumbers,
    schemaV2,
} from "../hcnTypes";
import type { Observation } from "../../hostDriver";
import { backendProblem, joinedProblems } from "../../foreignEndpoints";
import { addressesOf, locateByAddress, locateById } from "../foreignEndpoints";
import { alignToDesired } from "../alignObserved";
import type { HostRecord, LoadBalancerView, RawHcn } from "../hostViews";
import { findRecord, sameId } from "../hostViews";
import type { Batch, BatchPrecondition, BatchStep } from "../hostBatch";
import { runBatch } from "../hostBatch";
import { planBackends, unusedRemoteEndpoints } from "../loadBalancerBackends";
import { numberField, recordsOf, stringList, text } from "../rawHcn";
import { HcnShapeError } from "../hcnShape";
import { detailedQuery, plainQuery } from "../hcnQueries";
import { parseCidr } from "../../../validate/cidr";
import { networkSubnetOf } from "./l2BridgeNetwork";
import type { WindowsHostContext } from "../hostContext";
import { featureProblem } from "../hnsFeatures";
import {
    loadBalancerRecordData,
    vipRouteChangesForCreate,
    vipRouteSteps,
} from "../loadBalancerVipRoutes";
import {
    convergeVipRoutes,
    onlyVipRoutesDiffer,
    settleVipRoutes,
    withObservedVipRoutes,
} from "../loadBalancerVipRouteApply";

/**
 * The load balancer without `HostComputeEndpoints`: backends are addresses in the spec and become
 * endpoint IDs on the host, where the list is added in front of the document.
 */
export function buildLoadBalancerDocument(
    spec: HnsLoadBalancerSpec,
    defaultSourceVip: string | undefined,
): Omit<HcnLoadBalancer, "HostComputeEndpoints"> {
    let portFlags = 0;
    if (spec.internal) {
        portFlags |= portMappingFlagIlb;
    }
    if (spec.localRoutedVip !== false) {
        portFlags |= portMappingFlagLocalRoutedVip;
    }
    const document: Omit<HcnLoadBalancer, "HostComputeEndpoints"> = {
        FrontendVIPs: [spec.frontendVip],
        PortMappings: [
            {
                Protocol: protocolNumbers[spec.protocol ?? "tcp"],
                InternalPort: spec.backendPort ?? spec.frontendPort,
                ExternalPort: spec.frontendPort,
                Flags: portFlags,
            },
        ],
        Flags: spec.directServerReturn ? loadBalancerFlagDsr : 0,
        SchemaVersion: schemaV2,
    };
    const sourceVip = spec.sourceVip ?? defaultSourceVip;
    if (sourceVip) {
        document.SourceVIP = sourceVip;
    }
    return document;
}

function matchesContent(raw: RawHcn, desired: HnsLoadBalancerSpec): boolean {
    const mapping = recordsOf(raw["PortMappings"])[0];
    return (
        stringList(raw, "FrontendVIPs")[0] === desired.frontendVip &&
        numberField(mapping, "Protocol") === protocolNumbers[desired.protocol ?? "tcp"] &&
        numberField(mapping, "ExternalPort") === desired.frontendPort
    );
}

/** The protocol name of an HCN protocol number; any number but 6 and 17 is not one we manage. */
function protocolOf(value: number | undefined, id: string): "tcp" | "udp" {
    if (value === protocolNumbers.tcp) return "tcp";
    if (value === protocolNumbers.udp) return "udp";
    throw new HcnShapeError(
        `HNS returned load balancer (ID ${id}) with PortMappings[0].Protocol ${value ?? "missing"}; ` +
            `an HnsLoadBalancer is tcp (6) or udp (17), so this object was not made by this package`,
    );
}

/** The message for each backend (address or HNS ID) that is not usable on this host. */
export function backendProblems(
    view: LoadBalancerView,
    spec: HnsLoadBalancerSpec,
    host: string,
): Map<string, string> {
    const hcn = {
        records: view.records,
        networks: view.networks ?? (view.network ? [view.network] : []),
        endpoints: view.endpoints,
    };
    const owner = { className: "HnsLoadBalancer", host };
    const problems = new Map<string, string>();
    (spec.backends ?? []).forEach((address, index) => {
        const problem = backendProblem(
            owner,
            `backends[${index}]`,
            address,
            locateByAddress(hcn, address).finding,
        );
        if (problem) problems.set(address, problem);
    });
    (spec.backendEndpointIds ?? []).forEach((id, index) => {
        const problem = backendProblem(
            owner,
            `backendEndpointIds[${index}]`,
            id,
            locateById(hcn, id).finding,
        );
        if (problem) problems.set(id, problem);
    });
    return problems;
}

/**
 * The load balancer observation: the one this package recorded under `name`, else one with the
 * same frontend (VIP, protocol, port), which is reported as not owned.
 */
export function observeLoadBalancerIn(
    view: LoadBalancerView,
    desired: HnsLoadBalancerSpec,
    host = "?",
): Observation<"hnsLoadBalancer"> | null {
    const record = findRecord(view.records, "hnsLoadBalancer", desired.name);
    const recorded = record
        ? view.loadBalancers.find((lb) => sameId(text(lb, "ID"), record.id))
        : undefined;
    const raw = recorded ?? view.loadBalancers.find((lb) => matchesContent(lb, desired));
    if (!raw) {
        return null;
    }
    const id = text(raw, "ID") ?? "";
    const mapping = recordsOf(raw["PortMappings"])[0] ?? {};
    const mappingFlags = numberField(mapping, "Flags") ?? 0;
    const addressOf = (endpointId: string): string => {
        const endpoint = view.endpoints.find((e) => sameId(text(e, "ID"), endpointId));
        return (
            (endpoint && text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress")) ??
            `endpoint-id:${endpointId}`
        );
    };
    const protocol = protocolOf(numberField(mapping, "Protocol"), id);
    const problems = backendProblems(view, desired, host);
    const wantedIds = desired.backendEndpointIds ?? [];
    const listed = stringList(raw, "HostComputeEndpoints");
    const byId = listed
        .map((endpointId) => wantedIds.find((wanted) => sameId(wanted, endpointId)))
        .filter((wanted): wanted is string => wanted !== undefined && !problems.has(wanted));
    const byAddress = listed
        .filter((endpointId) => !wantedIds.some((wanted) => sameId(wanted, endpointId)))
        .map(addressOf)
        .filter((address) => !problems.has(address));
    const observed: HnsLoadBalancerSpec = {
        name: desired.name,
        network: desired.network,
        frontendVip: stringList(raw, "FrontendVIPs")[0] ?? "",
        protocol,
        frontendPort: numberField(mapping, "ExternalPort") ?? 0,
        backendPort: numberField(mapping, "InternalPort"),
        backends: byAddress.sort(),
        backendEndpointIds: wantedIds.length > 0 || byId.length > 0 ? byId : undefined,
        sourceVip: text(raw, "SourceVIP"),
        internal: (mappingFlags & portMappingFlagIlb) !== 0,
        directServerReturn: ((numberField(raw, "Flags") ?? 0) & loadBalancerFlagDsr) !== 0,
        localRoutedVip: (mappingFlags & portMappingFlagLocalRoutedVip) !== 0,
    };
    if (
        JSON.stringify(observed.backends) === JSON.stringify([...(desired.backends ?? [])].sort())
    ) {
        observed.backends = desired.backends;
    }
    if (
        observed.backendEndpointIds &&
        JSON.stringify([...observed.backendEndpointIds].sort()) ===
            JSON.stringify([...wantedIds].sort())
    ) {
        observed.backendEndpointIds = desired.backendEndpointIds;
    }
    if (desired.backendPort === undefined && observed.backendPort === observed.frontendPort) {
        observed.backendPort = undefined;
    }
    if (desired.sourceVip === undefined) {
        observed.sourceVip = undefined;
    }
    return {
        id,
        owned: !!recorded,
        state: withObservedVipRoutes(
            alignToDesired(desired, observed, {
                protocol: "tcp",
                internal: false,
                directServerReturn: false,
                localRoutedVip: true,
                backends: [],
            }),
            view,
            desired,
        ),
        details: {
            loadBalancerId: id,
            sourceVip: text(raw, "SourceVIP") ?? "",
            endpointProblem: joinedProblems([...problems.values()]),
        },
    };
}

function params(spec: HnsLoadBalancerSpec): Record<string, unknown> {
    return {
        name: spec.name,
        network: spec.network,
        networkQuery: detailedQuery,
        plainQuery,
        recordData: loadBalancerRecordData(spec),
        withVersion: spec.directServerReturn === true,
    };
}

/**
 * The parameters of a read: the host may answer it with only the load balancers and endpoints the
 * observation looks at (see `LoadBalancerView.partial`).
 */
function readParams(spec: HnsLoadBalancerSpec): Record<string, unknown> {
    return {
        ...params(spec),
        narrow: true,
        withManagementIp: spec.vipRoutes === false,
        endpointIds: spec.backendEndpointIds ?? [],
    };
}

/**
 * Whether `view` can tell where every backend address of `spec` is: always for a view of every
 * endpoint; for a narrow one only when each address is held by one of its endpoints (otherwise an
 * endpoint it left out, such as the gateway endpoint or one made by another tool, may hold it).
 */
export function holdsEveryBackend(
    view: Pick<LoadBalancerView, "endpoints" | "partial">,
    spec: Pick<HnsLoadBalancerSpec, "backends">,
): boolean {
    if (!view.partial) return true;
    const held = new Set(view.endpoints.flatMap((endpoint) => addressesOf(endpoint)));
    return (spec.backends ?? []).every((address) => held.has(address));
}

/** The prefix length of the load balancer's network (remote endpoints take it), or a clear error. */
function networkOf(spec: HnsLoadBalancerSpec, view: LoadBalancerView, host: string) {
    const subnet = view.network ? networkSubnetOf(view.network) : undefined;
    const prefixLength = subnet ? parseCidr(subnet)?.prefixLength : undefined;
    const id = view.network ? text(view.network, "ID") : undefined;
    if (prefixLength === undefined || !id) {
        throw new Error(
            `HnsLoadBalancer "${spec.name}": network: HNS network "${spec.network}" was not found on ` +
                `${host}. Fix: create the L2BridgeNetwork first or correct network.`,
        );
    }
    return { id: id.toLowerCase(), prefixLength };
}

/**
 * The batch that creates the load balancer (replacing `replaceId` when set): remote endpoints for
 * backends of other hosts first, then the load balancer listing them and the local endpoints, its
 * record, and the remote endpoints no load balancer uses any more deleted. Preconditions: the
 * network still has the ID read, every listed endpoint still exists, and every remote endpoint to
 * delete is listed by no load balancer but the one replaced.
 */
export function createLoadBalancerBatch(
    spec: HnsLoadBalancerSpec,
    before: LoadBalancerView,
    replaceId: string,
    host: string,
): Batch {
    const network = networkOf(spec, before, host);
    const plan = planBackends({
        endpoints: before.endpoints,
        backends: spec.backends ?? [],
        backendEndpointIds: spec.backendEndpointIds ?? [],
        networkId: network.id,
        prefixLength: network.prefixLength,
    });
    const unused = unusedRemoteEndpoints({
        records: before.records,
        loadBalancers: before.loadBalancers,
        goneId: replaceId,
        listed: plan.existing,
    });
    const fromIds = new Set((spec.backendEndpointIds ?? []).map((id) => id.toLowerCase()));
    const preconditions: BatchPrecondition[] = [
        { kind: "networkId", name: spec.network, id: network.id },
        ...plan.existing.map((id): BatchPrecondition => ({
            kind: "endpointExists",
            id,
            ...(fromIds.has(id)
                ? {
                      fix: "start the container whose endpoint it was, or remove it from backendEndpointIds",
                  }
                : {}),
        })),
        ...unused.map((record): BatchPrecondition => ({
            kind: "endpointUnused",
            id: record.id,
            ...(replaceId ? { except: replaceId } : {}),
        })),
    ];
    const steps: BatchStep[] = [
        ...plan.create.flatMap((made): BatchStep[] => [
            { op: "createEndpoint", ref: made.ref, document: made.document },
            {
                op: "setRecord",
                kind: "remoteEndpoint",
                name: made.ref,
                ref: made.ref,
                network: spec.network,
                data: "",
            },
        ]),
        ...(replaceId
            ? [{ op: "deleteLoadBalancer", id: replaceId, ifMissing: "skip" } as BatchStep]
            : []),
        {
            op: "createLoadBalancer",
            ref: "hnsLoadBalancer",
            document: buildLoadBalancerDocument(spec, gatewayAddressOf(before, spec.network)),
            endpoints: plan.endpoints,
        },
        {
            op: "setRecord",
            kind: "hnsLoadBalancer",
            name: spec.name,
            ref: "hnsLoadBalancer",
            network: spec.network,
            data: loadBalancerRecordData(spec),
        },
        ...removeRemoteEndpointSteps(unused),
        ...vipRouteSteps(
            vipRouteChangesForCreate(before, spec, releasedVips(spec, before, replaceId)),
            before.endpoints,
        ),
    ];
    return { view: "loadBalancer", viewParams: params(spec), preconditions, steps };
}

/** The VIPs a create releases: its own, and those of the load balancer it replaces. */
function releasedVips(
    spec: HnsLoadBalancerSpec,
    before: LoadBalancerView,
    replaceId: string,
): string[] {
    const replaced = replaceId
        ? before.loadBalancers.find((loadBalancer) => sameId(text(loadBalancer, "ID"), replaceId))
        : undefined;
    return [spec.frontendVip, ...(replaced ? stringList(replaced, "FrontendVIPs") : [])];
}

function removeRemoteEndpointSteps(unused: HostRecord[]): BatchStep[] {
    return unused.flatMap((record): BatchStep[] => [
        { op: "deleteEndpoint", id: record.id, ifMissing: "skip" },
        { op: "removeRecord", kind: "remoteEndpoint", name: record.name },
    ]);
}

/** The load balancer's observation. */
export async function observeLoadBalancer(
    context: WindowsHostContext,
    spec: HnsLoadBalancerSpec,
): Promise<Observation<"hnsLoadBalancer"> | null> {
    let view = await context.invoke<LoadBalancerView>("observeLoadBalancer", readParams(spec));
    if (!holdsEveryBackend(view, spec)) {
        view = await context.invoke<LoadBalancerView>("observeLoadBalancer", params(spec));
    }
    context.views.keep(`hnsLoadBalancer/${spec.name}`, view);
    return observeLoadBalancerIn(view, spec, context.host);
}

/** The address of the network's gateway endpoint recorded on the host (default source VIP). */
export function gatewayAddressOf(view: LoadBalancerView, network: string): string | undefined {
    const record = view.records.find((r) => r.kind === "gatewayEndpoint" && r.network === network);
    const endpoint = record && view.endpoints.find((e) => sameId(text(e, "ID"), record.id));
    return endpoint ? text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress") : undefined;
}

/**
 * Create the load balancer, replacing `replaceId` when set. HNS before 15.4 cannot modify a load
 * balancer, so updates are a delete and create under the host lock on every version.
 */
export async function createLoadBalancer(
    context: WindowsHostContext,
    spec: HnsLoadBalancerSpec,
    replaceId: string,
): Promise<Observation<"hnsLoadBalancer"> | null> {
    const kept = context.views.take<LoadBalancerView>(`hnsLoadBalancer/${spec.name}`);
    // A kept view lacks the HNS version when it was read for a spec without directServerReturn,
    // and endpoints when it was a narrow read.
    const before =
        kept && !kept.partial && (kept.version || !spec.directServerReturn)
            ? kept
            : await context.invoke<LoadBalancerView>("observeLoadBalancer", params(spec));
    if (spec.directServerReturn) {
        if (!before.version) {
            throw new Error(
                `HnsLoadBalancer "${spec.name}": host ${context.host} did not report its HNS version, which directServerReturn needs`,
            );
        }
        const problem = featureProblem(
            "directServerReturn",
            before.version,
            context.host,
            "directServerReturn",
        );
        if (problem) {
            throw new Error(`HnsLoadBalancer "${spec.name}": ${problem}`);
        }
    }
    const problems = backendProblems(before, spec, context.host);
    if (problems.size > 0) {
        throw new Error(joinedProblems([...problems.values()]));
    }
    const view = await runBatch<LoadBalancerView>(
        context,
        createLoadBalancerBatch(spec, before, replaceId, context.host),
    );
    // The batch made the VIP routes; another apply racing it may leave some to settle.
    const settled = await settleVipRoutes(
        context,
        spec.network,
        view,
        releasedVips(spec, before, replaceId),
    );
    return observeLoadBalancerIn(settled, spec, context.host);
}

/** Delete the load balancer. */
export async function deleteLoadBalancer(
    context: WindowsHostContext,
    spec: HnsLoadBalancerSpec,
    observed: Observation<"hnsLoadBalancer"> | null,
): Promise<null> {
    if (observed) {
        let view = await runBatch<LoadBalancerView>(context, {
            view: "loadBalancer",
            viewParams: params(spec),
            preconditions: [],
            steps: [
                { op: "deleteLoadBalancer", id: observed.id, ifMissing: "skip" },
                { op: "removeRecord", kind: "hnsLoadBalancer", name: spec.name },
            ],
        });
        const unused = unusedRemoteEndpoints({
            records: view.records,
            loadBalancers: view.loadBalancers,
        });
        if (unused.length > 0) {
            view = await runBatch<LoadBalancerView>(context, {
                view: "loadBalancer",
                viewParams: params(spec),
                preconditions: unused.map((record): BatchPrecondition => ({
                    kind: "endpointUnused",
                    id: record.id,
                })),
                steps: removeRemoteEndpointSteps(unused),
            });
        }
        await settleVipRoutes(context, spec.network, view, [
            spec.frontendVip,
            observed.state.frontendVip,
        ]);
    }
    return null;
}

/** The HnsLoadBalancer kind's entry in the driver's table. */
export const hnsLoadBalancerKind: WindowsKind<"hnsLoadBalancer"> = {
    observe: observeLoadBalancer,
    apply: async (context, op) => {
        if (op.action === "delete") {
            return deleteLoadBalancer(context, op.desired, op.observed);
        }
        if (op.observed && onlyVipRoutesDiffer(op.desired, op.observed)) {
            const view = await convergeVipRoutes(context, op.desired, op.observed.id);
            return observeLoadBalancerIn(view, op.desired, context.host);
        }
        return createLoadBalancer(context, op.desired, op.observed?.id ?? "");
    },
};
