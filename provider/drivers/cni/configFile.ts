/**
 * The CNI configuration file of one network on one host: where it lives, the ownership marker it
 * carries (a top-level key that CNI runtimes and plugins ignore), and how a read file becomes an
 * observation: owned only when it is a regular file whose marker names this network.
 */
import { runtimeNetworkConfigDefaults } from "../../model/defaults";
import { createHash } from "crypto";
import type { RuntimeNetworkConfigSpec } from "../../model/kinds";
import { cniDirectory, cniNetworkName, cniPriority } from "./cniValues";

/** Top-level key of the ownership marker in every file this package writes. */
export const cniMarkerKey = "pulumi-l2bridge";

/** The marker of the file of `network`. */
export function cniMarker(network: string): { network: string } {
    return { network: cniNetworkName(network) };
}

/** Extension of the file: a configuration list on Linux, a single configuration on Windows. */
export function cniFileExtension(os: "linux" | "windows"): string {
    return os === "windows" ? ".conf" : ".conflist";
}

/** Full path of the file of `spec` on a host of `os`, every part checked. */
export function cniConfigPath(spec: RuntimeNetworkConfigSpec, os: "linux" | "windows"): string {
    const directory = cniDirectory(
        "configDirectory",
        spec.configDirectory ?? runtimeNetworkConfigDefaults.configDirectory[os],
        os,
    );
    const name = `${cniPriority(spec.priority ?? runtimeNetworkConfigDefaults.priority)}-${cniNetworkName(spec.network)}${cniFileExtension(os)}`;
    const separator = os === "windows" ? "\\" : "/";
    return directory.endsWith(separator)
        ? `${directory}${name}`
        : `${directory}${separator}${name}`;
}

/** The text of a document as written: two-space JSON and a final line break. */
export function cniDocumentText(document: object): string {
    return `${JSON.stringify(document, null, 2)}\n`;
}

/** SHA-256 of a file's bytes in hex, as `sha256sum` prints it. */
export function contentSha256(content: Buffer | string): string {
    return createHash("sha256").update(content).digest("hex");
}

/** What was found at the file's path. */
export type FoundFile =
    { kind: "absent" } | { kind: "other"; what: string } | { kind: "file"; content: Buffer };

/** A read file as JSON, or undefined when it is not a JSON object. */
export function parseDocument(content: Buffer): Record<string, unknown> | undefined {
    try {
        const value = JSON.parse(content.toString("utf8")) as unknown;
        return value !== null && typeof value === "object" && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : undefined;
    } catch {
        return undefined;
    }
}

/** True when `document` carries the marker of `network`. */
export function markedFor(document: Record<string, unknown> | undefined, network: string): boolean {
    const marker = document?.[cniMarkerKey] as Record<string, unknown> | undefined;
    return (
        marker !== null &&
        typeof marker === "object" &&
        !Array.isArray(marker) &&
        marker.network === network
    );
}

/** Precondition of a write or removal: the content the change expects to find. */
export function expectedContent(found: FoundFile): string {
    if (found.kind === "absent") {
        return "absent";
    }
    if (found.kind === "other") {
        return "other";
    }
    return contentSha256(found.content);
}
