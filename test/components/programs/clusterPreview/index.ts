/**
 * A program for the cluster's CLI test. Config (namespace `clusterPreview`):
 * - `hostCount`: number of Linux hosts `h1..hN` (host i at 10.209.0.(10+i), containers 10.210.i.0/24);
 * - `overlap` (default false): give host 2 the container subnet 10.210.0.0/16, overlapping host 1's;
 * - `privateKey` (secret): the SSH key put in every connection.
 * Only previewed: no host is ever contacted.
 */
import * as pulumi from "@pulumi/pulumi";
import { L2BridgeCluster } from "../../../../components/l2BridgeCluster";

const config = new pulumi.Config();
const hostCount = config.requireNumber("hostCount");
const overlap = config.getBoolean("overlap") ?? false;
const privateKey = config.requireSecret("privateKey");

const cluster = new L2BridgeCluster("cl", {
    hosts: Array.from({ length: hostCount }, (_, index) => ({
        name: `h${index + 1}`,
        connection: {
            host: `10.209.0.${11 + index}`,
            user: "root",
            os: "linux" as const,
            privateKey,
        },
        hostIp: `10.209.0.${11 + index}`,
        containerSubnet: overlap && index === 1 ? "10.210.0.0/16" : `10.210.${index + 1}.0/24`,
    })),
    hostSubnet: "10.209.0.0/24",
    networkName: "clbr0",
});

export const diagram = cluster.diagram;
export const natExceptions = cluster.plan.natExceptions;
