import { expect } from "chai";
import { promises as fs } from "fs";
import { descendantPids } from "../../lab/processes";
import {
    DeadlineError,
    RemoteScriptError,
    SessionLostError,
} from "../../provider/transport/errors";
import { closeAll, openHostSession, sessionFor, transportFor } from "../../provider/transport/pool";
import type { ShellSession } from "../../provider/transport/shell/shellSession";
import { FakeClock } from "../support/fakeClock";
import type { SshLab } from "../../lab/sshLab";
import { startSshLab } from "../../lab/sshLab";
import { skipUnlessLabAvailable } from "./sshLabFixture";
import { StartSignals } from "./startSignals";

/** The process group of `pid`, from /proc. */
async function processGroupOf(pid: number): Promise<number> {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

describe("long-lived shell and pool over a real sshd", function () {
    let lab: SshLab;
    let signals: StartSignals;

    before(async function () {
        skipUnlessLabAvailable(this);
        lab = await startSshLab("shell", 21);
        signals = await StartSignals.create("l2s-shell-");
    });

    afterEach(() => closeAll());

    after(async () => {
        await closeAll();
        await lab?.teardown();
        await signals?.remove();
    });

    it("runs a script in /bin/sh with parameters, not in the login shell", async () => {
        const output = await sessionFor(lab.connection()).invoke(
            'printf "%s|%s" "$(readlink /proc/$$/exe)" "$P_name"',
            { name: "value with 'quotes' and $(no expansion)" },
        );
        expect(output).to.equal("/usr/bin/dash|value with 'quotes' and $(no expansion)");
    });

    it("shares one connection and one shell among every user of the host", async () => {
        const session = sessionFor(lab.connection());
        const before = lab.sshd.connectionCount();
        const pids = await Promise.all(
            [1, 2, 3].map(() => sessionFor(lab.connection()).invoke("echo $$")),
        );
        expect(new Set(pids).size).to.equal(1);
        expect(lab.sshd.connectionCount() - before).to.equal(1);
        expect((session as ShellSession).startedShells()).to.equal(1);
    });

    it("survives a failed request on the same shell", async () => {
        const session = sessionFor(lab.connection());
        const pid = await session.invoke("echo $$");
        const error = await session
            .invoke("echo oops >&2; exit 9")
            .catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(RemoteScriptError);
        expect((error as RemoteScriptError).exitCode).to.equal(9);
        expect(await session.invoke("echo $$")).to.equal(pid);
    });

    it("ends a running request at its deadline on the session's clock, naming the limit, and serves the next on the same connection", async () => {
        const clock = new FakeClock();
        const { session, transport } = openHostSession(() => lab.connection(), { clock });
        try {
            const started = signals.newPipe();
            const outcome = session
                .invoke(
                    'echo started >"$P_started"; sleep 600',
                    { started },
                    { deadline: clock.now() + 700 },
                )
                .catch((caught: unknown) => caught);
            expect(await StartSignals.heard(started)).to.equal("started\n");
            clock.advance(700);
            const error = await outcome;
            expect(error).to.be.instanceOf(DeadlineError);
            expect((error as Error).message)
                .to.contain("700 ms")
                .and.contain(lab.hostAddress)
                .and.not.contain("still queued");
            expect(await session.invoke("echo next")).to.equal("next\n");
            expect(session.startedShells(), "the expired request's shell was ended").to.equal(2);
            expect(transport.connectionCount(), "the connection was kept").to.equal(1);
        } finally {
            await session.close();
            await transport.close();
        }
    });

    it("never mixes the output of concurrent requests", async () => {
        const session = sessionFor(lab.connection());
        const outputs = await Promise.all(
            Array.from({ length: 30 }, (_, index) =>
                session.invoke(
                    'i=0; while [ $i -lt 50 ]; do printf "%s," "$P_n"; i=$((i+1)); done',
                    {
                        n: index,
                    },
                ),
            ),
        );
        outputs.forEach((output, index) => expect(output).to.equal(`${index},`.repeat(50)));
    });

    it("is replaced transparently when the remote shell is killed", async () => {
        const session = sessionFor(lab.connection());
        const firstPid = Number(await session.invoke("printf %s $$"));
        process.kill(firstPid, "SIGKILL");
        const secondPid = Number(await session.invoke("printf %s $$"));
        expect(secondPid).to.not.equal(firstPid);
    });

    it("reports a request whose shell was killed mid-run as SessionLostError, then recovers", async () => {
        const session = sessionFor(lab.connection());
        const pid = Number(await session.invoke("printf %s $$"));
        const started = signals.newPipe();
        const running = session
            .invoke('echo started >"$P_started"; sleep 600', { started })
            .catch((caught: unknown) => caught);
        expect(await StartSignals.heard(started)).to.equal("started\n");
        process.kill(-(await processGroupOf(pid)), "SIGKILL");
        expect(await running).to.be.instanceOf(SessionLostError);
        expect(await session.invoke("echo back")).to.equal("back\n");
    });

    it("reconnects once after the SSH connection was cut while idle", async () => {
        const session = sessionFor(lab.connection());
        await session.invoke("true");
        const before = lab.sshd.connectionCount();
        for (const pid of await descendantPids(lab.sshd.pid)) {
            process.kill(pid, "SIGKILL");
        }
        // Whether the client saw the cut before this request or only while sending it, the
        // outcome is one new connection: a request the dead shell never acknowledged is re-sent.
        expect(await session.invoke("echo reconnected")).to.equal("reconnected\n");
        expect(lab.sshd.connectionCount() - before).to.equal(1);
        expect(transportFor(lab.connection()).connectionCount()).to.equal(2);
    });

    it("carries a 1 MiB parameter in and 1 MiB of output back", async () => {
        const session = sessionFor(lab.connection());
        const payload = Buffer.alloc(1024 * 1024, "l2s-payload'$x\n").toString("utf8");
        const echoed = await session.invoke('printf %s "$P_data"', { data: payload });
        expect(echoed.length).to.equal(payload.length);
        expect(echoed === payload).to.equal(true);
        const generated = await session.invoke("head -c 1048576 /dev/zero | tr '\\0' z");
        expect(generated).to.equal("z".repeat(1024 * 1024));
    });
});
