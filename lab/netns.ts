/**
 * Network namespace helpers for the tests and the benchmarks: every object carries a name prefix, and `removeLeftovers`
 * deletes everything with that prefix (also what a crashed earlier run left behind). Only commands
 * inside namespaces are run; the root namespace is never changed.
 */
import { execFile } from "child_process";
import { promises as fs } from "fs";
import { promisify } from "util";
import { endProcesses } from "./processes";

const execFileAsync = promisify(execFile);

/** Runs a command without a shell; rejects with its stderr. */
export async function sh(file: string, args: string[]): Promise<string> {
    try {
        const { stdout } = await execFileAsync(file, args, { timeout: 15000 });
        return stdout;
    } catch (error) {
        const failed = error as Error & { stderr?: string };
        throw new Error(`${file} ${args.join(" ")} failed: ${failed.stderr || failed.message}`);
    }
}

function requirePrefix(name: string, prefix: string): void {
    if (!name.startsWith(prefix)) {
        throw new Error(`name "${name}" does not start with the test prefix "${prefix}"`);
    }
}

/** Namespaces whose name starts with `prefix`. */
export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
    const listing = await sh("ip", ["netns", "list"]);
    return listing
        .split("\n")
        .map((line) => line.split(" ")[0])
        .filter((name) => name && name.startsWith(prefix));
}

/** Creates namespace `name` with loopback up and IPv6 off. */
export async function addNamespace(name: string, prefix: string): Promise<void> {
    requirePrefix(name, prefix);
    await sh("ip", ["netns", "add", name]);
    await sh("ip", ["-n", name, "link", "set", "lo", "up"]);
    await sh("ip", ["netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]);
}

/** One end of a veth pair. */
export interface VethEnd {
    namespace: string;
    name: string;
    /** Address with prefix length, e.g. 10.210.0.1/24. */
    address: string;
}

/** Creates a veth pair between two namespaces, addresses both ends and brings them up. */
export async function addVeth(a: VethEnd, b: VethEnd, prefix: string): Promise<void> {
    for (const end of [a, b]) {
        requirePrefix(end.namespace, prefix);
        requirePrefix(end.name, prefix);
    }
    await sh("ip", [
        "-n",
        a.namespace,
        "link",
        "add",
        a.name,
        "type",
        "veth",
        "peer",
        "name",
        b.name,
        "netns",
        b.namespace,
    ]);
    for (const end of [a, b]) {
        await sh("ip", ["-n", end.namespace, "addr", "add", end.address, "dev", end.name]);
        await sh("ip", ["-n", end.namespace, "link", "set", end.name, "up"]);
    }
}

/** Sets a link inside a namespace up or down. */
export async function setLink(namespace: string, name: string, up: boolean): Promise<void> {
    await sh("ip", ["-n", namespace, "link", "set", name, up ? "up" : "down"]);
}

/** Processes inside namespace `name`, never this process. */
export async function namespacePids(name: string): Promise<number[]> {
    const listing = await sh("ip", ["netns", "pids", name]).catch(() => "");
    return listing
        .split("\n")
        .map((line) => Number(line.trim()))
        .filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
}

/**
 * Ends every process inside namespace `name` (all started there by the caller) and waits until
 * they have exited, so none still writes to files the caller removes next: SIGTERM first, then
 * SIGKILL for whatever is still there after 1 s, including children started meanwhile (at most 5
 * rounds).
 */
export async function endNamespaceProcesses(name: string): Promise<void> {
    for (let round = 0; round < 5; round++) {
        const pids = await namespacePids(name);
        if (pids.length === 0) return;
        await endProcesses(pids, round === 0 ? 1000 : 0);
    }
}

/**
 * Deletes every namespace with `prefix` after killing the processes inside it, and removes
 * `/etc/netns/<prefix>*`.
 */
export async function removeLeftovers(prefix: string): Promise<void> {
    if (prefix.length < 3) {
        throw new Error(`prefix "${prefix}" is too short to clean up safely`);
    }
    for (const name of await namespacesWithPrefix(prefix)) {
        await endNamespaceProcesses(name);
        await sh("ip", ["netns", "del", name]).catch(() => undefined);
    }
    const entries = await fs.readdir("/etc/netns").catch(() => [] as string[]);
    for (const entry of entries.filter((name) => name.startsWith(prefix))) {
        await fs.rm(`/etc/netns/${entry}`, { recursive: true, force: true });
    }
}
