import { expect } from "chai";
import {
    AuthenticationError,
    ConnectError,
    HostKeyMismatchError,
} from "../../provider/transport/errors";
import { setLogSink } from "../../provider/transport/redact";
import {
    connectAttempts,
    resetHostKeyWarnings,
    SshTransport,
} from "../../provider/transport/ssh/sshTransport";
import { FakeClock } from "../support/fakeClock";
import type { SshLab } from "../../lab/sshLab";
import { startSshLab } from "../../lab/sshLab";
import { skipUnlessLabAvailable } from "./sshLabFixture";
import { StartSignals } from "./startSignals";

describe("SSH transport against a real sshd in a network namespace", function () {
    let lab: SshLab;
    const transports: SshTransport[] = [];
    const password = "l2s-Correct-Horse-7";
    let signals: StartSignals;

    before(async function () {
        skipUnlessLabAvailable(this);
        lab = await startSshLab("ssht", 11, { password });
        signals = await StartSignals.create("l2s-ssht-");
    });

    after(async () => {
        await Promise.all(transports.map((transport) => transport.close()));
        await lab?.teardown();
        await signals?.remove();
    });

    async function connect(
        overrides: Parameters<SshLab["connection"]>[0] = {},
        tuning: Parameters<typeof SshTransport.connect>[1] = {},
    ): Promise<SshTransport> {
        const transport = await SshTransport.connect(lab.connection(overrides), tuning);
        transports.push(transport);
        return transport;
    }

    const commands: Array<{ command: string; stdout: string; stderr: string; exitCode: number }> = [
        { command: "echo out", stdout: "out\n", stderr: "", exitCode: 0 },
        { command: "echo err >&2; exit 3", stdout: "", stderr: "err\n", exitCode: 3 },
        {
            command: "printf a; printf b >&2; printf c; exit 255",
            stdout: "ac",
            stderr: "b",
            exitCode: 255,
        },
        { command: "exit 1", stdout: "", stderr: "", exitCode: 1 },
    ];
    for (const testCase of commands) {
        it(`run "${testCase.command}" → exit ${testCase.exitCode}, stdout and stderr apart`, async () => {
            const transport = await connect();
            const result = await transport.run(testCase.command);
            expect({
                stdout: result.stdout,
                stderr: result.stderr,
                exitCode: result.exitCode,
            }).to.deep.equal({
                stdout: testCase.stdout,
                stderr: testCase.stderr,
                exitCode: testCase.exitCode,
            });
        });
    }

    it("reports a command killed by a signal with a null exit code and the signal name", async () => {
        const result = await (await connect()).run("kill -TERM $$");
        expect(result.exitCode).to.equal(null);
        expect(result.signal).to.equal("SIGTERM");
    });

    it("accepts an unpinned host with one warning per host naming the seen fingerprint", async () => {
        const lines: string[] = [];
        const restore = setLogSink((level, line) => lines.push(`${level}: ${line}`));
        resetHostKeyWarnings();
        try {
            const first = await connect({ hostKey: undefined });
            await connect({ hostKey: undefined });
            expect(first.hostKeyFingerprint()).to.equal(lab.sshd.hostKeyFingerprint);
        } finally {
            restore();
        }
        expect(lines).to.have.length(1);
        expect(lines[0])
            .to.match(/^warning: /)
            .and.contain(lab.sshd.hostKeyFingerprint);
    });

    it("logs nothing when the host key is pinned", async () => {
        const lines: string[] = [];
        const restore = setLogSink((_level, line) => lines.push(line));
        resetHostKeyWarnings();
        try {
            await connect();
        } finally {
            restore();
        }
        expect(lines).to.deep.equal([]);
    });

    it("refuses a host whose key differs from the pin, naming expected and seen fingerprints", async () => {
        const wrongPin = "SHA256:" + "B".repeat(43);
        const before = lab.sshd.connectionCount();
        const error = await connect({ hostKey: wrongPin }).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(HostKeyMismatchError);
        expect((error as Error).message)
            .to.contain(wrongPin)
            .and.contain(lab.sshd.hostKeyFingerprint);
        expect(lab.sshd.connectionCount() - before).to.equal(1);
    });

    it("gives an authentication error for a wrong password after a single attempt, with no retry delay", async () => {
        const before = lab.sshd.connectionCount();
        const key = `${lab.hostAddress}:22`;
        const attemptsBefore = connectAttempts.get(key) ?? 0;
        const clock = new FakeClock();
        const error = await connect(
            { privateKey: undefined, password: "l2s-wrong-password" },
            { clock },
        ).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(AuthenticationError);
        expect(clock.delaysSet, "no backoff delay before giving up").to.deep.equal([]);
        expect((connectAttempts.get(key) ?? 0) - attemptsBefore).to.equal(1);
        expect(lab.sshd.connectionCount() - before).to.equal(1);
        expect((error as Error).message).to.not.contain("l2s-wrong-password");
    });

    it("logs in with the right password", async () => {
        const transport = await connect({ privateKey: undefined, password });
        expect((await transport.run("id -u")).stdout).to.equal("0\n");
    });

    it("retries an unreachable host with backoff and gives up before a delay would pass connectSeconds", async () => {
        // Delays with jitter 0.5: 250, 500, 1000, then 2000 would end past the 3 s budget.
        const clock = new FakeClock({ autoAdvance: true });
        const error = await SshTransport.connect(
            lab.connection({ host: "10.210.11.9", timeouts: { connectSeconds: 3 } }),
            { handshakeTimeoutMs: 300, clock, random: () => 0.5 },
        ).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(ConnectError);
        expect((error as ConnectError).message).to.contain("after 4 attempt(s)");
        expect({
            attempts: (error as ConnectError).attempts,
            delays: clock.delaysSet,
        }).to.deep.equal({
            attempts: 4,
            delays: [250, 500, 1000],
        });
    });

    it("reports a proxy command that cannot start as a connect error naming it", async () => {
        const error = await SshTransport.connect(
            lab.connection({
                proxyCommand: "/nonexistent/l2s-proxy %h %p",
                timeouts: { connectSeconds: 2 },
            }),
        ).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(ConnectError);
        expect((error as Error).message).to.contain("/nonexistent/l2s-proxy");
    });

    it("passes the proxy command's own error text into the connect error", async () => {
        const error = await SshTransport.connect(
            lab.connection({
                proxyCommand: `ip netns exec ${lab.clientNamespace} socat STDIO TCP:%h:1`,
                timeouts: { connectSeconds: 2 },
            }),
        ).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(ConnectError);
        expect((error as Error).message).to.match(/proxy: .*socat.*Connection refused/);
    });

    it("carries a 1 MiB payload both ways (stdin in, stdout out)", async () => {
        const payload = Buffer.alloc(1024 * 1024, "0123456789abcdef").toString("utf8");
        const result = await (await connect()).run("cat", { stdin: payload });
        expect(result.stdout.length).to.equal(payload.length);
        expect(result.stdout === payload).to.equal(true);
    });

    it("fails a running command when its deadline passes on the transport's clock, naming the limit", async () => {
        const clock = new FakeClock();
        const transport = await connect({}, { clock });
        const started = signals.newPipe();
        const outcome = transport
            .run('read -r pipe; echo started >"$pipe"; sleep 600', {
                stdin: `${started}\n`,
                deadline: clock.now() + 500,
            })
            .catch((caught: unknown) => caught);
        expect(await StartSignals.heard(started)).to.equal("started\n");
        clock.advance(500);
        const error = await outcome;
        expect((error as Error).name).to.equal("DeadlineError");
        expect((error as Error).message)
            .to.contain("500 ms")
            .and.contain(lab.hostAddress);
        expect((await transport.run("echo next")).stdout).to.equal("next\n");
    });

    it("stops collecting output past the output bound", async () => {
        const transport = await SshTransport.connect(lab.connection(), { maxOutputBytes: 1000 });
        transports.push(transport);
        const error = await transport
            .run("head -c 100000 /dev/zero")
            .catch((caught: unknown) => caught);
        expect((error as Error).name).to.equal("OutputLimitError");
    });

    it("logs in with a private key protected by a passphrase", async function () {
        const protectedLab = await startSshLab("sshpp", 12, {
            clientKeyPassphrase: "l2s-key-phrase",
        });
        try {
            const transport = await SshTransport.connect(protectedLab.connection());
            expect((await transport.run("echo ok")).stdout).to.equal("ok\n");
            await transport.close();
            const error = await SshTransport.connect(
                protectedLab.connection({ privateKeyPassphrase: "l2s-not-the-phrase" }),
            ).catch((caught: unknown) => caught);
            expect(error).to.be.instanceOf(AuthenticationError);
            expect((error as Error).message).to.contain("privateKeyPassphrase");
            expect((error as Error).message).to.not.contain("l2s-not-the-phrase");
        } finally {
            await protectedLab.teardown();
        }
    });
});
