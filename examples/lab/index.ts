// The local Linux lab's route mesh through L2BridgeCluster: each lab host (a network namespace
// running sshd, reached through a ProxyCommand) gets a bridge, its gateway address and routes to
// every other host's container subnet. The lab itself is created (and kept) by
// `npm run lab -- --keep` at the repository root, whose Pulumi program also adds containers, a load
// balancer, ACLs and ports on the same hosts; this cluster's container subnets and bridge differ
// from that program's, so the two live side by side.
import * as pulumi from "@pulumi/pulumi";
import { L2BridgeCluster } from "pulumi-l2bridge";

/** One lab host as written in config. */
interface LabHost {
    name: string;
    /** The host's address on the lab's host network. */
    hostIp: string;
    containerSubnet: string;
    /** Command carrying SSH into the host's namespace, such as `ip netns exec lbt-net socat STDIO TCP:%h:%p`. */
    proxyCommand?: string;
}

const config = new pulumi.Config();
const labHosts = config.requireObject<LabHost[]>("hosts");
const privateKey = config.requireSecret("sshPrivateKey");

const cluster = new L2BridgeCluster("lab", {
    hosts: labHosts.map((host) => ({
        name: host.name,
        connection: {
            host: host.hostIp,
            user: "root",
            os: "linux" as const,
            privateKey,
            proxyCommand: host.proxyCommand,
        },
        hostIp: host.hostIp,
        containerSubnet: host.containerSubnet,
    })),
    hostSubnet: config.require("hostSubnet"),
    networkName: config.get("networkName") ?? "lbr0",
});

export const diagram = cluster.diagram;
export const hostIds = cluster.hostIds;
