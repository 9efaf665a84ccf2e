/**
 * A two-namespace SSH lab for the transport tests and the transport benchmark: a client namespace
 * and a host namespace joined by a veth, with sshd in the host namespace, reached through a socat
 * proxy command started in the client namespace (the root namespace is never touched). Names start
 * with `l2s-`, addresses are in 10.210.0.0/16.
 */
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { HostConnection } from "../provider/model/hostConnection";
import { addNamespace, addVeth, removeLeftovers, setLink } from "./netns";
import type { RunningSshd, SshdOptions } from "./sshd";
import { proxyCommandVia, startSshd } from "./sshd";

/** The prefix of every object the transport tests create. */
export const testPrefix = "l2s-";

/** A running lab. */
export interface SshLab {
    sshd: RunningSshd;
    hostNamespace: string;
    clientNamespace: string;
    hostAddress: string;
    /** A key-authenticated connection to the lab host, with optional overrides. */
    connection(overrides?: Partial<HostConnection>): HostConnection;
    /** Takes the host side of the veth down or up. */
    setLinkUp(up: boolean): Promise<void>;
    /** Stops sshd and deletes the namespaces. */
    teardown(): Promise<void>;
}

/** Why the lab cannot run on this machine, or undefined when it can. */
export function labUnavailableReason(): string | undefined {
    if (process.getuid?.() !== 0) {
        return "the SSH lab needs root (network namespaces)";
    }
    for (const tool of ["/usr/sbin/sshd", "socat", "ip", "ssh-keygen", "unshare", "openssl"]) {
        try {
            execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
        } catch {
            return `the SSH lab needs ${tool}, which is not installed`;
        }
    }
    return undefined;
}

/** Removes sshd work directories (`<tmp>/<namespace>-sshd-*`) left by a crashed run. */
async function removeSshdDirectories(namespacePrefix: string): Promise<void> {
    for (const entry of await fs.readdir(tmpdir())) {
        if (entry.startsWith(namespacePrefix) && entry.includes("-sshd-")) {
            await fs.rm(join(tmpdir(), entry), { recursive: true, force: true });
        }
    }
}

/**
 * Builds lab `name` (at most 8 characters) on subnet 10.210.`subnet`.0/24, removing leftovers of
 * an earlier run with the same name first.
 */
export async function startSshLab(
    name: string,
    subnet: number,
    sshdOptions: Partial<SshdOptions> = {},
): Promise<SshLab> {
    if (name.length > 8 || subnet < 1 || subnet > 254) {
        throw new Error(`lab name "${name}" must have at most 8 characters, subnet 1..254`);
    }
    const base = `${testPrefix}${name}`;
    await removeLeftovers(`${base}-`);
    await removeSshdDirectories(`${base}-`);
    const clientNamespace = `${base}-c`;
    const hostNamespace = `${base}-h`;
    const hostAddress = `10.210.${subnet}.2`;
    const hostLink = `${base}h`;
    let sshd: RunningSshd | undefined;
    const teardown = async (): Promise<void> => {
        await sshd?.stop();
        await removeLeftovers(`${base}-`);
        await removeSshdDirectories(`${base}-`);
    };
    try {
        await addNamespace(clientNamespace, testPrefix);
        await addNamespace(hostNamespace, testPrefix);
        await addVeth(
            { namespace: clientNamespace, name: `${base}c`, address: `10.210.${subnet}.1/24` },
            { namespace: hostNamespace, name: hostLink, address: `${hostAddress}/24` },
            testPrefix,
        );
        sshd = await startSshd({ namespace: hostNamespace, address: hostAddress, ...sshdOptions });
    } catch (error) {
        await teardown();
        throw error;
    }
    const running = sshd;
    return {
        sshd: running,
        hostNamespace,
        clientNamespace,
        hostAddress,
        connection: (overrides = {}) => ({
            host: hostAddress,
            user: running.user,
            os: "linux",
            privateKey: running.clientPrivateKey,
            privateKeyPassphrase: sshdOptions.clientKeyPassphrase,
            hostKey: running.hostKeyFingerprint,
            proxyCommand: proxyCommandVia(clientNamespace),
            ...overrides,
        }),
        setLinkUp: (up) => setLink(hostNamespace, hostLink, up),
        teardown,
    };
}
