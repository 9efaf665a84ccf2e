// An l2bridge network across hosts that already exist: Windows hosts over SSH or WinRM (HTTPS),
// Linux hosts over SSH. Host list and credentials come from stack config.
import * as pulumi from "@pulumi/pulumi";
import type { HostConnectionArgs } from "pulumi-l2bridge";
import { L2BridgeCluster } from "pulumi-l2bridge";

/** One host as written in config. */
interface ConfiguredHost {
    name: string;
    /** Address to connect to; also the host's IP on `hostSubnet`. */
    address: string;
    user: string;
    os: "windows" | "linux";
    transport: "ssh" | "winrm";
    containerSubnet: string;
    /** Uplink adapter (Windows), such as "Ethernet". */
    adapter?: string;
    /** SSH host key to pin (`SHA256:…`). */
    hostKey?: string;
    /** SHA-256 thumbprint of the WinRM HTTPS certificate. */
    certThumbprint?: string;
}

const config = new pulumi.Config();
const hostSubnet = config.require("hostSubnet");
const configuredHosts = config.requireObject<ConfiguredHost[]>("hosts");
const sshPrivateKey = config.getSecret("sshPrivateKey");
const winrmPassword = config.getSecret("winrmPassword");

function connectionOf(host: ConfiguredHost): HostConnectionArgs {
    const common = { host: host.address, user: host.user, os: host.os };
    if (host.transport === "winrm") {
        return {
            ...common,
            transport: "winrm",
            password: winrmPassword,
            winrm: { https: true, auth: "ntlm", certThumbprint: host.certThumbprint },
        };
    }
    return { ...common, transport: "ssh", privateKey: sshPrivateKey, hostKey: host.hostKey };
}

const cluster = new L2BridgeCluster("l2bridge", {
    hosts: configuredHosts.map((host) => ({
        name: host.name,
        connection: connectionOf(host),
        hostIp: host.address,
        containerSubnet: host.containerSubnet,
        adapter: host.adapter,
    })),
    hostSubnet,
    natExceptions: config.getObject<string[]>("natExceptions"),
});

export const diagram = cluster.diagram;
export const natExceptions = cluster.plan.natExceptions;
export const routePlan = cluster.plan.hosts.map((host) => ({
    host: host.name,
    routes: host.routes,
}));
export const hostIds = cluster.hostIds;
