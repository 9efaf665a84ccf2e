import { expect } from "chai";
import {
    DeadlineError,
    RemoteScriptError,
    SessionLostError,
} from "../../provider/transport/errors";
import { linuxShellCodec } from "../../provider/transport/linuxShellCodec";
import { ShellSession } from "../../provider/transport/shell/shellSession";
import { mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { LocalShellProcess } from "./localShellProcess";

/** TMPDIR of every local shell in this file; removed at the end. */
const shellTemporaryDirectory = mkdtempSync(join(tmpdir(), "l2s-shell-"));

/** A session over local `/bin/sh -s` processes; `processes` lists every shell it started. */
function localSession(options: { maxResponseChars?: number } = {}): {
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
    });
    return { session, processes };
}

describe("ShellSession over a local /bin/sh -s", () => {
    let current: ReturnType<typeof localSession>;

    beforeEach(() => {
        current = localSession();
    });

    afterEach(async () => {
        await current.session.close();
        current.processes.forEach((process) => process.killGroup());
    });

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

    it("fails a request past its deadline with DeadlineError naming the limit, then serves the next", async () => {
        const started = Date.now();
        const error = await current.session
            .invoke("sleep 5", {}, { deadline: Date.now() + 300 })
            .catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message).to.match(/300 ms/);
        expect(Date.now() - started).to.be.lessThan(1500);
        expect(await current.session.invoke("echo next")).to.equal("next\n");
    });

    it("counts time spent waiting in the queue towards a request's deadline", async () => {
        const slow = current.session.invoke("sleep 1; echo slow");
        const queued = current.session
            .invoke("echo queued", {}, { deadline: Date.now() + 200 })
            .catch((caught: unknown) => caught);
        expect(await queued).to.be.instanceOf(DeadlineError);
        await slow.catch(() => undefined);
    });

    it("replaces a shell that was killed while idle, transparently", async () => {
        const firstPid = await current.session.invoke("echo $$");
        current.processes[0].killGroup();
        await new Promise((resolve) => setTimeout(resolve, 100));
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
        const running = current.session.invoke("sleep 5").catch((caught: unknown) => caught);
        await new Promise((resolve) => setTimeout(resolve, 200));
        current.processes[0].killGroup();
        expect(await running).to.be.instanceOf(SessionLostError);
        expect(await current.session.invoke("echo recovered")).to.equal("recovered\n");
    });

    it("leaves no file in TMPDIR, while running or after being killed", async () => {
        await current.session.invoke("echo to stderr >&2; true");
        expect(readdirSync(shellTemporaryDirectory)).to.deep.equal([]);
        current.processes[0].killGroup();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(readdirSync(shellTemporaryDirectory)).to.deep.equal([]);
    });

    it("does not wait for a background process the script left running", async () => {
        const started = Date.now();
        expect(await current.session.invoke("sleep 3 & echo started")).to.equal("started\n");
        expect(Date.now() - started).to.be.lessThan(2000);
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
