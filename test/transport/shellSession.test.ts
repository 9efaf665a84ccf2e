import { expect } from "chai";
import {
    DeadlineError,
    RemoteScriptError,
    SessionLostError,
} from "../../provider/transport/errors";
import { linuxShellCodec } from "../../provider/transport/linuxShellCodec";
import { ShellSession } from "../../provider/transport/shell/shellSession";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { FakeClock } from "../support/fakeClock";
import { LocalShellProcess } from "./localShellProcess";
import { StartSignals } from "./startSignals";

/** TMPDIR of every local shell in this file; removed at the end. */
const shellTemporaryDirectory = mkdtempSync(join(tmpdir(), "l2s-shell-"));

/**
 * A session over local `/bin/sh -s` processes, on `clock`; `processes` lists every shell it
 * started.
 */
function localSession(options: { maxResponseChars?: number; clock?: FakeClock } = {}): {
    session: ShellSession;
    processes: LocalShellProcess[];
} {
    const processes: LocalShellProcess[] = [];
    const session = new ShellSession({
        os: "linux",
        host: "local-test-host",
        spawn: async (command) => {
            const process = new LocalShellProcess(command, shellTemporaryDirectory);
            processes.push(process);
            return process;
        },
        hostKeyFingerprint: () => "",
        codec: linuxShellCodec,
        defaultTimeoutMs: 10_000,
        maxResponseChars: options.maxResponseChars,
        clock: options.clock,
    });
    return { session, processes };
}

