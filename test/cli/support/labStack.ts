/**
 * A namespace lab (prefix `lbe-`, underlay 10.220.0.0/24, container subnets 10.220.1x.0/24)
 * with a stack of the `labNetwork` program configured for it, for the CLI lab suites.
 */
import type { Lab } from "../../../lab/lab";
import { createLab } from "../../../lab/lab";
import { labUnavailableReason } from "../../../lab/preflight";
import { teardownLab } from "../../../lab/teardown";
import { linkPackageForNodePath } from "../../engine/support/packageLink";
import {
    findPulumiCli,
    programDirectory,
    PulumiWorkspace,
    removeScratchLeftovers,
} from "./pulumiCli";

/** Name prefix of everything the CLI lab suites create. */
export const labPrefix = "lbe-";
/** Bridge the program creates on every host (inside the host namespaces). */
export const labBridge = "lbebr0";

/** Why the CLI lab suites cannot run here, or "" when they can. */
export function cliLabUnavailableReason(): string {
    const cli = findPulumiCli();
    if (!cli.binDirectory) return cli.reason;
    return labUnavailableReason() ?? "";
}

/** Container subnet of lab host `index` (1-based). */
export function labSubnet(index: number): string {
    return `10.220.${10 + index}.0/24`;
}

/** A lab and a stack for it; `dispose` removes both, also after a failure. */
export interface LabStack {
    lab: Lab;
    workspace: PulumiWorkspace;
    dispose(): Promise<void>;
}

export async function createLabStack(hosts: number, scratchPrefix: string): Promise<LabStack> {
    const cli = findPulumiCli();
    if (!cli.binDirectory) throw new Error(cli.reason);
    await teardownLab(labPrefix);
    removeScratchLeftovers();
    const lab = await createLab({ prefix: labPrefix, underlay: "10.220.0.0/24", hosts });
    const link = linkPackageForNodePath(`${scratchPrefix}link-`);
    let workspace: PulumiWorkspace | undefined;
    const dispose = async (): Promise<void> => {
        await workspace?.dispose();
        link.dispose();
        await lab.teardown();
    };
    try {
        workspace = await PulumiWorkspace.create({
            programDirectory: programDirectory("labNetwork"),
            binDirectory: cli.binDirectory,
            scratchPrefix,
            environment: { NODE_PATH: link.directory },
        });
        const hostConfig = lab.plan.hosts.map((host) => ({
            connection: lab.connectionOf(host.index),
            subnet: labSubnet(host.index),
            address: host.address,
        }));
        await workspace.setConfig("hosts", JSON.stringify(hostConfig), true);
        await workspace.setConfig("hostCount", String(hosts));
        await workspace.setConfig("bridge", labBridge);
    } catch (error) {
        await dispose();
        throw error;
    }
    return { lab, workspace, dispose };
}
