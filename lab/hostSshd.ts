/**
 * Debian's sshd inside a lab host's network namespace, with generated ed25519 host and client keys.
 * It enters only the network namespace (`nsenter --net`), so namespaces created over SSH (container
 * namespaces) are visible to the whole machine as on a real host, and it sets HOME to an empty
 * directory so root's login shell never runs the machine's slow ~/.bashrc; TMPDIR points into the
 * lab's directory, so whatever sessions leave there goes away with the lab.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { run } from "./system";

/** A running lab sshd. */
export interface HostSshd {
    pid: number;
    address: string;
    /** Host key fingerprint (`SHA256:…`). */
    hostKeyFingerprint: string;
    /** OpenSSH private key authorised for root. */
    clientPrivateKey: string;
    /** Connections accepted so far (from sshd's log). */
    connectionCount(): number;
    /** End sshd (by PID) and remove its files. */
    stop(): Promise<void>;
}

/** Keys shared by every sshd of one lab (one client key for all hosts). */
export interface LabKeys {
    directory: string;
    hostKeyFile: string;
    hostKeyFingerprint: string;
    clientKeyFile: string;
}

/** The lab's client private key (root on every host) in the lab directory `directory`. */
export function labClientKeyFile(directory: string): string {
    return join(directory, "client_ed25519");
}

/** Generate the lab's host and client keys in `directory`. */
export async function generateLabKeys(directory: string): Promise<LabKeys> {
    mkdirSync(join(directory, "home"), { recursive: true, mode: 0o700 });
    mkdirSync(join(directory, "tmp"), { recursive: true, mode: 0o700 });
    const hostKeyFile = join(directory, "host_ed25519");
    const clientKeyFile = labClientKeyFile(directory);
    rmSync(hostKeyFile, { force: true });
    rmSync(clientKeyFile, { force: true });
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKeyFile]);
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", clientKeyFile]);
    writeFileSync(join(directory, "authorized_keys"), readFileSync(`${clientKeyFile}.pub`));
    const fingerprint = (await run("ssh-keygen", ["-lf", `${hostKeyFile}.pub`])).split(" ")[1];
    return { directory, hostKeyFile, hostKeyFingerprint: fingerprint, clientKeyFile };
}

/** Per-host sshd settings beyond the lab's defaults. */
export interface HostSshdOptions {
    /** sshd `ForceCommand`: the command every session runs instead of the requested one. */
    forceCommand?: string;
}

function config(keys: LabKeys, address: string, options: HostSshdOptions): string {
    return [
        `ListenAddress ${address}:22`,
        `HostKey ${keys.hostKeyFile}`,
        "PidFile none",
        `AuthorizedKeysFile ${join(keys.directory, "authorized_keys")}`,
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "UseDNS no",
        "PrintMotd no",
        "MaxSessions 50",
        "MaxStartups 100:30:200",
        "LogLevel VERBOSE",
        `SetEnv HOME=${join(keys.directory, "home")} TMPDIR=${join(keys.directory, "tmp")}`,
        ...(options.forceCommand ? [`ForceCommand ${options.forceCommand}`] : []),
        "",
    ].join("\n");
}

/** Start sshd on `address` in `namespace`; resolves once it listens (at most 5 s). */
export async function startHostSshd(
    namespace: string,
    address: string,
    keys: LabKeys,
    options: HostSshdOptions = {},
): Promise<HostSshd> {
    mkdirSync("/run/sshd", { recursive: true });
    const configFile = join(keys.directory, `sshd_${namespace}.conf`);
    writeFileSync(configFile, config(keys, address, options));
    const child: ChildProcess = spawn(
        "nsenter",
        [`--net=/run/netns/${namespace}`, "/usr/sbin/sshd", "-D", "-e", "-f", configFile],
        { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    child.stderr!.on("data", (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-200000);
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
        }
        rmSync(configFile, { force: true });
    };
    for (let attempt = 0; attempt < 250 && !log.includes("Server listening on"); attempt++) {
        if (child.exitCode !== null) {
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!log.includes("Server listening on")) {
        await stop();
        throw new Error(`sshd in ${namespace} did not start: ${log.trim()}`);
    }
    return {
        pid: child.pid!,
        address,
        hostKeyFingerprint: keys.hostKeyFingerprint,
        clientPrivateKey: readFileSync(keys.clientKeyFile, "utf8"),
        connectionCount: () => (log.match(/Connection from /g) ?? []).length,
        stop,
    };
}
