/**
 * `AzureRouteTable`: the Azure side of an l2bridge cluster. One route table owns one
 * VirtualAppliance route per host (its container subnet via its host IP) and is associated with the
 * hosts' subnet, so traffic between containers on different VMs is delivered to the right VM. Each
 * host's NIC must have IP forwarding enabled (`WindowsContainerHost` does this), otherwise Azure
 * drops packets whose addresses are not the NIC's own.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { parseSubnetId, subnetIdProblem, validateAzureOptions } from "./azureOptionsValidation";
import { planAzureRoutes } from "./azureRoutePlan";
import type { AzureRoutePlanEntry, AzureRouteTableArgs } from "./azureRouteTableTypes";
import { validateRoutedHosts } from "./routedHostValidation";
import { ComponentValidationError } from "./validationError";

/** Type token of the component. */
export const azureRouteTableType = "l2bridge:index:AzureRouteTable";

/** Resource group, virtual network and subnet names of the subnet to associate. */
interface SubnetTarget {
    resourceGroupName: pulumi.Input<string>;
    virtualNetworkName: pulumi.Input<string>;
    subnetName: pulumi.Input<string>;
}

function subnetTarget(args: AzureRouteTableArgs): SubnetTarget {
    if (args.subnetId === undefined) {
        return {
            resourceGroupName: args.resourceGroupName,
            virtualNetworkName: args.virtualNetworkName as pulumi.Input<string>,
            subnetName: args.subnetName as pulumi.Input<string>,
        };
    }
    const parts = pulumi.output(args.subnetId).apply((subnetId) => {
        const parsed = parseSubnetId(subnetId);
        if (!parsed) {
            throw new Error(subnetIdProblem("AzureRouteTable subnetId", subnetId));
        }
        return parsed;
    });
    return {
        resourceGroupName: parts.resourceGroupName,
        virtualNetworkName: parts.virtualNetworkName,
        subnetName: parts.subnetName,
    };
}

/** A route table with one route per host, associated with the hosts' subnet. */
export class AzureRouteTable extends pulumi.ComponentResource {
    /** The route table. */
    readonly routeTable: network.RouteTable;
    /** The standalone routes, one per host (empty with `routeMode: "inline"`). */
    readonly routes: network.Route[];
    /** The hosts' subnet, associated with the route table. */
    readonly subnet: network.Subnet;
    /** Resource ID of the route table. */
    readonly routeTableId: pulumi.Output<string>;
    /** Resource ID of the associated subnet (hand it to the hosts' NICs). */
    readonly subnetId: pulumi.Output<string>;
    /** The planned routes, one per host, in host order. */
    readonly routePlan: AzureRoutePlanEntry[];

    /**
     * @throws ComponentValidationError listing every invalid input (at preview, before anything is created)
     */
    constructor(name: string, args: AzureRouteTableArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = [
            ...validateRoutedHosts(args.hosts, args.hostSubnet),
            ...validateAzureOptions(args, ""),
        ];
        if (problems.length > 0) {
            throw new ComponentValidationError(`AzureRouteTable "${name}"`, problems);
        }
        super(azureRouteTableType, name, {}, opts);

        this.routePlan = planAzureRoutes(args.hosts);
        const inline = (args.routeMode ?? "inline") === "inline";
        const routeTableName = args.routeTableName ?? name;
        this.routeTable = new network.RouteTable(
            `${name}-table`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                routeTableName,
                disableBgpRoutePropagation: args.disableBgpRoutePropagation ?? false,
                routes: inline ? this.routePlan : undefined,
                tags: args.tags,
            },
            { parent: this },
        );
        this.routes = inline
            ? []
            : this.routePlan.map(
                  (route) =>
                      new network.Route(
                          `${name}-${route.name}`,
                          {
                              resourceGroupName: args.resourceGroupName,
                              routeTableName: this.routeTable.name,
                              routeName: route.name,
                              addressPrefix: route.addressPrefix,
                              nextHopType: route.nextHopType,
                              nextHopIpAddress: route.nextHopIpAddress,
                          },
                          { parent: this },
                      ),
              );
        const target = subnetTarget(args);
        this.subnet = new network.Subnet(
            `${name}-subnet`,
            {
                resourceGroupName: target.resourceGroupName,
                virtualNetworkName: target.virtualNetworkName,
                subnetName: target.subnetName,
                addressPrefix: args.hostSubnet,
                routeTable: { id: this.routeTable.id },
                networkSecurityGroup:
                    args.networkSecurityGroupId === undefined
                        ? undefined
                        : { id: args.networkSecurityGroupId },
            },
            { parent: this, dependsOn: this.routes },
        );
        this.routeTableId = this.routeTable.id;
        this.subnetId = this.subnet.id;
        this.registerOutputs({
            routeTableId: this.routeTableId,
            subnetId: this.subnetId,
            routePlan: this.routePlan,
        });
    }
}
