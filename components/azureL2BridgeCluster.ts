/**
 * `L2BridgeCluster` of the entry point `pulumi-l2bridge/azure`: the same cluster, whose `azure`
 * option also creates an `AzureRouteTable` carrying the host routes in Azure. Same type token as
 * the cluster of the package root, so switching the import changes no resource.
 */
import { AzureRouteTable } from "./azureRouteTable";
import type { ClusterRouteTableFactory } from "./l2BridgeCluster";
import { L2BridgeCluster } from "./l2BridgeCluster";

/** An l2bridge network spanning several container hosts, with its Azure route table. */
export class AzureL2BridgeCluster extends L2BridgeCluster {
    /** The Azure route table, when `azure` is set. */
    declare readonly routeTable?: AzureRouteTable;

    /** @internal */
    protected static override readonly routeTableFactory: ClusterRouteTableFactory = (
        name,
        args,
        opts,
    ) => new AzureRouteTable(name, args, opts);
}
