/**
 * The cluster of the package root loads no Azure package, so it cannot create the Azure route
 * table its `azure` option asks for; the cluster of `pulumi-l2bridge/azure` can.
 */

/** Entry point whose `L2BridgeCluster` creates the Azure route table. */
export const azureEntryPoint = "pulumi-l2bridge/azure";

/**
 * The problem when `azure` is set on a cluster that cannot create Azure resources.
 * @param azureSet whether the cluster's `azure` option is set
 * @param azureAvailable whether this cluster class creates an Azure route table
 * @returns one problem, or none
 */
export function azureEntryProblems(azureSet: boolean, azureAvailable: boolean): string[] {
    if (!azureSet || azureAvailable) {
        return [];
    }
    return [
        `azure: set on the L2BridgeCluster of "pulumi-l2bridge", which loads no Azure package; ` +
            `import { L2BridgeCluster } from "${azureEntryPoint}" (with @pulumi/azure-native installed), or drop azure`,
    ];
}
