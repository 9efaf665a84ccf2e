/**
 * A read CNI configuration file as an observation of `RuntimeNetworkConfig`: the fields it holds in
 * the spec's shape, owned only when its marker names the network. The identity fields (network,
 * runtime, directory, priority) are the spec's, since they name the file that was read. A change
 * that no field shows (an added key, a changed plugin setting) is reported in `cniVersion` as
 * `"<version> (edited out of band)"`, so refresh shows it and `up` writes the file again.
 */
import { isDeepStrictEqual } from "util";
import type { RuntimeNetworkConfigSpec } from "../../model/kinds";
import type { Observation } from "../hostDriver";
import type { FoundFile } from "./configFile";
import { expectedContent, markedFor, parseDocument } from "./configFile";

/** How one operating system's document is composed and read back. */
export interface CniDocumentFormat {
    render(spec: RuntimeNetworkConfigSpec): Record<string, unknown>;
    read(document: Record<string, unknown>): Partial<RuntimeNetworkConfigSpec>;
}

/** Suffix of `cniVersion` in the state of a file changed where no field shows it. */
export const editedMarker = " (edited out of band)";

function plain(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value)) as unknown;
}

function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as T;
}

/** True when `document` is exactly what `spec` renders to. */
function rendersTo(
    format: CniDocumentFormat,
    spec: RuntimeNetworkConfigSpec,
    document: Record<string, unknown>,
): boolean {
    try {
        return isDeepStrictEqual(plain(format.render(spec)), plain(document));
    } catch {
        return false;
    }
}

/** The observation of the file at `path` (null when there is none). */
export function observeConfigFile(
    spec: RuntimeNetworkConfigSpec,
    path: string,
    found: FoundFile,
    format: CniDocumentFormat,
): Observation<"runtimeNetworkConfig"> | null {
    if (found.kind === "absent") {
        return null;
    }
    const details = { configPath: path, contentSha256: expectedContent(found) };
    const identity = {
        network: spec.network,
        runtime: spec.runtime,
        configDirectory: spec.configDirectory,
        priority: spec.priority,
    };
    const document = found.kind === "file" ? parseDocument(found.content) : undefined;
    if (!document) {
        return {
            id: path,
            owned: false,
            state: withoutUndefined({ ...identity, subnet: "" }) as RuntimeNetworkConfigSpec,
            details,
        };
    }
    const held = format.read(document);
    const state = withoutUndefined({
        ...spec,
        ...Object.fromEntries(
            Object.entries(held).map(([key, value]) => [key, value ?? undefined]),
        ),
        ...identity,
    }) as RuntimeNetworkConfigSpec;
    for (const key of Object.keys(held) as (keyof RuntimeNetworkConfigSpec)[]) {
        if (held[key] === undefined) {
            delete state[key];
        }
    }
    if (!rendersTo(format, state, document)) {
        state.cniVersion = `${held.cniVersion ?? ""}${editedMarker}` as never;
    }
    return { id: path, owned: markedFor(document, spec.network), state, details };
}
