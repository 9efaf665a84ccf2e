/**
 * `L2BridgeCluster`: the whole multi-host topology from one host list. Per host it creates the
 * l2bridge network, the host's gateway endpoint (`.2`) and one route set with a route to every
 * other host's container subnet via that host's IP; the outbound NAT exceptions are derived from the
 * cluster. Every input problem is reported at construction, so `pulumi preview` fails before any
 * host is touched.
 *
 * This class loads no Azure package. The Azure route table of the `azure` option comes with the
 * cluster of the entry point `pulumi-l2bridge/azure` (a subclass that supplies the table), so a
 * program without Azure never loads `@pulumi/azure-native`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ContainerRoute } from "../sdk/containerRoute";
import { GatewayEndpoint } from "../sdk/gatewayEndpoint";
import { L2BridgeNetwork } from "../sdk/l2BridgeNetwork";
import { azureEntryProblems } from "./azureEntryValidation";
import type { AzureRouteTableArgs } from "./azureRouteTableTypes";
import type { ClusterPlan, HostPlan } from "./clusterPlan";
import { planCluster } from "./clusterPlan";
import { validateCluster } from "./clusterValidation";
import type { ClusterHostArgs, L2BridgeClusterArgs } from "./l2BridgeClusterTypes";
import { renderTopologyDiagram } from "./topologyDiagram";
import { ComponentValidationError } from "./validationError";

/** Type token of the component. */
export const l2BridgeClusterType = "l2bridge:index:L2BridgeCluster";

/** Resource IDs of one host's children. */
export interface ClusterHostIds {
    /** ID of the host's `L2BridgeNetwork` (the HNS network GUID on Windows). */
    networkId: string;
    /** ID of the host's `GatewayEndpoint`. */
    gatewayEndpointId: string;
    /** ID of the host's `ContainerRoute`. */
    containerRouteId: string;
}

/** The resources the cluster creates on one host. */
export interface ClusterHostResources {
    /** The host's l2bridge network. */
    network: L2BridgeNetwork;
    /** The host's gateway endpoint. */
    gateway: GatewayEndpoint;
    /** The host's routes to every other host's container subnet. */
    routes: ContainerRoute;
}

/** What the cluster keeps of its Azure route table. */
export interface ClusterRouteTable extends pulumi.ComponentResource {
    /** Resource ID of the Azure route table. */
    readonly routeTableId: pulumi.Output<string>;
}

/**
 * Creates the Azure route table of a cluster whose `azure` option is set.
 * @internal
 */
export type ClusterRouteTableFactory = (
    name: string,
    args: AzureRouteTableArgs,
    opts: pulumi.ComponentResourceOptions,
) => ClusterRouteTable;

/** An l2bridge network spanning several container hosts. */
export class L2BridgeCluster extends pulumi.ComponentResource {
    /**
     * Creates the Azure route table; unset here, so this class refuses `azure`. The cluster of
     * `pulumi-l2bridge/azure` sets it.
     * @internal
     */
    protected static readonly routeTableFactory: ClusterRouteTableFactory | undefined = undefined;

    /** The plan: per host its addresses and routes, the NAT exceptions and the warnings. */
    readonly plan: ClusterPlan;
    /** Mermaid flowchart of the topology. */
    readonly diagram: string;
    /** The resources of each host, by host name. */
    readonly hostResources: Record<string, ClusterHostResources>;
    /** The Azure route table, when `azure` is set (on the cluster of `pulumi-l2bridge/azure`). */
    readonly routeTable?: ClusterRouteTable;
    /** Resource IDs of each host's children, by host name. */
    readonly hostIds: pulumi.Output<Record<string, ClusterHostIds>>;

    /**
     * @throws ComponentValidationError listing every invalid input (at preview, before anything is created)
     */
    constructor(name: string, args: L2BridgeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const routeTableFactory = (new.target as typeof L2BridgeCluster).routeTableFactory;
        const problems = [
            ...validateCluster(args),
            ...azureEntryProblems(args.azure !== undefined, routeTableFactory !== undefined),
        ];
        if (problems.length > 0) {
            throw new ComponentValidationError(`L2BridgeCluster "${name}"`, problems);
        }
        super(l2BridgeClusterType, name, {}, opts);
        this.plan = planCluster(args);
        this.diagram = renderTopologyDiagram(this.plan);
        for (const warning of this.plan.warnings) {
            pulumi.log.warn(`L2BridgeCluster "${name}": ${warning}`, this);
        }

        this.hostResources = {};
        args.hosts.forEach((host, index) => {
            this.hostResources[host.name] = this.createHost(
                name,
                host,
                this.plan.hosts[index],
                args,
            );
        });
        this.routeTable =
            args.azure && routeTableFactory
                ? routeTableFactory(
                      `${name}-azure`,
                      {
                          ...args.azure,
                          hosts: args.hosts.map(
                              ({ name: hostName, hostIp, containerSubnet, loadBalancerVips }) => ({
                                  name: hostName,
                                  hostIp,
                                  containerSubnet,
                                  loadBalancerVips,
                              }),
                          ),
                          hostSubnet: args.hostSubnet,
                      },
                      { parent: this },
                  )
                : undefined;
        this.hostIds = pulumi
            .all(
                Object.entries(this.hostResources).map(([hostName, resources]) =>
                    pulumi
                        .all([resources.network.id, resources.gateway.id, resources.routes.id])
                        .apply(([networkId, gatewayEndpointId, containerRouteId]) => ({
                            hostName,
                            ids: { networkId, gatewayEndpointId, containerRouteId },
                        })),
                ),
            )
            .apply((entries) =>
                Object.fromEntries(entries.map((entry) => [entry.hostName, entry.ids])),
            );
        this.registerOutputs({
            hostIds: this.hostIds,
            plan: this.plan,
            diagram: this.diagram,
            routeTableId: this.routeTable?.routeTableId,
        });
    }

    private createHost(
        name: string,
        host: ClusterHostArgs,
        hostPlan: HostPlan,
        args: L2BridgeClusterArgs,
    ): ClusterHostResources {
        const prefix = `${name}-${host.name}`;
        const network = new L2BridgeNetwork(
            `${prefix}-network`,
            {
                connection: host.connection,
                name: this.plan.networkName,
                subnet: hostPlan.containerSubnet,
                gateway: hostPlan.gateway,
                adapter: host.adapter,
                dns: args.dns,
                outboundNat: { enabled: true, exceptions: this.plan.natExceptions },
            },
            { parent: this },
        );
        const gateway = new GatewayEndpoint(
            `${prefix}-gateway`,
            {
                connection: host.connection,
                network: this.plan.networkName,
                subnet: hostPlan.containerSubnet,
                ipAddress: hostPlan.gatewayEndpointIp,
            },
            { parent: this, dependsOn: [network] },
        );
        const routes = new ContainerRoute(
            `${prefix}-routes`,
            {
                connection: host.connection,
                name: this.plan.networkName,
                routes: hostPlan.routes.map((route) => ({
                    destinationPrefix: route.destinationPrefix,
                    nextHop: route.nextHop,
                })),
            },
            { parent: this, dependsOn: [gateway] },
        );
        return { network, gateway, routes };
    }
}
