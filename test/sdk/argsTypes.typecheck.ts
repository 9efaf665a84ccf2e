/**
 * Compile-time proof (checked by `npm run typecheck`) that resource args accept outputs at any
 * depth and still reject values of the wrong type.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ContainerRouteArgs } from "../../sdk/containerRoute";
import type { EndpointAclArgs } from "../../sdk/endpointAcl";
import type { L2BridgeNetworkArgs } from "../../sdk/l2BridgeNetwork";
import { linuxConnection } from "../provider/samples";

export const networkWithOutputs: L2BridgeNetworkArgs = {
    connection: pulumi.output(linuxConnection),
    name: "cbr0",
    subnet: pulumi.output("10.244.3.0/24"),
    mode: pulumi.output("l2bridge" as const),
    outboundNat: { exceptions: pulumi.output(["10.244.0.0/16"]) },
};

export const routesWithOutputs: ContainerRouteArgs = {
    connection: linuxConnection,
    routes: [{ destinationPrefix: "10.244.4.0/24", nextHop: pulumi.output("10.77.0.12") }],
};

export const aclWithNumberAndOutput: EndpointAclArgs = {
    connection: linuxConnection,
    endpoint: "web-cbr0",
    rules: [
        { action: "allow", direction: "in", priority: 1, protocol: 6 },
        { action: "block", direction: "out", priority: 2, protocol: pulumi.output("udp" as const) },
    ],
};

export const networkWithStringVlan: L2BridgeNetworkArgs = {
    connection: linuxConnection,
    name: "cbr0",
    subnet: "10.244.3.0/24",
    // @ts-expect-error a VLAN is a number
    vlan: "12",
};

export const routesWithNumericNextHop: ContainerRouteArgs = {
    connection: linuxConnection,
    // @ts-expect-error a next hop is a string
    routes: [{ destinationPrefix: "10.244.4.0/24", nextHop: 12 }],
};
