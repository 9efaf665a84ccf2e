/**
 * The v1 API (`HNSCall` in vmcompute.dll, hns.md §7): version, host attach/detach of endpoints and
 * v1-shaped listings. Answers are the `{"Success","Error","Output"}` envelope plus an HRESULT.
 */
import type { HcnContext } from "./context";
import { hostEndpointOf } from "./endpoints";
import { HcnError, HResult } from "./hresults";
import { findById, sameId } from "./lookup";
import { parseDocument } from "./shapes";
import { namespaceOfEndpoint, notFound, render, type HcnKind } from "./views";

/** A v1 answer: HRESULT and the envelope text. */
export interface V1Answer {
    hresult: number;
    envelope: string;
    changed: boolean;
}

const v1Query = { major: 1, detailed: true, filter: {} };

function ok(output: unknown, changed = false): V1Answer {
    return { hresult: 0, envelope: JSON.stringify({ Success: true, Output: output }), changed };
}

function listing(ctx: HcnContext, kind: HcnKind, id: string | undefined): unknown {
    const objects = kind === "Network" ? ctx.state.networks : ctx.state.endpoints;
    if (id === undefined) return objects.map((o) => render(ctx, kind, o, v1Query));
    const found = findById(objects, id);
    if (!found) throw notFound(kind, id);
    return render(ctx, kind, found, v1Query);
}

async function attach(ctx: HcnContext, id: string, body: string | null): Promise<V1Answer> {
    const request = parseDocument(body, "request");
    const endpoint = findById(ctx.state.endpoints, id);
    if (!endpoint) throw notFound("Endpoint", id);
    if (request["SystemType"] !== "Host")
        throw new HcnError(
            HResult.requestUnsupported,
            `SystemType "${String(request["SystemType"])}" attach is not emulated.`,
        );
    if (
        ctx.state.hostAttach.some((a) => sameId(a.endpointId, endpoint.ID)) ||
        namespaceOfEndpoint(ctx.state, endpoint.ID)
    )
        throw new HcnError(
            HResult.endpointAlreadyAttached,
            "This endpoint is already attached to the switch.",
        );
    await ctx.kernel?.attachHostEndpoint(hostEndpointOf(endpoint));
    const compartment = typeof request["CompartmentId"] === "number" ? request["CompartmentId"] : 1;
    ctx.state.hostAttach.push({ endpointId: endpoint.ID, compartmentId: compartment });
    return ok(render(ctx, "Endpoint", endpoint, v1Query), true);
}

async function detach(ctx: HcnContext, id: string): Promise<V1Answer> {
    const endpoint = findById(ctx.state.endpoints, id);
    if (!endpoint) throw notFound("Endpoint", id);
    const attachment = ctx.state.hostAttach.find((a) => sameId(a.endpointId, endpoint.ID));
    if (!attachment)
        throw new HcnError(HResult.endpointNotAttached, "The endpoint is not attached.");
    await ctx.kernel?.detachHostEndpoint(hostEndpointOf(endpoint));
    ctx.state.hostAttach = ctx.state.hostAttach.filter((a) => a !== attachment);
    return ok(render(ctx, "Endpoint", endpoint, v1Query), true);
}

/** Runs one HNSCall; failures come back as an envelope with Success false and the HRESULT. */
export async function hnsCall(
    ctx: HcnContext,
    method: string | null,
    path: string | null,
    body: string | null,
): Promise<V1Answer> {
    const verb = (method ?? "").toUpperCase();
    const parts = (path ?? "").toLowerCase().split("?")[0].split("/").filter(Boolean);
    const rawParts = (path ?? "").split("?")[0].split("/").filter(Boolean);
    try {
        if (verb === "GET" && parts.join("/") === "globals/version")
            return ok({ Major: ctx.state.version.major, Minor: ctx.state.version.minor });
        if (
            verb === "GET" &&
            (parts[0] === "networks" || parts[0] === "endpoints") &&
            parts.length <= 2
        )
            return ok(listing(ctx, parts[0] === "networks" ? "Network" : "Endpoint", rawParts[1]));
        if (
            verb === "POST" &&
            parts[0] === "endpoints" &&
            parts.length === 3 &&
            parts[2] === "attach"
        )
            return await attach(ctx, rawParts[1], body);
        if (
            verb === "POST" &&
            parts[0] === "endpoints" &&
            parts.length === 3 &&
            parts[2] === "detach"
        )
            return await detach(ctx, rawParts[1]);
        throw new HcnError(HResult.notImplemented, `${verb} ${path ?? ""} is not emulated.`);
    } catch (e) {
        if (!(e instanceof HcnError)) throw e;
        return {
            hresult: e.hresult,
            envelope: JSON.stringify({
                Success: false,
                Error: e.message,
                ErrorCode: e.hresult >>> 0,
            }),
            changed: false,
        };
    }
}
