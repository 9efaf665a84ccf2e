/**
 * The PortPublish kind on a Windows host: its PortMapping policy, how an existing mapping is
 * matched and named, its observation, and observe and apply.
 *
 * The mapping sits on a ContainerEndpoint of this package (`endpoint`) or on an endpoint another
 * program made (`endpointIp`, `endpointId`; see `foreignEndpoints`). Either way only the mapping
 * is added or removed (HcnModifyEndpoint, Policy Add/Remove) and the record keeps ownership of that
 * mapping alone. A host port belongs to one mapping per host: another PortPublish's record, or a
 * mapping another program put on an endpoint, on the same protocol and port is refused naming it.
 */
import type { WindowsKind } from "./windowsKind";
import type { Protocol } from "../../../model/protocols";
import type { PortPublishSpec } from "../../../model/kinds";
import { endpointKey } from "../../../validate/endpointReference";
import { policyEndpointProblem } from "../../foreignEndpoints";
import type { HcnPolicy, HcnPortMappingSettings } from "../hcnTypes";
import { natFlagLocalRoutedVip, protocolNumbers } from "../hcnTypes";
import type { Observation } from "../../hostDriver";
import { alignToDesired } from "../alignObserved";
import type { HcnView, HostRecord, RawHcn } from "../hostViews";
import { findRecord, recordData, sameId } from "../hostViews";
import { byName, numberField, policiesOfType, recordsOf, text } from "../rawHcn";
import type { WindowsHostContext } from "../hostContext";
import { runBatch } from "../hostBatch";
import { putPoliciesBatch, removePoliciesBatch } from "../endpointPolicyBatch";
import type { PolicyOwnership } from "../policyChanges";
import { ownsMatching } from "../policyChanges";
import {
    locateEndpoint,
    networkSummaries,
    readHcn,
    referenceField,
    referenceGone,
} from "../foreignEndpoints";

/** The PortMapping policy of a port publish. */
export function portMappingPolicy(
    spec: PortPublishSpec,
): HcnPolicy<"PortMapping", HcnPortMappingSettings> {
    const settings: HcnPortMappingSettings = {
        Protocol: protocolNumbers[spec.protocol ?? "tcp"],
        InternalPort: spec.containerPort,
        ExternalPort: spec.hostPort,
        Flags: spec.localAccess === false ? 0 : natFlagLocalRoutedVip,
    };
    if (spec.hostIp) {
        settings.VIP = spec.hostIp;
    }
    return { Type: "PortMapping", Settings: settings };
}

/** Settings fields that identify a port publish's mapping among the endpoint's policies. */
export function portMappingMatch(spec: PortPublishSpec): {
    type: string;
    settings: Record<string, number>;
} {
    return {
        type: "PortMapping",
        settings: {
            Protocol: protocolNumbers[spec.protocol ?? "tcp"],
            ExternalPort: spec.hostPort,
        },
    };
}

/** The policies a port publish owns on its endpoint: the PortMapping of its protocol and host port. */
export function ownsPortMapping(spec: PortPublishSpec): PolicyOwnership {
    const match = portMappingMatch(spec);
    return ownsMatching(match.type, match.settings);
}

/**
 * The mapping ID of a port publish: `<endpoint>/<protocol>/<hostPort>`, the endpoint being its
 * name, `ip:<address>` or `id:<HNS ID>`.
 */
export function mappingId(
    spec: Pick<PortPublishSpec, "endpoint" | "endpointIp" | "endpointId" | "protocol" | "hostPort">,
): string {
    return `${endpointKey(spec)}/${spec.protocol ?? "tcp"}/${spec.hostPort}`;
}

const protocolNames: Record<string, Protocol> = { "6": "tcp", "17": "udp" };

/** What a mapping holds on the host, as its record keeps it. */
interface PublishClaim {
    protocol: Protocol;
    hostPort: number;
    /** "" for every host address. */
    hostIp: string;
}

function claimOf(spec: PortPublishSpec): PublishClaim {
    return { protocol: spec.protocol ?? "tcp", hostPort: spec.hostPort, hostIp: spec.hostIp ?? "" };
}

