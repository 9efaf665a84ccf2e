/**
 * RuntimeNetworkConfig on Windows: the sdnbridge CNI configuration of a network, composed in
 * TypeScript and handed to the host module's file primitives as data (base64). Every write and
 * removal carries the content it expects to find (what observe read), checked under the host
 * mutex, so a file that appeared or changed in between is never overwritten or removed.
 */
import type { RuntimeNetworkConfigSpec } from "../../../model/kinds";
import type { FoundFile } from "../../cni/configFile";
import { cniConfigPath, cniDocumentText } from "../../cni/configFile";
import { observeConfigFile } from "../../cni/configObservation";
import { readWindowsBridgeConfig, windowsBridgeConfig } from "../../cni/windowsBridgeConfig";
import type { ApplyOp, Observation } from "../../hostDriver";
import type { WindowsHostContext } from "../hostContext";

/** What the host module's `observeFile` returns. */
interface FileView {
    kind: "absent" | "other" | "file";
    what?: string;
    content?: string;
}

function foundFile(view: FileView): FoundFile {
    if (view.kind === "file") {
        return { kind: "file", content: Buffer.from(view.content ?? "", "base64") };
    }
    return view.kind === "other" ? { kind: "other", what: view.what ?? "" } : { kind: "absent" };
}

const format = { render: windowsBridgeConfig, read: readWindowsBridgeConfig };

function refuseDocker(spec: RuntimeNetworkConfigSpec): void {
    if ((spec.runtime ?? "containerd") !== "containerd") {
        throw new Error(
            `runtime ${JSON.stringify(spec.runtime)} has no configuration to write: Docker adopts every HNS network when its daemon starts; use "containerd"`,
        );
    }
}

/** The runtime network configuration kind. */
export const runtimeNetworkConfigKind = {
    async observe(
        context: WindowsHostContext,
        spec: RuntimeNetworkConfigSpec,
    ): Promise<Observation<"runtimeNetworkConfig"> | null> {
        const path = cniConfigPath(spec, "windows");
        const view = await context.invoke<FileView>("observeFile", { path });
        return observeConfigFile(spec, path, foundFile(view), format);
    },
    async apply(
        context: WindowsHostContext,
        op: ApplyOp<"runtimeNetworkConfig">,
    ): Promise<Observation<"runtimeNetworkConfig"> | null> {
        const path = cniConfigPath(op.desired, "windows");
        const sha = op.observed?.details.contentSha256;
        const expect = typeof sha === "string" ? sha : "absent";
        if (op.action === "delete") {
            await context.invoke("removeFile", { path, expect });
            return null;
        }
        refuseDocker(op.desired);
        const content = cniDocumentText(windowsBridgeConfig(op.desired));
        const view = await context.invoke<FileView>("writeFile", {
            path,
            directory: path.slice(0, path.lastIndexOf("\\")),
            expect,
            content: Buffer.from(content, "utf8").toString("base64"),
        });
        return observeConfigFile(op.desired, path, foundFile(view), format);
    },
};
