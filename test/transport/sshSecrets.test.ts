import { expect } from "chai";
import { encodedForms, setLogSink } from "../../provider/transport/redact";
import { closeAll, sessionFor } from "../../provider/transport/pool";
import { SshTransport } from "../../provider/transport/ssh/sshTransport";
import type { SshLab } from "../../lab/sshLab";
import { startSshLab } from "../../lab/sshLab";
import { skipUnlessLabAvailable } from "./sshLabFixture";
import { StartSignals } from "./startSignals";

const password = "l2s-Secr3t'Pass word$";
const wrongPassword = "l2s-Wr0ng-Secret!";
const token = "l2s-api-token-4f1c9e";

/** Every form of the secrets that must never appear. */
const forbidden = [password, wrongPassword, token].flatMap((secret) => [
    secret,
    ...encodedForms(secret),
]);

function leaksIn(text: string): string[] {
    return forbidden.filter((form) => text.includes(form));
}

describe("secrets over SSH", function () {
    let lab: SshLab;
    const logLines: string[] = [];
    const errors: string[] = [];
    let restoreLog: () => void;
    let signals: StartSignals;

    before(async function () {
        skipUnlessLabAvailable(this);
        lab = await startSshLab("secret", 41, { password });
        signals = await StartSignals.create("l2s-secret-");
        restoreLog = setLogSink((level, line) => logLines.push(`${level}: ${line}`));
    });

    after(async () => {
        restoreLog?.();
        await closeAll();
        await lab?.teardown();
        await signals?.remove();
    });

    const connection = () =>
        lab.connection({ privateKey: undefined, password, hostKey: undefined });

    function record(error: unknown): unknown {
        const fields = error as Record<string, unknown>;
        errors.push(
            String((error as Error).message),
            JSON.stringify(fields),
            String((error as Error).stack),
        );
        return error;
    }

    it("keeps a wrong password out of the authentication error", async () => {
        const error = await SshTransport.connect({
            ...connection(),
            password: wrongPassword,
        }).catch(record);
        expect((error as Error).name).to.equal("AuthenticationError");
        expect(leaksIn(errors.join("\n"))).to.deep.equal([]);
    });

    it("scrubs a registered secret echoed by a failing script from the error, raw and encoded", async () => {
        const session = sessionFor({ ...connection(), password });
        const script = [
            'printf "%s\\n" "$P_secret"',
            'printf "%s" "$P_secret" | base64',
            'printf "%s" "$P_secret" | od -An -tx1 | tr -d " \\n"',
            'echo "$P_secret" >&2',
            "exit 4",
        ].join("; ");
        const error = await session.invoke(script, { secret: password }).catch(record);
        expect((error as Error).name).to.equal("RemoteScriptError");
        expect((error as Error).message).to.contain("[REDACTED]");
        expect(leaksIn(errors.join("\n"))).to.deep.equal([]);
    });

    it("keeps secrets off every process command line on the host while a request runs", async () => {
        const session = sessionFor(connection());
        const observer = await SshTransport.connect(connection());
        try {
            const started = signals.newPipe();
            const release = signals.newPipe();
            const running = session.invoke(
                'echo started >"$P_started"; read line <"$P_release"; printf %s "$P_token" >/dev/null',
                { token, again: password, started, release },
            );
            expect(await StartSignals.heard(started)).to.equal("started\n");
            const listing = await observer.run("ps -eo args");
            await StartSignals.release(release);
            await running;
            expect(listing.stdout).to.contain("/bin/sh -s");
            expect(leaksIn(listing.stdout)).to.deep.equal([]);
        } finally {
            await observer.close();
        }
    });

    it("keeps secrets out of the log lines and out of sshd's own log", async () => {
        expect(logLines.length).to.be.greaterThan(0);
        expect(leaksIn(logLines.join("\n"))).to.deep.equal([]);
        expect(leaksIn(lab.sshd.log())).to.deep.equal([]);
    });

    it("leaves no secret in the shell's stderr file after a failing request", async () => {
        const session = sessionFor(connection());
        const stderrFile = await session.invoke('printf %s "$l2b_e"');
        expect(stderrFile).to.match(/^\/proc\/\d+\/fd\/4$/);
        await session.invoke('echo "$P_token" >&2; exit 1', { token }).catch(() => undefined);
        const observer = await SshTransport.connect(connection());
        try {
            const listing = await observer.run(`ls -l ${stderrFile}; cat ${stderrFile}`);
            expect(listing.stdout).to.contain("(deleted)");
            expect(leaksIn(listing.stdout)).to.deep.equal([]);
        } finally {
            await observer.close();
        }
    });
});
