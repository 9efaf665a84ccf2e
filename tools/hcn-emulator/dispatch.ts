/**
 * Maps one shim call (function name + arguments) to the emulated HCN operation, keeping the
 * handle table: handles name an object kind and ID and are checked again on every use.
 */
import type { HcnContext } from "./context";
import { createEndpoint, deleteEndpoint, modifyEndpoint } from "./endpoints";
import type { CallFrame, ReplyFrame } from "./frames";
import { hnsCall } from "./hnsV1";
import { errorRecord, fail, HcnError, HResult } from "./hresults";
import { createLoadBalancer, deleteLoadBalancer, modifyLoadBalancer } from "./loadBalancers";
import { findById } from "./lookup";
import { createNamespace, deleteNamespace, modifyNamespace } from "./namespaces";
import { createNetwork, deleteNetwork, modifyNetwork } from "./networks";
import { supports } from "./features";
import type { HcnObject } from "./state";
import { enumerate, notFound, objectsOf, parseQuery, render, type HcnKind } from "./views";

/** An open handle: what it refers to. */
interface HandleTarget {
    kind: HcnKind;
    id: string;
}

/** The outcome of one call: the reply and whether the state changed (and must be saved). */
export interface CallOutcome {
    reply: ReplyFrame;
    changed: boolean;
}

const kinds: HcnKind[] = ["Network", "Endpoint", "LoadBalancer", "Namespace"];

function kindOf(name: string, prefix: string, suffix = ""): HcnKind | undefined {
    return kinds.find((k) => name === `${prefix}${k}${suffix}`);
}

/** The emulated computenetwork.dll/vmcompute.dll for one host (one handle table). */
export class HcnDispatcher {
    private readonly handles = new Map<string, HandleTarget>();
    private nextHandle = 1;

    private open(kind: HcnKind, id: string): string {
        const handle = String(this.nextHandle++);
        this.handles.set(handle, { kind, id });
        return handle;
    }

    private target(handle: string | null, kind: HcnKind): HandleTarget {
        const target = handle === null ? undefined : this.handles.get(handle);
        if (!target || target.kind !== kind)
            throw new HcnError(
                HResult.invalidHandle,
                `The handle is invalid. (${kind} handle ${handle ?? "NULL"})`,
            );
        return target;
    }

    private existing(ctx: HcnContext, target: HandleTarget): HcnObject {
        const found = findById(objectsOf(ctx.state, target.kind), target.id);
        if (!found) throw notFound(target.kind, target.id);
        return found;
    }

    /** Runs one call against the state in `ctx` (mutating it). */
    async call(ctx: HcnContext, frame: CallFrame): Promise<CallOutcome> {
        const reply: ReplyFrame = { hresult: 0, result: null, errorRecord: null, handle: null };
        try {
            if (frame.function === "HNSCall") {
                const [method, path, body] = frame.args;
                const answer = await hnsCall(ctx, method ?? null, path ?? null, body ?? null);
                return {
                    reply: { ...reply, hresult: answer.hresult, result: answer.envelope },
                    changed: answer.changed,
                };
            }
            if (!supports(ctx.state.version, "v2Api"))
                throw fail.notImplemented(
                    `computenetwork.dll needs HNS 9.2 (host reports ${ctx.state.version.major}.${ctx.state.version.minor}).`,
                );
            return await this.v2(ctx, frame, reply);
        } catch (e) {
            if (!(e instanceof HcnError)) throw e;
            return {
                reply: { ...reply, hresult: e.hresult, errorRecord: errorRecord(e) },
                changed: false,
            };
        }
    }

    private async v2(ctx: HcnContext, frame: CallFrame, reply: ReplyFrame): Promise<CallOutcome> {
        const name = frame.function;
        const a = frame.args;
        const arg = (i: number): string | null => a[i] ?? null;
        let kind: HcnKind | undefined;
        if ((kind = kindOf(name, "HcnEnumerate", "s")))
            return { reply: { ...reply, result: enumerate(ctx, kind, arg(0)) }, changed: false };
        if ((kind = kindOf(name, "HcnOpen"))) {
            const found = findById(objectsOf(ctx.state, kind), arg(0) ?? "");
            if (!found) throw notFound(kind, arg(0) ?? "");
            return { reply: { ...reply, handle: this.open(kind, found.ID) }, changed: false };
        }
        if ((kind = kindOf(name, "HcnClose"))) {
            this.target(arg(0), kind);
            this.handles.delete(arg(0) ?? "");
            return { reply, changed: false };
        }
        if ((kind = kindOf(name, "HcnQuery", "Properties"))) {
            const found = this.existing(ctx, this.target(arg(0), kind));
            const query = parseQuery(arg(1));
            return {
                reply: { ...reply, result: JSON.stringify(render(ctx, kind, found, query)) },
                changed: false,
            };
        }
        if ((kind = kindOf(name, "HcnCreate"))) {
            let created: HcnObject;
            if (kind === "Endpoint") {
                const network = this.existing(ctx, this.target(arg(0), "Network"));
                created = createEndpoint(ctx, network.ID, arg(1), arg(2));
            } else if (kind === "Network") created = createNetwork(ctx, arg(0), arg(1));
            else if (kind === "LoadBalancer") created = createLoadBalancer(ctx, arg(0), arg(1));
            else created = createNamespace(ctx, arg(0), arg(1));
            return { reply: { ...reply, handle: this.open(kind, created.ID) }, changed: true };
        }
        if ((kind = kindOf(name, "HcnModify"))) {
            const target = this.existing(ctx, this.target(arg(0), kind));
            const modify = {
                Network: modifyNetwork,
                Endpoint: modifyEndpoint,
                LoadBalancer: modifyLoadBalancer,
                Namespace: modifyNamespace,
            }[kind];
            modify(ctx, target.ID, arg(1));
            return { reply, changed: true };
        }
        if ((kind = kindOf(name, "HcnDelete"))) {
            const id = arg(0) ?? "";
            if (kind === "Endpoint") await deleteEndpoint(ctx, id);
            else
                ({
                    Network: deleteNetwork,
                    LoadBalancer: deleteLoadBalancer,
                    Namespace: deleteNamespace,
                })[kind](ctx, id);
            return { reply, changed: true };
        }
        throw fail.notImplemented(`${name} is not an emulated HCN function.`);
    }
}
