/**
 * The PortPublish kind on a Windows host: its PortMapping policy, how an existing mapping is
 * matched and named, its observation, and observe and apply.
 */
import { WindowsKind } from "./windowsKind";
import { endpointNameOf, readEndpoint, replacePolicies } from "../endpointPolicyCommon";
import { Protocol } from "../../../../sdk/common";
import { PortPublishSpec } from "../../../model/kinds";
import {
    HcnPolicy,
    HcnPortMappingSettings,
    natFlagLocalRoutedVip,
    protocolNumbers,
} from "../hcnTypes";
import { Observation } from "../../hostDriver";
import { alignToDesired } from "../alignObserved";
import { EndpointView, findRecord } from "../hostViews";
import { byName, numberField, policiesOfType, recordsOf, text } from "../rawHcn";
import { WindowsHostContext } from "../hostContext";

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

/** The mapping ID of a port publish: `<endpoint>/<protocol>/<hostPort>`. */
export function mappingId(
    spec: Pick<PortPublishSpec, "endpoint" | "protocol" | "hostPort">,
): string {
    return `${spec.endpoint}/${spec.protocol ?? "tcp"}/${spec.hostPort}`;
}

const protocolNames: Record<string, Protocol> = { "6": "tcp", "17": "udp" };

/** The port publish observation, or null when the endpoint or the mapping is missing. */
export function observePortPublishIn(
    view: EndpointView,
    desired: PortPublishSpec,
): Observation<"portPublish"> | null {
    const endpoint = byName(view.endpoints, endpointNameOf(desired));
    if (!endpoint) {
        return null;
    }
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
        protocol,
        hostPort: numberField(policy.Settings, "ExternalPort") ?? 0,
        containerPort: numberField(policy.Settings, "InternalPort") ?? 0,
        hostIp: text(policy.Settings, "VIP"),
        localAccess: (flags & natFlagLocalRoutedVip) !== 0,
    };
    const id = mappingId(desired);
    return {
        id,
        owned: !!findRecord(view.records, "portPublish", id),
        state: alignToDesired(desired, observed, { protocol: "tcp", localAccess: true }),
        details: {
            mappingId: id,
            containerIp: text(recordsOf(endpoint["IpConfigurations"])[0], "IpAddress") ?? "",
        },
    };
}

/** The port publish's observation. */
export async function observePortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
): Promise<Observation<"portPublish"> | null> {
    return observePortPublishIn(await readEndpoint(context, endpointNameOf(spec)), spec);
}

/** Add (or replace) the PortMapping of a port publish, or remove it. */
export async function applyPortPublish(
    context: WindowsHostContext,
    spec: PortPublishSpec,
    remove: boolean,
): Promise<Observation<"portPublish"> | null> {
    const view = await replacePolicies(
        context,
        endpointNameOf(spec),
        portMappingMatch(spec),
        remove ? [] : [portMappingPolicy(spec)],
        { kind: "portPublish", name: mappingId(spec), drop: remove },
    );
    return remove ? null : observePortPublishIn(view, spec);
}

/** The PortPublish kind's entry in the driver's table. */
export const portPublishKind: WindowsKind<"portPublish"> = {
    observe: observePortPublish,
    apply: (context, op) => applyPortPublish(context, op.desired, op.action === "delete"),
};
