/** HcnCreateNamespace / HcnModifyNamespace / HcnDeleteNamespace (hns.md §5.1). */
import type { HcnContext } from "./context";
import { fail, HcnError, HResult } from "./hresults";
import { findById, idForCreate, sameId } from "./lookup";
import { checkShape, modifyRequestShape, namespaceShape, parseDocument } from "./shapes";
import type { HcnDocument, HcnObject } from "./state";
import { namespaceOfEndpoint, notFound } from "./views";

const namespaceTypes = ["Host", "HostDefault", "Guest", "GuestDefault"];

interface Resource {
    Type: string;
    Data: { ID: string };
}

/** Creates a namespace; the host default compartment is 1, others get the next free number. */
export function createNamespace(
    ctx: HcnContext,
    requestedId: string | null,
    settings: string | null,
): HcnObject {
    const doc = parseDocument(settings, "namespace");
    checkShape(doc, namespaceShape, "namespace");
    const type = (doc["Type"] as string | undefined) ?? "Host";
    if (!namespaceTypes.includes(type)) throw fail.invalidArgument(`namespace.Type "${type}"`);
    if (type === "HostDefault" && ctx.state.namespaces.some((n) => n["Type"] === "HostDefault"))
        throw new HcnError(HResult.defaultNamespaceExists, "Default Namespace already exists.");
    const id = idForCreate(requestedId ?? (doc["ID"] as string | undefined) ?? null);
    if (findById(ctx.state.namespaces, id))
        throw fail.invalidArgument(`A namespace with ID {${id}} already exists`);
    const used = ctx.state.namespaces.map((n) => Number(n["NamespaceId"] ?? 0));
    const rest = { ...doc };
    delete rest["CreateWithCompartment"];
    const namespace: HcnObject = {
        ...rest,
        ID: id,
        Type: type,
        NamespaceId: type === "HostDefault" ? 1 : Math.max(1, ...used) + 1,
        Resources: [],
        SchemaVersion: { Major: 2, Minor: 0 },
    };
    ctx.state.namespaces.push(namespace);
    return namespace;
}

function requireNamespace(ctx: HcnContext, id: string): HcnObject {
    const namespace = findById(ctx.state.namespaces, id);
    if (!namespace) throw notFound("Namespace", id);
    return namespace;
}

/** Adds or removes an endpoint (`{"EndpointId": id}`) or a container; an endpoint lives in one namespace only. */
export function modifyNamespace(ctx: HcnContext, id: string, settingsText: string | null): void {
    const namespace = requireNamespace(ctx, id);
    const request = parseDocument(settingsText, "request");
    checkShape(request, modifyRequestShape, "request");
    const settings = (request["Settings"] ?? {}) as HcnDocument;
    const resources = ((namespace["Resources"] as Resource[]) ??= []);
    const requestType = String(request["RequestType"] ?? "");
    if (request["ResourceType"] === "Endpoint") {
        checkShape(settings, { object: { EndpointId: "guid" } }, "request.Settings");
        const endpointId = String(settings["EndpointId"] ?? "");
        const endpoint = findById(ctx.state.endpoints, endpointId);
        if (!endpoint) throw notFound("Endpoint", endpointId);
        if (requestType === "Add") {
            const holder = namespaceOfEndpoint(ctx.state, endpoint.ID);
            if (holder || ctx.state.hostAttach.some((a) => sameId(a.endpointId, endpoint.ID)))
                throw new HcnError(
                    HResult.endpointInOtherNamespace,
                    `The endpoint is already in a namespace. {${holder?.ID ?? "host"}}`,
                );
            resources.push({ Type: "Endpoint", Data: { ID: endpoint.ID } });
            return;
        }
        if (requestType === "Remove") {
            if (!resources.some((r) => r.Type === "Endpoint" && sameId(r.Data.ID, endpoint.ID)))
                throw new HcnError(
                    HResult.endpointNotAttached,
                    "The endpoint is not attached to this namespace.",
                );
            namespace["Resources"] = resources.filter(
                (r) => !(r.Type === "Endpoint" && sameId(r.Data.ID, endpoint.ID)),
            );
            return;
        }
        throw fail.invalidArgument(`RequestType "${requestType}" for a namespace endpoint`);
    }
    if (request["ResourceType"] === "Container") {
        checkShape(settings, { object: { ContainerId: "string" } }, "request.Settings");
        const containerId = String(settings["ContainerId"] ?? "");
        if (requestType === "Add") resources.push({ Type: "Container", Data: { ID: containerId } });
        else if (requestType === "Remove")
            namespace["Resources"] = resources.filter(
                (r) => !(r.Type === "Container" && r.Data.ID === containerId),
            );
        else throw fail.invalidArgument(`RequestType "${requestType}" for a namespace container`);
        return;
    }
    throw fail.invalidArgument(`ResourceType "${String(request["ResourceType"])}" on a namespace`);
}

/** Deletes a namespace; refused while it still holds endpoints. */
export function deleteNamespace(ctx: HcnContext, id: string): void {
    const namespace = requireNamespace(ctx, id);
    if (((namespace["Resources"] as Resource[]) ?? []).some((r) => r.Type === "Endpoint"))
        throw fail.hasReferences("The namespace still holds endpoints.");
    ctx.state.namespaces = ctx.state.namespaces.filter((n) => n !== namespace);
}
