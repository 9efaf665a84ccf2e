/**
 * The lab program (the root Pulumi.yaml): the lab topology as Pulumi resources, one set per lab
 * host, created in dependency order on each host. `npm run lab` sets its config:
 * - `plan` (JSON): the lab plan (prefix, underlay, hosts, VXLAN), as `lab/labOptions.ts` computes it;
 * - `connections` (secret JSON): the SSH connection of each host, in host order (an emulated
 *   Windows host's is `{ os: "windows", powerShell: "pwsh", transport: "ssh", … }`, so its objects
 *   go through the Windows driver).
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "../../sdk";
import {
    ContainerEndpoint,
    ContainerRoute,
    EndpointAcl,
    GatewayEndpoint,
    HnsLoadBalancer,
    L2BridgeNetwork,
    PortPublish,
    RuntimeNetworkConfig,
} from "../../sdk";
import type { LabPlan } from "../labOptions";
import type { TopologyObject } from "../topology";
import { labTopology } from "../topology";

const config = new pulumi.Config();
const plan = config.requireObject<LabPlan>("plan");
const connections = config.requireSecretObject<HostConnection[]>("connections");
const topology = labTopology(plan);

function declare(
    name: string,
    object: TopologyObject,
    connection: pulumi.Output<HostConnection>,
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource {
    const args = { connection, ...object.spec } as never;
    switch (object.kind) {
        case "l2BridgeNetwork":
            return new L2BridgeNetwork(name, args, opts);
        case "gatewayEndpoint":
            return new GatewayEndpoint(name, args, opts);
        case "containerEndpoint":
            return new ContainerEndpoint(name, args, opts);
        case "containerRoute":
            return new ContainerRoute(name, args, opts);
        case "hnsLoadBalancer":
            return new HnsLoadBalancer(name, args, opts);
        case "endpointAcl":
            return new EndpointAcl(name, args, opts);
        case "portPublish":
            return new PortPublish(name, args, opts);
        case "runtimeNetworkConfig":
            return new RuntimeNetworkConfig(name, args, opts);
    }
}

const hostInterfaces: Record<string, pulumi.Output<string>> = {};
for (const host of topology.hosts) {
    const connection = connections.apply((all) => all[host.host.index - 1]);
    let previous: pulumi.Resource | undefined;
    for (const object of host.objects) {
        const name = `h${host.host.index}-${object.label.replace(/[^A-Za-z0-9.]+/g, "-")}`;
        previous = declare(name, object, connection, previous ? { dependsOn: [previous] } : {});
        if (object.kind === "l2BridgeNetwork") {
            hostInterfaces[name] = (previous as L2BridgeNetwork).hostInterface;
        }
    }
}

/** The bridges created, by resource name. */
export const bridges = hostInterfaces;
/** Where to try the published port and the load balancer from the underlay. */
export const endpoints = {
    publish: `${topology.publish.hostAddress}:${topology.publish.hostPort}`,
    loadBalancer: `${topology.loadBalancer.vip}:${topology.loadBalancer.port}`,
};
