/**
 * Network and endpoint policies as HNS judges them: the type must belong to the object
 * (HCN_E_INVALID_POLICY_TYPE otherwise), settings must have the documented fields and types,
 * features above the host's HNS version are refused, and policies are identified by content.
 */
import { supports, type HnsFeature } from "./features";
import { endpointPolicyTypes, endpointPolicyViolations, networkPolicyTypes } from "./hcnSchema";
import { fail, HcnError, HResult } from "./hresults";
import { checkShape, policySettingsShapes } from "./shapes";
import type { HcnDocument, HnsVersion } from "./state";

/** A policy in its v2 envelope. */
export interface HcnPolicy {
    Type: string;
    Settings: HcnDocument;
}

/** Which object a policy list belongs to. */
export type PolicyOwner = "network" | "endpoint";

/** Policy types that need a newer HNS than the first v2 release. */
const gatedTypes: Record<string, HnsFeature> = {
    NetworkACL: "networkAcl",
    SetPolicy: "setPolicy",
    L4Proxy: "l4Proxy",
    L4WFPPROXY: "l4WfpProxy",
    TierAcl: "tierAcl",
    VxlanPort: "vxlanPort",
};

function unsupported(version: HnsVersion, what: string): HcnError {
    return new HcnError(
        HResult.requestUnsupported,
        `The request is not supported. ${what} needs a newer HNS than ${version.major}.${version.minor}.`,
    );
}

/** ACL rules with address lists or port ranges need HNS 7.2+. */
function checkAclFeatures(settings: HcnDocument, version: HnsVersion, at: string): void {
    if (supports(version, "aclAddressListsAndPortRanges")) return;
    const listy = ["LocalAddresses", "RemoteAddresses"].some((k) =>
        String(settings[k] ?? "").includes(","),
    );
    const ranges = ["LocalPorts", "RemotePorts"].some((k) =>
        /[-,]/.test(String(settings[k] ?? "")),
    );
    if (listy || ranges) throw unsupported(version, `${at}: ACL address lists and port ranges`);
}

/** Semantic checks of the shared schema checker, with HNS's defaults filled in for optional fields. */
function checkEndpointSemantics(policy: HcnPolicy, at: string): void {
    const settings = { ...policy.Settings };
    if (policy.Type === "ACL" || policy.Type === "NetworkACL") {
        settings["RuleType"] ??= "Switch";
        settings["Priority"] ??= 0;
    }
    const type = policy.Type === "NetworkACL" ? "ACL" : policy.Type;
    const violations = endpointPolicyViolations([{ Type: type, Settings: settings }], at);
    if (violations.length > 0) throw fail.invalidArgument(violations.join("; "));
}

/** Validates a policy list for `owner`; throws the HRESULT HNS would return. */
export function checkPolicies(
    policies: unknown,
    owner: PolicyOwner,
    version: HnsVersion,
    at: string,
): HcnPolicy[] {
    if (policies === undefined || policies === null) return [];
    if (!Array.isArray(policies)) throw fail.invalidJson(`${at}: expected an array`);
    const own = owner === "network" ? networkPolicyTypes : endpointPolicyTypes;
    const other = owner === "network" ? endpointPolicyTypes : networkPolicyTypes;
    return policies.map((p: unknown, i) => {
        const here = `${at}[${i}]`;
        const envelope = p as HcnPolicy;
        if (typeof p !== "object" || p === null || typeof envelope.Type !== "string")
            throw fail.invalidJson(`${here}: a policy is {"Type": string, "Settings": object}`);
        if (!own.includes(envelope.Type)) {
            const where = other.includes(envelope.Type)
                ? `it is not a ${owner} policy`
                : "unknown type";
            throw fail.invalidPolicyType(`${here}: "${envelope.Type}" (${where})`);
        }
        checkShape(p, { object: { Type: "string", Settings: { object: {}, open: true } } }, here);
        const settings = envelope.Settings ?? {};
        const shape = policySettingsShapes[envelope.Type];
        if (shape) checkShape(settings, shape, `${here}.Settings`);
        const gate = gatedTypes[envelope.Type];
        if (gate && !supports(version, gate))
            throw unsupported(version, `${here}: ${envelope.Type}`);
        if (envelope.Type === "ACL" || envelope.Type === "NetworkACL")
            checkAclFeatures(settings, version, here);
        if (owner === "endpoint" || envelope.Type === "NetworkACL")
            checkEndpointSemantics({ Type: envelope.Type, Settings: settings }, here);
        return { Type: envelope.Type, Settings: settings };
    });
}

function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
    if (value && typeof value === "object") {
        const entries = Object.entries(value as HcnDocument).sort(([a], [b]) => (a < b ? -1 : 1));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/** Whether two policies are the same (type and settings), as HNS matches them for Remove. */
export function samePolicy(a: HcnPolicy, b: HcnPolicy): boolean {
    return a.Type === b.Type && canonicalJson(a.Settings ?? {}) === canonicalJson(b.Settings ?? {});
}

/** The policy list after a ModifySettingRequest of type Add/Remove/Update. */
export function applyPolicyRequest(
    current: HcnPolicy[],
    requestType: string,
    requested: HcnPolicy[],
): HcnPolicy[] {
    if (requestType === "Update") return requested;
    if (requestType === "Refresh") return current;
    if (requestType === "Add") {
        const result = [...current];
        for (const p of requested) {
            if (result.some((q) => samePolicy(p, q)))
                throw new HcnError(
                    HResult.policyAlreadyExists,
                    `A policy of type ${p.Type} with these settings already exists.`,
                );
            result.push(p);
        }
        return result;
    }
    if (requestType === "Remove") {
        let result = [...current];
        for (const p of requested) {
            if (!result.some((q) => samePolicy(p, q)))
                throw new HcnError(
                    HResult.policyNotFound,
                    `Policy not found: ${p.Type} with these settings.`,
                );
            result = result.filter((q) => !samePolicy(p, q));
        }
        return result;
    }
    throw fail.invalidArgument(
        `RequestType "${requestType}" is not Add, Remove, Update or Refresh`,
    );
}
