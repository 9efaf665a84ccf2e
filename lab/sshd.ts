/**
 * An OpenSSH sshd inside a network namespace, for the transport tests, the Linux lab and the engine
 * tests. It gets generated ed25519 host and client keys and its own config (UsePAM no, key
 * authentication, password authentication only when a password is given). It runs in a private
 * mount namespace where root's home is an empty directory and root's shell is /bin/sh, so sessions
 * never pay a heavy ~/.bashrc. Sessions get TMPDIR inside the work directory, so whatever they
 * leave behind goes away with `stop()`.
 */
import type { ChildProcess } from "child_process";
import { execFile, spawn } from "child_process";
import { promises as fs } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { descendantPids, endProcesses } from "./processes";

/** How to start an sshd. */
export interface SshdOptions {
    /** Network namespace to run in (must exist). Required. */
    namespace: string;
    /** Address to listen on, inside the namespace. Required. */
    address: string;
    /** Port to listen on. @default 22 */
    port?: number;
    /** Root's password; enables password authentication. @default unset: keys only */
    password?: string;
    /** Passphrase of the generated client key. @default unset: the key is not encrypted */
    clientKeyPassphrase?: string;
    /** Longest wait for sshd to listen, in ms. @default 5000 */
    startTimeoutMs?: number;
    /** sshd LogLevel. @default "VERBOSE" (logs every connection) */
    logLevel?: string;
}

/** A running sshd. */
export interface RunningSshd {
    /** PID of the listening sshd. */
    pid: number;
    /** Listening address. */
    address: string;
    /** Listening port. */
    port: number;
    /** The user to log in as ("root"). */
    user: string;
    /** Host key fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`). */
    hostKeyFingerprint: string;
    /** OpenSSH private key authorised for root. */
    clientPrivateKey: string;
    /** Directory holding keys, config and the empty home. */
    workDir: string;
    /** sshd's log so far (stderr). */
    log(): string;
    /** Connections sshd accepted so far (from its log). */
    connectionCount(): number;
    /** Ends sshd and its sessions (by PID; zombies count as exited) and removes `workDir`. */
    stop(): Promise<void>;
}

function run(file: string, args: string[], stdin?: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = execFile(file, args, { timeout: 10000 }, (error, stdout, stderr) =>
            error
                ? reject(new Error(`${file} failed: ${stderr || error.message}`))
                : resolve(stdout),
        );
        child.stdin?.on("error", () => undefined);
        child.stdin?.end(stdin);
    });
}

function sshdConfig(workDir: string, options: SshdOptions, port: number): string {
    return [
        `ListenAddress ${options.address}:${port}`,
        `HostKey ${join(workDir, "host_ed25519")}`,
        `PidFile none`,
        `AuthorizedKeysFile ${join(workDir, "authorized_keys")}`,
        `PermitRootLogin yes`,
        `PubkeyAuthentication yes`,
        `PasswordAuthentication ${options.password ? "yes" : "no"}`,
        `KbdInteractiveAuthentication no`,
        `UsePAM no`,
        `StrictModes no`,
        `UseDNS no`,
        `PrintMotd no`,
        `PrintLastLog no`,
        `MaxSessions 50`,
        `SetEnv TMPDIR=${join(workDir, "tmp")}`,
        `LogLevel ${options.logLevel ?? "VERBOSE"}`,
        "",
    ].join("\n");
}

async function passwordHash(password: string | undefined): Promise<string> {
    return password ? (await run("openssl", ["passwd", "-6", "-stdin"], password)).trim() : "*";
}

async function waitForListening(
    child: ChildProcess,
    logText: () => string,
    timeoutMs: number,
): Promise<void> {
    const giveUpAt = Date.now() + timeoutMs;
    while (Date.now() < giveUpAt) {
        if (logText().includes("Server listening on")) {
            return;
        }
        if (
            child.exitCode !== null ||
            child.signalCode !== null ||
            logText().includes("cannot start")
        ) {
            throw new Error(`sshd exited at start: ${logText()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`sshd did not listen within ${timeoutMs} ms: ${logText()}`);
}

/** Starts sshd in `options.namespace`; resolves once it listens. */
export async function startSshd(options: SshdOptions): Promise<RunningSshd> {
    const port = options.port ?? 22;
    await fs.mkdir("/run/sshd", { recursive: true });
    const workDir = await fs.mkdtemp(join(tmpdir(), `${options.namespace}-sshd-`));
    const home = join(workDir, "home");
    await fs.mkdir(home, { mode: 0o700 });
    await fs.mkdir(join(workDir, "tmp"), { mode: 0o700 });
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(workDir, "host_ed25519")]);
    await run("ssh-keygen", [
        "-q",
        "-t",
        "ed25519",
        "-N",
        options.clientKeyPassphrase ?? "",
        "-f",
        join(workDir, "client_ed25519"),
    ]);
    await fs.copyFile(join(workDir, "client_ed25519.pub"), join(workDir, "authorized_keys"));
    const fingerprintLine = await run("ssh-keygen", ["-lf", join(workDir, "host_ed25519.pub")]);
    const hostKeyFingerprint = fingerprintLine.split(" ")[1];
    const passwd = (await fs.readFile("/etc/passwd", "utf8"))
        .split("\n")
        .map((line) => (line.startsWith("root:") ? `root:x:0:0:root:${home}:/bin/sh` : line))
        .join("\n");
    await fs.writeFile(join(workDir, "passwd"), passwd, { mode: 0o644 });
    const hash = await passwordHash(options.password);
    await fs.writeFile(join(workDir, "shadow"), `root:${hash}:19000:0:99999:7:::\n`, {
        mode: 0o600,
    });
    await fs.writeFile(join(workDir, "sshd_config"), sshdConfig(workDir, options, port));
    const child = spawn(
        "ip",
        [
            "netns",
            "exec",
            options.namespace,
            "unshare",
            "-m",
            "sh",
            "-c",
            'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/shadow && ' +
                'exec /usr/sbin/sshd -D -e -f "$3"',
            "sshd-in-netns",
            join(workDir, "passwd"),
            join(workDir, "shadow"),
            join(workDir, "sshd_config"),
        ],
        { stdio: ["ignore", "ignore", "pipe"] },
    );
    let logText = "";
    child.on("error", (error) => {
        logText += `cannot start sshd: ${error.message}\n`;
    });
    child.stderr!.on("data", (chunk: Buffer) => {
        logText = (logText + chunk.toString("utf8")).slice(-1_000_000);
    });
    const pid = child.pid!;
    const stop = async (): Promise<void> => {
        const pids = [pid, ...(await descendantPids(pid))];
        await endProcesses(pids, 3000);
        await fs.rm(workDir, { recursive: true, force: true });
    };
    try {
        await waitForListening(child, () => logText, options.startTimeoutMs ?? 5000);
    } catch (error) {
        await stop();
        throw error;
    }
    return {
        pid,
        address: options.address,
        port,
        user: "root",
        hostKeyFingerprint,
        clientPrivateKey: await fs.readFile(join(workDir, "client_ed25519"), "utf8"),
        workDir,
        log: () => logText,
        connectionCount: () => (logText.match(/Connection from /g) ?? []).length,
        stop,
    };
}

/** A `proxyCommand` reaching hosts from inside `namespace` (socat, no root-namespace change). */
export function proxyCommandVia(namespace: string): string {
    return `ip netns exec ${namespace} socat STDIO TCP:%h:%p`;
}
