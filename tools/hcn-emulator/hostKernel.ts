/**
 * What a host attach does to the emulated host's kernel: on Windows `POST /endpoints/<id>/attach`
 * makes a host vNIC `vEthernet (<endpoint name>)` carrying the endpoint's address.
 */
import { execFile } from "child_process";
import { promisify } from "util";

const run = promisify(execFile);

/** The endpoint facts a host vNIC is made from. */
export interface HostEndpoint {
    /** Endpoint ID (upper-case GUID). */
    id: string;
    name: string;
    ipAddress: string;
    prefixLength: number;
    macAddress: string;
}

/** Side effects of attaching/detaching endpoints to the host compartment. */
export interface HostKernel {
    /** Creates the host vNIC of an endpoint. */
    attachHostEndpoint(endpoint: HostEndpoint): Promise<void>;
    /** Removes the host vNIC of an endpoint. */
    detachHostEndpoint(endpoint: HostEndpoint): Promise<void>;
}

/** The Windows interface alias of an endpoint's host vNIC. */
export function hostVnicAlias(endpointName: string): string {
    return `vEthernet (${endpointName})`;
}

/** A Linux link name (≤ 15 characters) derived from the endpoint ID. */
export function hostVnicLinkName(endpointId: string): string {
    return `hv${endpointId
        .replace(/[^0-9A-Fa-f]/g, "")
        .toLowerCase()
        .slice(0, 12)}`;
}

/** Converts HNS's `00-15-5D-..` MAC text to Linux's `00:15:5d:..`. */
function linuxMac(mac: string): string | undefined {
    const text = mac.replace(/-/g, ":").toLowerCase();
    return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(text) ? text : undefined;
}

/**
 * Host vNICs as Linux bridges inside one network namespace (never the root namespace): the bridge
 * carries the endpoint's address and the alias `vEthernet (<name>)`.
 */
export class NetnsHostKernel implements HostKernel {
    /** @param namespace the `ip netns` name of the emulated host. */
    constructor(readonly namespace: string) {
        if (!namespace) throw new Error("NetnsHostKernel needs a network namespace name");
    }

    private async ip(...args: string[]): Promise<void> {
        await run("ip", ["-n", this.namespace, ...args], { timeout: 15_000 });
    }

    /** @inheritdoc */
    async attachHostEndpoint(endpoint: HostEndpoint): Promise<void> {
        const link = hostVnicLinkName(endpoint.id);
        await this.ip("link", "add", link, "type", "bridge");
        try {
            await this.ip("link", "set", link, "alias", hostVnicAlias(endpoint.name));
            const mac = linuxMac(endpoint.macAddress);
            if (mac) await this.ip("link", "set", link, "address", mac);
            await this.ip(
                "address",
                "add",
                `${endpoint.ipAddress}/${endpoint.prefixLength}`,
                "dev",
                link,
            );
            await this.ip("link", "set", link, "up");
        } catch (e) {
            await this.ip("link", "del", link).catch(() => undefined);
            throw e;
        }
    }

    /** @inheritdoc */
    async detachHostEndpoint(endpoint: HostEndpoint): Promise<void> {
        await this.ip("link", "del", hostVnicLinkName(endpoint.id));
    }
}