/** The claim of a record: its data, or what its name says (records written before data was kept). */
function recordedClaim(record: HostRecord): PublishClaim | undefined {
    const data = recordData<PublishClaim>(record);
    if (data.protocol && data.hostPort) {
        return { protocol: data.protocol, hostPort: data.hostPort, hostIp: data.hostIp ?? "" };
    }
    const named = /\/(tcp|udp)\/(\d+)$/.exec(record.name);
    return named
        ? { protocol: named[1] as Protocol, hostPort: Number(named[2]), hostIp: "" }
        : undefined;
}

function overlaps(a: PublishClaim, b: PublishClaim): boolean {
    return (
        a.protocol === b.protocol &&
        a.hostPort === b.hostPort &&
        (a.hostIp === "" || b.hostIp === "" || a.hostIp === b.hostIp)
    );
}

function claimText(claim: PublishClaim): string {
    return `hostPort: ${claim.hostPort} (${claim.protocol}, on ${claim.hostIp || "every host address"})`;
}

/**
 * Refuse a mapping whose host port another mapping of the host holds: another PortPublish (by its
 * record), or a mapping on an endpoint that no record of this package accounts for (another
 * program's). The target endpoint's own matching mapping is the one this change replaces.
 */
export function refuseTakenHostPort(
    view: HcnView,
    spec: PortPublishSpec,
    targetId: string,
    host: string,
): void {
    const wanted = claimOf(spec);
    const id = mappingId(spec);
    const records = view.records.filter((record) => record.kind === "portPublish");
    const owner = records.find((record) => {
        const claim = record.name !== id ? recordedClaim(record) : undefined;
        return claim !== undefined && overlaps(claim, wanted);
    });
    if (owner) {
        throw new Error(
            `${claimText(wanted)} is already published on host ${host} by PortPublish ${owner.name}; choose another hostPort, or remove that PortPublish first`,
        );
    }
    for (const endpoint of view.endpoints) {
        const endpointId = text(endpoint, "ID") ?? "";
        if (sameId(endpointId, targetId)) {
            continue;
        }
        for (const policy of policiesOfType(endpoint, "PortMapping")) {
            const claim: PublishClaim = {
                protocol: protocolNames[text(policy.Settings, "Protocol") ?? ""] ?? "tcp",
                hostPort: numberField(policy.Settings, "ExternalPort") ?? 0,
                hostIp: text(policy.Settings, "VIP") ?? "",
            };
            const ours = records.some(
                (record) =>
                    sameId(record.id, endpointId) &&
                    recordedClaim(record)?.hostPort === claim.hostPort,
            );
            if (!ours && overlaps(claim, wanted)) {
                throw new Error(
                    `${claimText(wanted)} is already mapped on host ${host} by HNS endpoint ${endpointId.toLowerCase()} (${text(endpoint, "Name") ?? "no name"}), which another program made; choose another hostPort`,
                );
            }
        }
    }
}

/** The mapping of `desired` on `endpoint`, or null when the endpoint has none. */
function observeMappingOn(
    endpoint: RawHcn,
    records: HostRecord[],
    desired: PortPublishSpec,
): Observation<"portPublish"> | null {
    const protocol = desired.protocol ?? "tcp";
    const policy = policiesOfType(endpoint, "PortMapping").find(
        (p) =>
            protocolNames[text(p.Settings, "Protocol") ?? ""] === protocol &&
            numberField(p.Settings, "ExternalPort") === desired.hostPort,
    );
    if (!policy) {
        return null;
    }
    const flags = numberField(policy.Settings, "Flags") ?? 0;
    const observed: PortPublishSpec = {
        endpoint: desired.endpoint,
        endpointIp: desired.endpointIp,
        endpointId: desired.endpointId,
        protocol,
        hostPort: numberField(policy.Settings, "ExternalPort") ?? 0,
        containerPort: numberField(policy.Settings, "InternalPort") ?? 0,
        hostIp: text(policy.Settings, "VIP"),
        localAccess: (flags & natFlagLocalRoutedVip) !== 0,
    };
    const id = mappingId(desired);
    return {
        id,
        owned: !!findRecord(records, "portPublish", id),
        state: alignToDesired(desired, observed, { protocol: "tcp", localAccess: true }),
        details: {
            mappingId: id,
            containerIp: text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress") ?? "",
            endpointProblem: "",
            endpointId: (text(endpoint, "ID") ?? "").toLowerCase(),
        },
    };
}

/** The port publish observation of a named ContainerEndpoint, or null when it or the mapping is missing. */
export function observePortPublishIn(
    view: Pick<HcnView, "endpoints" | "records">,
    desired: PortPublishSpec,
): Observation<"portPublish"> | null {
    const endpoint = byName(view.endpoints, desired.endpoint ?? "");
    return endpoint ? observeMappingOn(endpoint, view.records, desired) : null;
}

