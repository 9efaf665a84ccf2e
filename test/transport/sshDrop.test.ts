import { expect } from "chai";
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { RunningSshd } from "../../lab/sshd";
import { descendantPids } from "../../lab/processes";
import { proxyCommandVia, startSshd } from "../../lab/sshd";
import { ConnectionDroppedError } from "../../provider/transport/errors";
import { closeAll, sessionFor, transportFor } from "../../provider/transport/pool";
import type { HostConnection } from "../../sdk/hostConnection";
import { addNamespace, addVeth, removeLeftovers } from "../../lab/netns";
import { skipUnlessLabAvailable } from "./sshLabFixture";

const prefix = "l2d-";
const clientNamespace = `${prefix}drop-c`;
const hostNamespace = `${prefix}drop-h`;
const hostAddress = "10.200.41.2";

/**
 * A deadline far beyond mocha's timeout: a request that only failed at its deadline would make
 * the test time out, so passing proves the rejection came from the drop itself.
 */
const farDeadline = (): number => Date.now() + 10 * 60_000;

/** The sshd processes serving connections (`sshd: root@…`), not the listener or the shells. */
async function connectionSshdPids(sshd: RunningSshd): Promise<number[]> {
    const pids: number[] = [];
    for (const pid of await descendantPids(sshd.pid)) {
        const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (commandLine.startsWith("sshd:")) {
            pids.push(pid);
        }
    }
    return pids;
}

describe("a request whose SSH connection drops fails at once, and the next one reconnects", function () {
    let sshd: RunningSshd | undefined;
    let connection: HostConnection;
    let fifoDirectory = "";
    let fifoCount = 0;

    /** A new named pipe: the remote script writes to it once it runs, so the test knows it started. */
    const newFifo = (): string => {
        const path = join(fifoDirectory, `started-${++fifoCount}`);
        execFileSync("mkfifo", [path]);
        return path;
    };

    /** Cuts the connection by killing the sshd serving it, by PID; the remote shell is left alone. */
    const cutConnection = async (): Promise<void> => {
        const pids = await connectionSshdPids(sshd!);
        expect(pids.length, "sshd processes serving the connection").to.be.greaterThan(0);
        for (const pid of pids) {
            process.kill(pid, "SIGKILL");
        }
    };

    before(async function () {
        skipUnlessLabAvailable(this);
        await removeLeftovers(prefix);
        fifoDirectory = await fs.mkdtemp(join(tmpdir(), `${prefix}fifo-`));
        try {
            await addNamespace(clientNamespace, prefix);
            await addNamespace(hostNamespace, prefix);
            await addVeth(
                { namespace: clientNamespace, name: `${prefix}dc`, address: "10.200.41.1/24" },
                { namespace: hostNamespace, name: `${prefix}dh`, address: `${hostAddress}/24` },
                prefix,
            );
            sshd = await startSshd({ namespace: hostNamespace, address: hostAddress });
        } catch (error) {
            await removeLeftovers(prefix);
            throw error;
        }
        connection = {
            host: hostAddress,
            user: sshd.user,
            os: "linux",
            privateKey: sshd.clientPrivateKey,
            hostKey: sshd.hostKeyFingerprint,
            proxyCommand: proxyCommandVia(clientNamespace),
        };
    });

    afterEach(() => closeAll());

    after(async () => {
        await closeAll();
        await sshd?.stop();
        await removeLeftovers(prefix);
        if (fifoDirectory) {
            await fs.rm(fifoDirectory, { recursive: true, force: true });
        }
    });

    it("rejects a running shell request with ConnectionDroppedError naming the host, then reconnects", async () => {
        const session = sessionFor(connection);
        await session.invoke("true");
        const fifo = newFifo();
        const outcome = session
            .invoke('echo started >"$P_fifo"; sleep 600', { fifo }, { deadline: farDeadline() })
            .then(
                () => "resolved",
                (error: unknown) => error,
            );
        expect(await fs.readFile(fifo, "utf8")).to.equal("started\n");
        await cutConnection();
        const error = await outcome;
        expect(error).to.be.instanceOf(ConnectionDroppedError);
        expect((error as Error).message)
            .to.contain(hostAddress)
            .and.contain("connection")
            .and.contain("dropped");
        expect(await session.invoke("echo back", {}, { deadline: farDeadline() })).to.equal(
            "back\n",
        );
        expect(transportFor(connection).connectionCount()).to.equal(2);
    });

    it("rejects a running one-off command with ConnectionDroppedError, then reconnects", async () => {
        const transport = transportFor(connection);
        await transport.run("true");
        const fifo = newFifo();
        const quoted = `'${fifo.replace(/'/g, `'\\''`)}'`;
        const outcome = transport
            .run(`echo started >${quoted}; sleep 600`, { deadline: farDeadline() })
            .then(
                (result) => result,
                (error: unknown) => error,
            );
        expect(await fs.readFile(fifo, "utf8")).to.equal("started\n");
        await cutConnection();
        const error = await outcome;
        expect(error).to.be.instanceOf(ConnectionDroppedError);
        expect((error as Error).message).to.contain(hostAddress);
        const next = await transport.run("echo back", { deadline: farDeadline() });
        expect(next.stdout).to.equal("back\n");
        expect(transport.connectionCount()).to.equal(2);
    });
});
