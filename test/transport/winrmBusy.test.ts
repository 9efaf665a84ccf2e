import { expect } from "chai";
import { WinRmFaultError } from "../../provider/transport/winrm/errors";
import { resolveWinRmSettings } from "../../provider/transport/winrm/settings";
import { WinRsClient } from "../../provider/transport/winrm/winrsClient";
import { WsManChannel } from "../../provider/transport/winrm/wsmanChannel";
import { FakeClock } from "../support/fakeClock";
import { WsManDouble } from "../support/wsmanDouble";

const USER = "Administrator";
const PASSWORD = "busy-test-password";

describe("WinRM Send refused with ERROR_BUSY (code 170)", function () {
    this.timeout(30000);

    const rows: { busySends: number; delivered: boolean }[] = [
        { busySends: 0, delivered: true },
        { busySends: 2, delivered: true },
        { busySends: 3, delivered: false },
    ];
    for (const { busySends, delivered } of rows) {
        it(`${busySends} busy answer(s): ${delivered ? "stdin is delivered once" : "fails with code 170 after 3 attempts"}`, async () => {
            const double = new WsManDouble({
                auth: "ntlm",
                user: USER,
                password: PASSWORD,
                busySends,
            });
            const port = await double.start();
            // Jumps over busy pauses only: request timeouts (11 s and more) never pass.
            const clock = new FakeClock({ autoAdvance: (delayMs) => delayMs <= 5000 });
            const settings = resolveWinRmSettings(
                {
                    host: "127.0.0.1",
                    user: USER,
                    password: PASSWORD,
                    os: "windows",
                    transport: "winrm",
                    winrm: { port },
                },
                { clock },
            );
            const client = new WinRsClient(settings, new WsManChannel(settings));
            const busyPauses = (): number[] => clock.delaysSet.filter((delay) => delay <= 5000);
            try {
                const shellId = await client.createShell();
                const commandId = await client.startCommand(shellId, "cat");
                const sent = await client
                    .send(shellId, commandId, Buffer.from("payload\n"), true)
                    .then(
                        () => undefined,
                        (error: Error) => error,
                    );
                const sends = double.exchanges.filter((exchange) =>
                    exchange.action.endsWith("/Send"),
                ).length;
                if (delivered) {
                    expect(sent).to.equal(undefined);
                    let stdout = "";
                    for (let poll = 0; poll < 20; poll++) {
                        const output = await client.receive(shellId, commandId, 1);
                        stdout += output.stdout.toString();
                        if (output.done) break;
                    }
                    expect(stdout).to.equal("payload\n");
                    expect(sends).to.equal(busySends + 1);
                    expect(busyPauses(), "a 5 s pause before each repeat").to.deep.equal(
                        Array(busySends).fill(5000),
                    );
                } else {
                    expect(sent).to.be.instanceOf(WinRmFaultError);
                    expect((sent as WinRmFaultError).wsmanCode).to.equal(170);
                    expect((sent as Error).message).to.contain("ERROR_BUSY");
                    expect(sends).to.equal(3);
                    expect(busyPauses(), "a 5 s pause before each repeat").to.deep.equal([
                        5000, 5000,
                    ]);
                }
                await client.deleteShell(shellId);
            } finally {
                client.channel.close();
                await double.stop();
            }
        });
    }
});
