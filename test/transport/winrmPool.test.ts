import { expect } from "chai";
import type { HostConnection } from "../../sdk/hostConnection";
import { AuthenticationError, RemoteScriptError } from "../../provider/transport/errors";
import { closeAll, sessionFor } from "../../provider/transport/pool";
import { WsManDouble } from "../support/wsmanDouble";

const USER = "Administrator";
const PASSWORD = "pool-test-password";

describe("pooled Windows session over WinRM (pool → shell session → WinRM → bootstrap double)", function () {
    this.timeout(30000);
    let double: WsManDouble;
    let connection: HostConnection;

    beforeEach(async () => {
        double = new WsManDouble({
            auth: "ntlm",
            user: USER,
            password: PASSWORD,
            receiveHoldMs: 2000,
            powershell: (request) =>
                request.script.startsWith("throw")
                    ? { ok: false, output: "", error: `${request.script.slice(6)}\r\n` }
                    : { ok: true, output: JSON.stringify(request.params), error: "" },
        });
        const port = await double.start();
        connection = {
            host: "127.0.0.1",
            user: USER,
            password: PASSWORD,
            os: "windows",
            transport: "winrm",
            winrm: { port },
        };
    });

    afterEach(async () => {
        await closeAll();
        await double.stop();
    });

    it("answers several requests through one long-lived powershell.exe, started once", async () => {
        const session = sessionFor(connection);
        const outputs = [];
        for (let i = 0; i < 3; i++) outputs.push(await session.invoke("$Params", { i }));
        expect(outputs).to.deep.equal(['{"i":0}', '{"i":1}', '{"i":2}']);
        expect(double.commandLines).to.have.length(1);
        expect(double.commandLines[0]).to.match(
            /^powershell\.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand /,
        );
        expect(double.powershellRequests.map((request) => request.params)).to.deep.equal([
            { i: 0 },
            { i: 1 },
            { i: 2 },
        ]);
    });

    it("a failed script rejects with RemoteScriptError carrying its message, and the shell keeps serving", async () => {
        const session = sessionFor(connection);
        const failure = await session
            .invoke("throw no such network", {})
            .catch((error: Error) => error);
        expect(failure).to.be.instanceOf(RemoteScriptError);
        expect((failure as Error).message).to.contain("no such network");
        expect(await session.invoke("$Params", { after: true })).to.equal('{"after":true}');
        expect(double.commandLines).to.have.length(1);
    });

    it("a wrong password rejects with the transports' AuthenticationError", async () => {
        const session = sessionFor({ ...connection, password: "wrong-password" });
        const failure = await session.invoke("$Params", {}).catch((error: Error) => error);
        expect(failure).to.be.instanceOf(AuthenticationError);
        expect((failure as Error).message).to.not.contain("wrong-password");
    });
});
