/**
 * A program for the CLI lab suites. Config (namespace `labNetwork`):
 * - `hosts` (secret JSON): `[{ connection, subnet, address }]`, one per lab host;
 * - `hostCount`: how many entries `hosts` has (resources must be declared without waiting on it);
 * - `bridge`: Linux bridge name on every host;
 * - `extraRoutes` (JSON, default `[]`): routes added to every host's route set (in-place change);
 * - `gatewayHost` (default 2): host number of each gateway endpoint in its subnet (replacing change);
 * - `markers` (default 0): that many extra ContainerRoute resources on host 1, one /32 each, to
 *   load one host with many resources at once (next hop: host 2's address).
 */
import * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "../../../../sdk";
import { ContainerRoute, GatewayEndpoint, L2BridgeNetwork } from "../../../../sdk";

interface LabHost {
    connection: HostConnection;
    subnet: string;
    address: string;
}

const config = new pulumi.Config();
const hosts = config.requireSecretObject<LabHost[]>("hosts");
const hostCount = config.requireNumber("hostCount");
const bridge = config.require("bridge");
const extraRoutes =
    config.getObject<{ destinationPrefix: string; nextHop: string }[]>("extraRoutes") ?? [];
const gatewayHost = config.getNumber("gatewayHost") ?? 2;
const markers = config.getNumber("markers") ?? 0;

function nthAddress(subnet: string, n: number): string {
    const [base] = subnet.split("/");
    const parts = base.split(".").map(Number);
    return [parts[0], parts[1], parts[2], parts[3] + n].join(".");
}

for (let index = 0; index < hostCount; index++) {
    const host = hosts.apply((all) => all[index]);
    const connection = host.apply((h) => h.connection);
    const subnet = host.apply((h) => h.subnet);
    const name = `h${index + 1}`;
    const network = new L2BridgeNetwork(`${name}-network`, { connection, name: bridge, subnet });
    new GatewayEndpoint(
        `${name}-gateway`,
        {
            connection,
            network: network.name,
            subnet,
            ipAddress: subnet.apply((s) => nthAddress(s, gatewayHost)),
            forwarding: true,
        },
        { dependsOn: [network] },
    );
    new ContainerRoute(`${name}-routes`, {
        connection,
        name: "mesh",
        routes: hosts.apply((all) => [
            ...all
                .filter((_, other) => other !== index)
                .map((other) => ({ destinationPrefix: other.subnet, nextHop: other.address })),
            ...extraRoutes,
        ]),
    });
}

for (let marker = 0; marker < markers; marker++) {
    new ContainerRoute(`marker-${marker}`, {
        connection: hosts.apply((all) => all[0].connection),
        name: `m${marker}`,
        routes: hosts.apply((all) => [
            { destinationPrefix: `10.220.200.${marker}/32`, nextHop: all[1].address },
        ]),
    });
}
