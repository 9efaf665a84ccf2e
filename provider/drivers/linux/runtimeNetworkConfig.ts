/**
 * RuntimeNetworkConfig on Linux: the CNI configuration list of a network, written as data (base64
 * of the document composed in TypeScript) through a temporary file renamed over the target, and
 * removed on delete. Every write and removal carries the content it expects to find (what observe
 * read), so a file that appeared or changed in between is never overwritten or removed.
 */
import type { RuntimeNetworkConfigSpec } from "../../model/kinds";
import type { FoundFile } from "../cni/configFile";
import { cniConfigPath, cniDocumentText } from "../cni/configFile";
import { observeConfigFile } from "../cni/configObservation";
import { linuxBridgeConfig, readLinuxBridgeConfig } from "../cni/linuxBridgeConfig";
import type { ApplyOp, Observation } from "../hostDriver";
import type { HostCall } from "./hostCall";
import { prelude } from "./hostCall";
import type { LinuxKind } from "./linuxKind";

/** The largest file observe reads back; larger files are never ours. */
const maxBytes = 1048576;

/**
 * Shell function `file_state PATH`: `absent`, `other` (a symbolic link, a directory, a device) or
 * the SHA-256 of the regular file's content.
 */
const fileStateFunction = `file_state() {
    if [ -L "$1" ]; then echo other
    elif [ ! -e "$1" ]; then echo absent
    elif [ ! -f "$1" ]; then echo other
    else sha256sum < "$1" | cut -d' ' -f1
    fi
}
`;

const observeScript = `${prelude}
section file
if [ -L "$P_path" ]; then echo "other symbolic link"
elif [ -e "$P_path" ] && [ ! -f "$P_path" ]; then echo "other not a regular file"
elif [ -f "$P_path" ]; then printf 'file '; head -c ${maxBytes} "$P_path" | base64 -w0; echo
fi
`;

const convergeScript = `${prelude}lock_host
${fileStateFunction}
current=$(file_state "$P_path")
if [ "$current" = other ]; then
    echo "$P_path is not a regular file (a symbolic link or a directory): it was left as it is; remove it, or choose another priority or configDirectory" >&2
    exit 3
fi
if [ "$current" != absent ] && [ "$current" != "$P_expect" ]; then
    echo "$P_path changed since it was read and may not be ours: it was left as it is; run the update again, or remove the file if this package should write it" >&2
    exit 3
fi
(umask 022; mkdir -p "$P_directory")
printf '%s' "$P_content" | base64 -d > "$P_path.l2b-new"
chmod 644 "$P_path.l2b-new"
mv -f "$P_path.l2b-new" "$P_path"
`;

const removeScript = `${prelude}lock_host
${fileStateFunction}
current=$(file_state "$P_path")
if [ "$current" = other ]; then
    echo "$P_path is not a regular file (a symbolic link or a directory): it was left in place; remove it by hand" >&2
    exit 3
fi
if [ "$current" != absent ]; then
    if [ "$current" != "$P_expect" ]; then
        echo "$P_path changed since it was read and may not be ours: it was left in place; run the delete again, or remove the file by hand" >&2
        exit 3
    fi
    rm -f "$P_path"
fi
`;

/** The file at the path, from observe's `file` section. */
export function parseFoundFile(section: string): FoundFile {
    const line = section.trim();
    if (line.startsWith("other")) {
        return { kind: "other", what: line.slice("other".length).trim() };
    }
    if (line.startsWith("file")) {
        return { kind: "file", content: Buffer.from(line.slice("file".length).trim(), "base64") };
    }
    return { kind: "absent" };
}

function directoryOf(path: string): string {
    return path.slice(0, path.lastIndexOf("/")) || "/";
}

/** What the change expects to find: the observed content's hash, or nothing. */
function expected(op: ApplyOp<"runtimeNetworkConfig">): string {
    const sha = op.observed?.details.contentSha256;
    return typeof sha === "string" ? sha : "absent";
}

const format = { render: linuxBridgeConfig, read: readLinuxBridgeConfig };

/** The runtime network configuration kind. */
export const runtimeNetworkConfigKind: LinuxKind<"runtimeNetworkConfig"> = {
    observe(spec: RuntimeNetworkConfigSpec): HostCall {
        return { script: observeScript, params: { path: cniConfigPath(spec, "linux") } };
    },
    read(spec, sections): Observation<"runtimeNetworkConfig"> | null {
        const path = cniConfigPath(spec, "linux");
        return observeConfigFile(spec, path, parseFoundFile(sections.get("file") ?? ""), format);
    },
    converge(op): HostCall {
        const path = cniConfigPath(op.desired, "linux");
        if ((op.desired.runtime ?? "containerd") !== "containerd") {
            throw new Error(
                `runtime ${JSON.stringify(op.desired.runtime)} is not available on Linux hosts; use "containerd"`,
            );
        }
        const content = cniDocumentText(linuxBridgeConfig(op.desired));
        return {
            script: convergeScript,
            params: {
                path,
                directory: directoryOf(path),
                expect: expected(op),
                content: Buffer.from(content, "utf8").toString("base64"),
            },
        };
    },
    remove(op): HostCall {
        return {
            script: removeScript,
            params: { path: cniConfigPath(op.desired, "linux"), expect: expected(op) },
        };
    },
};
