import { expect } from "chai";
import { DeadlineError } from "../../provider/transport/errors";
import { linuxShellCodec } from "../../provider/transport/linuxShellCodec";
import { closeAll, sessionFor } from "../../provider/transport/pool";
import { ReconnectingTransport } from "../../provider/transport/shell/reconnectingTransport";
import { ShellSession } from "../../provider/transport/shell/shellSession";
import { SshTransport } from "../../provider/transport/ssh/sshTransport";
import type { RemoteProcess } from "../../provider/transport/types";
import { FakeClock } from "../support/fakeClock";
import type { SshLab } from "../../lab/sshLab";
import { startSshLab } from "../../lab/sshLab";
import { skipUnlessLabAvailable } from "./sshLabFixture";
import { StartSignals } from "./startSignals";

/**
 * A deadline far beyond mocha's timeout: a request that only ended at its deadline would make the
 * test time out.
 */
const farDeadline = (): number => Date.now() + 10 * 60_000;

/** `process`, calling `onWrite` after each write to it has been handed to the connection. */
function observingWrites(process: RemoteProcess, onWrite: () => void): RemoteProcess {
    return {
        write: async (data) => {
            await process.write(data);
            onWrite();
        },
        onStdout: (listener) => process.onStdout(listener),
        onStderr: (listener) => process.onStderr(listener),
        onExit: (listener) => process.onExit(listener),
        close: () => process.close(),
    };
}

describe("SSH session across link outages (veth down inside the lab namespaces)", function () {
    let lab: SshLab;
    let signals: StartSignals;

    before(async function () {
        skipUnlessLabAvailable(this);
        lab = await startSshLab("blip", 31);
        signals = await StartSignals.create("l2s-blip-");
    });

    afterEach(async () => {
        await lab?.setLinkUp(true);
        await closeAll();
    });

    after(async () => {
        await closeAll();
        await lab?.teardown();
        await signals?.remove();
    });

    it("delivers a request's output produced while the link was down, on the same connection", async () => {
        const session = sessionFor(lab.connection());
        await session.invoke("true");
        const connectionsBefore = lab.sshd.connectionCount();
        const started = signals.newPipe();
        const release = signals.newPipe();
        const finished = signals.newPipe();
        const running = session.invoke(
            'echo started >"$P_started"; read line <"$P_release"; echo survived; echo done >"$P_finished"',
            { started, release, finished },
            { deadline: farDeadline() },
        );
        expect(await StartSignals.heard(started)).to.equal("started\n");
        await lab.setLinkUp(false);
        try {
            await StartSignals.release(release);
            expect(
                await StartSignals.heard(finished),
                "the script ended during the outage",
            ).to.equal("done\n");
        } finally {
            await lab.setLinkUp(true);
        }
        expect(await running).to.equal("survived\n");
        expect(lab.sshd.connectionCount()).to.equal(connectionsBefore);
    });

    it("fails a request sent into a dead link at its deadline, naming the limit and the host, then recovers", async () => {
        const clock = new FakeClock();
        const transport = new ReconnectingTransport(() =>
            SshTransport.connect(lab.connection(), { clock }),
        );
        let onWrite = (): void => undefined;
        const session = new ShellSession({
            os: "linux",
            host: lab.hostAddress,
            spawn: async (command) =>
                observingWrites(await transport.spawn(command), () => onWrite()),
            hostKeyFingerprint: () => transport.hostKeyFingerprint(),
            codec: linuxShellCodec,
            clock,
        });
        try {
            await session.invoke("true");
            await lab.setLinkUp(false);
            let error: unknown;
            try {
                const sent = new Promise<void>((resolve) => (onWrite = resolve));
                const outcome = session
                    .invoke("echo never", {}, { deadline: clock.now() + 4000 })
                    .catch((caught: unknown) => caught);
                await sent;
                clock.advance(4000);
                error = await outcome;
            } finally {
                await lab.setLinkUp(true);
            }
            expect(error).to.be.instanceOf(DeadlineError);
            expect((error as Error).message)
                .to.contain("4 s")
                .and.contain(lab.hostAddress)
                .and.not.contain("still queued");
            expect(await session.invoke("echo back", {}, { deadline: farDeadline() })).to.equal(
                "back\n",
            );
            expect(transport.connectionCount(), "the connection outlived the outage").to.equal(1);
        } finally {
            await session.close();
            await transport.close();
        }
    });
});
