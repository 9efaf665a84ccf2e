/** HcnCreateLoadBalancer / HcnModifyLoadBalancer / HcnDeleteLoadBalancer (hns.md §4). */
import type { HcnContext } from "./context";
import { supports } from "./features";
import { loadBalancerViolations } from "./hcnSchema";
import { fail, HcnError, HResult } from "./hresults";
import { findById, idForCreate } from "./lookup";
import { checkShape, loadBalancerShape, parseDocument } from "./shapes";
import type { HcnDocument, HcnObject } from "./state";
import { notFound } from "./views";

/** Load balancer flag EnableDirectServerReturn. */
const dsrFlag = 1;

function checkLoadBalancer(ctx: HcnContext, doc: HcnDocument): void {
    checkShape(doc, loadBalancerShape, "loadBalancer");
    // The shared checker's "exactly one mapping" and required Flags are conventions, not HNS rules.
    const violations = loadBalancerViolations({
        Flags: 0,
        FrontendVIPs: [],
        ...doc,
        SchemaVersion: { Major: 2, Minor: 0 },
    }).filter((v) => !v.includes("exactly one mapping"));
    if (violations.length > 0) throw fail.invalidArgument(violations.join("; "));
    for (const id of (doc["HostComputeEndpoints"] as string[] | undefined) ?? []) {
        if (!findById(ctx.state.endpoints, id)) throw notFound("Endpoint", id);
    }
    const version = ctx.state.version;
    if (
        (((doc["Flags"] as number) ?? 0) & dsrFlag) !== 0 &&
        !supports(version, "directServerReturn")
    )
        throw new HcnError(
            HResult.requestUnsupported,
            "The request is not supported. Direct server return needs HNS 9.3 or 10.2.",
        );
    const mappings = (doc["PortMappings"] as HcnDocument[] | undefined) ?? [];
    if (
        mappings.some((m) => ((m["DistributionType"] as number) ?? 0) !== 0) &&
        !supports(version, "sessionAffinity")
    )
        throw new HcnError(
            HResult.requestUnsupported,
            "The request is not supported. DistributionType needs HNS 12.0.",
        );
}

/** Creates a load balancer. */
export function createLoadBalancer(
    ctx: HcnContext,
    requestedId: string | null,
    settings: string | null,
): HcnObject {
    const doc = parseDocument(settings, "loadBalancer");
    checkLoadBalancer(ctx, doc);
    const id = idForCreate(requestedId ?? (doc["ID"] as string | undefined) ?? null);
    if (findById(ctx.state.loadBalancers, id))
        throw fail.invalidArgument(`A load balancer with ID {${id}} already exists`);
    const lb: HcnObject = {
        HostComputeEndpoints: [],
        ...doc,
        ID: id,
        Flags: doc["Flags"] ?? 0,
        SchemaVersion: { Major: 2, Minor: 0 },
    };
    ctx.state.loadBalancers.push(lb);
    return lb;
}

/** Replaces a load balancer's settings; only HNS 15.4+ has ModifyLoadBalancer (E_NOTIMPL before). */
export function modifyLoadBalancer(ctx: HcnContext, id: string, settings: string | null): void {
    const lb = findById(ctx.state.loadBalancers, id);
    if (!lb) throw notFound("LoadBalancer", id);
    if (!supports(ctx.state.version, "modifyLoadBalancer"))
        throw fail.notImplemented("ModifyLoadBalancer needs HNS 15.4.");
    const doc = parseDocument(settings, "loadBalancer");
    checkLoadBalancer(ctx, doc);
    if (doc["ID"] !== undefined && String(doc["ID"]).toUpperCase() !== lb.ID)
        throw fail.invalidArgument("loadBalancer.ID cannot change");
    Object.assign(lb, doc, { ID: lb.ID });
}

/** Deletes a load balancer. */
export function deleteLoadBalancer(ctx: HcnContext, id: string): void {
    const lb = findById(ctx.state.loadBalancers, id);
    if (!lb) throw notFound("LoadBalancer", id);
    ctx.state.loadBalancers = ctx.state.loadBalancers.filter((l) => l !== lb);
}