describe("ShellSession over a local /bin/sh -s", () => {
    let current: ReturnType<typeof localSession>;
    /** Time of the session: it moves only when a test advances it, so no deadline passes alone. */
    let clock: FakeClock;
    let signals: StartSignals;

    before(async () => {
        signals = await StartSignals.create("l2s-shell-");
    });

    beforeEach(() => {
        clock = new FakeClock();
        current = localSession({ clock });
    });

    afterEach(async () => {
        await current.session.close();
        current.processes.forEach((process) => process.killGroup());
    });

    after(() => signals.remove());

    it("returns the script's stdout exactly, without a trailing newline added or removed", async () => {
        expect(await current.session.invoke("printf 'a\\nb'")).to.equal("a\nb");
        expect(await current.session.invoke("printf 'x\\n\\n'")).to.equal("x\n\n");
    });

    it("gives string parameters as-is and other values as JSON in $P_<name>", async () => {
        const output = await current.session.invoke('printf "%s|%s|%s" "$P_s" "$P_n" "$P_o"', {
            s: "it's $(not run) `either`",
            n: 42,
            o: { list: [1, "two"] },
        });
        expect(output).to.equal('it\'s $(not run) `either`|42|{"list":[1,"two"]}');
    });

    it("rejects a failing script with RemoteScriptError carrying exit code and stderr", async () => {
        const error = await current.session
            .invoke("echo partial; echo broken >&2; exit 7")
            .catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(RemoteScriptError);
        expect((error as RemoteScriptError).exitCode).to.equal(7);
        expect((error as RemoteScriptError).stderr).to.equal("broken\n");
        expect((error as RemoteScriptError).stdout).to.equal("partial\n");
    });

    it("keeps the same shell serving after a failed request, set -e and exit included", async () => {
        await current.session.invoke("set -e; false; echo unreachable").catch(() => undefined);
        await current.session.invoke("exit 3").catch(() => undefined);
        expect(await current.session.invoke("echo still here")).to.equal("still here\n");
        expect(current.session.startedShells()).to.equal(1);
    });

    it("does not let a script read the request stream (its stdin is /dev/null)", async () => {
        expect(await current.session.invoke("cat; echo read-nothing")).to.equal("read-nothing\n");
        expect(await current.session.invoke("echo next")).to.equal("next\n");
    });

    it("never mixes the output of concurrent requests", async () => {
        const requests = Array.from({ length: 20 }, (_, index) =>
            current.session.invoke('sleep 0.0$P_delay; printf "request-%s" "$P_index"', {
                index,
                delay: (index * 7) % 10,
            }),
        );
        const outputs = await Promise.all(requests);
        expect(outputs).to.deep.equal(Array.from({ length: 20 }, (_, index) => `request-${index}`));
    });

    it("fails a running request when its deadline passes, with DeadlineError naming the limit, and serves the next on a new shell", async () => {
        const started = signals.newPipe();
        const outcome = current.session
            .invoke(
                'echo started >"$P_started"; sleep 600',
                { started },
                {
                    deadline: clock.now() + 300,
                },
            )
            .catch((caught: unknown) => caught);
        expect(await StartSignals.heard(started)).to.equal("started\n");
        clock.advance(300);
        const error = await outcome;
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message)
            .to.contain("remote request on local-test-host did not finish")
            .and.contain("300 ms")
            .and.not.contain("still queued");
        expect(await current.session.invoke("echo next")).to.equal("next\n");
        expect(current.session.startedShells()).to.equal(2);
    });

    it("fails a queued request when its deadline passes while the one before it still runs, without sending it", async () => {
        const started = signals.newPipe();
        const release = signals.newPipe();
        let slowSettled = false;
        const slow = current.session
            .invoke('echo started >"$P_started"; read line <"$P_release"; echo slow', {
                started,
                release,
            })
            .finally(() => (slowSettled = true));
        expect(await StartSignals.heard(started)).to.equal("started\n");
        const marker = signals.file("never-sent");
        const queued = current.session
            .invoke(': >"$P_marker"', { marker }, { deadline: clock.now() + 200 })
            .catch((caught: unknown) => caught);
        clock.advance(200);
        const error = await queued;
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message)
            .to.contain("(still queued)")
            .and.contain("200 ms");
        expect(slowSettled, "the request before it still runs").to.equal(false);
        await StartSignals.release(release);
        expect(await slow).to.equal("slow\n");
        expect(await current.session.invoke("echo next")).to.equal("next\n");
        expect(existsSync(marker), "the expired request never ran").to.equal(false);
        expect(current.session.startedShells(), "the shell was kept").to.equal(1);
    });

    it("fails a request whose deadline passed before its turn without sending it", async () => {
        const error = await current.session
            .invoke("echo never", {}, { deadline: clock.now() - 1 })
            .catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message).to.contain("(still queued)");
        expect(current.session.startedShells()).to.equal(0);
    });

    it("starts the request after an expired queued one only once the running one ended", async () => {
        const started = signals.newPipe();
        const release = signals.newPipe();
        const slow = current.session.invoke(
            'echo started >"$P_started"; read line <"$P_release"; echo slow',
            { started, release },
        );
        expect(await StartSignals.heard(started)).to.equal("started\n");
        const expired = current.session
            .invoke("echo expired", {}, { deadline: clock.now() + 100 })
            .catch((caught: unknown) => caught);
        const after = current.session.invoke("echo after");
        clock.advance(100);
        expect(await expired).to.be.instanceOf(DeadlineError);
        await StartSignals.release(release);
        expect([await slow, await after]).to.deep.equal(["slow\n", "after\n"]);
    });

    it("uses the session's default deadline from the time of the call when none is given", async () => {
        const started = signals.newPipe();
        const outcome = current.session
            .invoke('echo started >"$P_started"; sleep 600', { started })
            .catch((caught: unknown) => caught);
        expect(await StartSignals.heard(started)).to.equal("started\n");
        clock.advance(9_999);
        clock.advance(1);
        const error = await outcome;
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message).to.contain("10 s");
    });

    it("replaces a shell that was killed while idle, transparently", async () => {
        const firstPid = await current.session.invoke("echo $$");
        current.processes[0].killGroup();
        await current.processes[0].ended();
        const secondPid = await current.session.invoke("echo $$");
        expect(secondPid).to.not.equal(firstPid);
        expect(current.session.startedShells()).to.equal(2);
    });

    it("re-sends a request once on a new shell when the old one died before acknowledging it", async () => {
        await current.session.invoke("true");
        current.processes[0].killGroup();
        expect(await current.session.invoke("echo resent")).to.equal("resent\n");
        expect(current.session.startedShells()).to.equal(2);
    });

    it("fails a request whose shell died while it ran with SessionLostError, and recovers", async () => {
        const started = signals.newPipe();
        const running = current.session
            .invoke('echo started >"$P_started"; sleep 600', { started })
            .catch((caught: unknown) => caught);
        expect(await StartSignals.heard(started)).to.equal("started\n");
        current.processes[0].killGroup();
        expect(await running).to.be.instanceOf(SessionLostError);
        expect(await current.session.invoke("echo recovered")).to.equal("recovered\n");
    });

    it("leaves no file in TMPDIR, while running or after being killed", async () => {
        await current.session.invoke("echo to stderr >&2; true");
        expect(readdirSync(shellTemporaryDirectory)).to.deep.equal([]);
        current.processes[0].killGroup();
        await current.processes[0].ended();
        expect(readdirSync(shellTemporaryDirectory)).to.deep.equal([]);
    });

    it("does not wait for a background process the script left running", async () => {
        // The background sleep outlives mocha's timeout and the clock never moves: passing
        // proves the answer came without waiting for it.
        expect(await current.session.invoke("sleep 600 & echo started")).to.equal("started\n");
        current.processes[0].killGroup();
    });

    it("rejects a parameter name that cannot be a shell variable, naming it", async () => {
        const error = await current.session
            .invoke("true", { "bad-name": "x" })
            .catch((caught: unknown) => caught);
        expect((error as Error).message).to.contain('"bad-name"');
    });
});

describe("ShellSession output bound", () => {
    after(() => rmSync(shellTemporaryDirectory, { recursive: true, force: true }));

    it("stops a request whose output exceeds the bound and starts a fresh shell for the next", async () => {
        const { session, processes } = localSession({ maxResponseChars: 10_000 });
        try {
            const error = await session
                .invoke("head -c 100000 /dev/zero | tr '\\0' a")
                .catch((caught: unknown) => caught);
            expect((error as Error).name).to.equal("OutputLimitError");
            expect(await session.invoke("echo small")).to.equal("small\n");
            expect(session.startedShells()).to.equal(2);
        } finally {
            await session.close();
            processes.forEach((process) => process.killGroup());
        }
    });
});
