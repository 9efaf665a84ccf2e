import { expect } from "chai";
import { DeadlineError } from "../../provider/transport/errors";
import { closeAll, sessionFor } from "../../provider/transport/pool";
import { skipUnlessLabAvailable, SshLab, startSshLab } from "./sshLabFixture";

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("SSH session across link outages (veth down inside the lab namespaces)", function () {
    let lab: SshLab;

    before(async function () {
        skipUnlessLabAvailable(this);
        lab = await startSshLab("blip", 31);
    });

    afterEach(async () => {
        await lab?.setLinkUp(true);
        await closeAll();
    });

    after(async () => {
        await closeAll();
        await lab?.teardown();
    });

    it("finishes a command when the link is down for 3 s while it runs, on the same connection", async () => {
        const session = sessionFor(lab.connection());
        await session.invoke("true");
        const connectionsBefore = lab.sshd.connectionCount();
        const running = session.invoke(
            "sleep 1; echo survived",
            {},
            { deadline: Date.now() + 25_000 },
        );
        await pause(300);
        await lab.setLinkUp(false);
        try {
            await pause(3000);
        } finally {
            await lab.setLinkUp(true);
        }
        expect(await running).to.equal("survived\n");
        expect(lab.sshd.connectionCount()).to.equal(connectionsBefore);
    });

    it("fails within the deadline with a clear error when the link stays down, then recovers", async () => {
        const session = sessionFor(lab.connection());
        await session.invoke("true");
        await lab.setLinkUp(false);
        let error: unknown;
        const started = Date.now();
        try {
            error = await session
                .invoke("echo never", {}, { deadline: Date.now() + 4000 })
                .catch((caught: unknown) => caught);
        } finally {
            await lab.setLinkUp(true);
        }
        const elapsed = Date.now() - started;
        expect(error).to.be.instanceOf(DeadlineError);
        expect((error as Error).message)
            .to.contain("4 s")
            .and.contain(lab.hostAddress);
        expect(elapsed).to.be.within(3900, 5000);
        expect(await session.invoke("echo back", {}, { deadline: Date.now() + 25_000 })).to.equal(
            "back\n",
        );
    });
});