/**
 * The port publish observation of an endpoint named by address or HNS ID. When the endpoint is
 * gone but the record of the mapping remains, the mapping is reported with its endpoint reference
 * empty and the reason in `endpointProblem`, so a refresh shows what is missing.
 */
export function observeForeignPortPublishIn(
    view: HcnView,
    desired: PortPublishSpec,
    host: string,
): Observation<"portPublish"> | null {
    const located = locateEndpoint(view, desired);
    if (located.endpoint) {
        return observeMappingOn(located.endpoint, view.records, desired);
    }
    const id = mappingId(desired);
    if (!findRecord(view.records, "portPublish", id)) {
        return null;
    }
    const { field, value } = referenceField(desired);
    const problem = policyEndpointProblem(
        { className: "PortPublish", host },
        field,
        value,
        located.finding,
        networkSummaries(view.networks),
    );
    return {
        id,
        owned: true,
        state: { ...desired, ...referenceGone(desired) },
        details: { mappingId: id, containerIp: "", endpointProblem: problem ?? "", endpointId: "" },
    };
}

/** The port publish's observation. */
export async function observePortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
): Promise<Observation<"portPublish"> | null> {
    const view = await readHcn(context);
    context.views.keep(`portPublish/${mappingId(spec)}`, view);
    if (spec.endpoint !== undefined) {
        return observePortPublishIn(view, spec);
    }
    return observeForeignPortPublishIn(view, spec, context.host);
}

/** The view after a change, read back as the spec's observation. */
function observeAfter(view: HcnView, spec: PortPublishSpec, host: string) {
    if (spec.endpoint === undefined) {
        return observeForeignPortPublishIn(view, spec, host);
    }
    const endpoint = byName(view.endpoints, spec.endpoint);
    return endpoint ? observeMappingOn(endpoint, view.records, spec) : null;
}

/**
 * Add (or replace) the PortMapping of a port publish on its endpoint, after refusing an endpoint
 * that is missing or not a container's and a host port another mapping holds; or remove it from
 * the endpoint its record names (an endpoint already gone only loses the record).
 */
export async function applyPortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
    remove: boolean,
): Promise<Observation<"portPublish"> | null> {
    const view =
        context.views.take<HcnView>(`portPublish/${mappingId(spec)}`) ?? (await readHcn(context));
    const id = mappingId(spec);
    if (remove) {
        const recorded = findRecord(view.records, "portPublish", id);
        const target = recorded?.id ?? locateEndpoint(view, spec).endpoint?.ID;
        if (target) {
            await runBatch<HcnView>(
                context,
                removePoliciesBatch({
                    id: target,
                    endpoint: view.endpoints.find((e) => sameId(text(e, "ID"), target)),
                    owns: ownsPortMapping(spec),
                    record: { kind: "portPublish", name: id },
                }),
            );
        }
        return null;
    }
    const located = locateEndpoint(view, spec);
    if (!located.endpoint || located.finding.status !== "found") {
        if (spec.endpoint !== undefined) {
            throw new Error(
                `endpoint: HNS endpoint "${spec.endpoint}" was not found on host ${context.host}; create the ContainerEndpoint first`,
            );
        }
        const { field, value } = referenceField(spec);
        throw new Error(
            policyEndpointProblem(
                { className: "PortPublish", host: context.host },
                field,
                value,
                located.finding,
                networkSummaries(view.networks),
            ),
        );
    }
    refuseTakenHostPort(view, spec, located.finding.id, context.host);
    const after = await runBatch<HcnView>(
        context,
        putPoliciesBatch({
            id: located.finding.id,
            endpoint: located.endpoint,
            desired: [portMappingPolicy(spec)],
            owns: ownsPortMapping(spec),
            record: {
                kind: "portPublish",
                name: id,
                network: located.finding.network,
                data: JSON.stringify(claimOf(spec)),
            },
            address: spec.endpointIp,
        }),
    );
    return observeAfter(after, spec, context.host);
}

/** The PortPublish kind's entry in the driver's table. */
export const portPublishKind: WindowsKind<"portPublish"> = {
    observe: observePortPublish,
    apply: (context, op) => applyPortPublish(context, op.desired, op.action === "delete"),
};
