import { expect } from "chai";
import { createHash, randomBytes } from "crypto";
import * as net from "net";
import type { HostConnection } from "../../sdk/hostConnection";
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import {
    WinRmAuthenticationError,
    WinRmFaultError,
    WinRmTimeoutError,
} from "../../provider/transport/winrm/errors";
import { WinRmTransport } from "../../provider/transport/winrm/winrmTransport";
import { maxStdinChunk } from "../../provider/transport/winrm/winrsClient";
import { resolveWinRmSettings } from "../../provider/transport/winrm/settings";
import { requestLineForm } from "../support/powershellRequestLines";
import { FakeClock } from "../support/fakeClock";
import { framedResponses } from "./framedResponses";
import { StartSignals } from "./startSignals";
import type { TestCertificates, WsManDoubleOptions } from "../support/wsmanDouble";
import {
    generateTestCertificates,
    removeTestCertificates,
    WsManDouble,
} from "../support/wsmanDouble";

const USER = "Administrator";
const PASSWORD = "Pa55-w0rd-under-test";

interface Setup {
    name: string;
    double: Omit<WsManDoubleOptions, "user" | "password">;
    winrm: (certificates: TestCertificates) => HostConnection["winrm"];
}

/** The three supported combinations of scheme and authentication. */
const SETUPS: Setup[] = [
    {
        name: "HTTP + NTLMv2 with message encryption",
        double: { auth: "ntlm" },
        winrm: () => ({ auth: "ntlm" }),
    },
    {
        name: "HTTPS + Basic",
        double: { auth: "basic" },
        winrm: (c) => ({ https: true, auth: "basic", caCert: c.caCert }),
    },
    {
        name: "HTTPS + NTLMv2 with channel binding",
        double: { auth: "ntlm" },
        winrm: (c) => ({ https: true, auth: "ntlm", caCert: c.caCert }),
    },
];

function connection(
    port: number,
    winrm: HostConnection["winrm"],
    overrides: Partial<HostConnection> = {},
): HostConnection {
    return {
        host: "127.0.0.1",
        user: USER,
        password: PASSWORD,
        os: "windows",
        transport: "winrm",
        winrm: { ...winrm, port },
        ...overrides,
    };
}

describe("WinRM transport against the WS-Man double", function () {
    this.timeout(30000);
    let certificates: TestCertificates;

    before(() => {
        certificates = generateTestCertificates();
    });

    after(() => {
        removeTestCertificates(certificates);
    });

    for (const setup of SETUPS) {
        describe(setup.name, () => {
            let double: WsManDouble;
            let transport: WinRmTransport;
            let port: number;
            const https = setup.name.startsWith("HTTPS");

            beforeEach(async () => {
                double = new WsManDouble({
                    ...setup.double,
                    user: USER,
                    password: PASSWORD,
                    tls: https
                        ? { key: certificates.serverKey, cert: certificates.serverCert }
                        : undefined,
                });
                port = await double.start();
                transport = new WinRmTransport(connection(port, setup.winrm(certificates)));
            });

            afterEach(async () => {
                await transport.close();
                await double.stop();
            });

            it("returns stdout, stderr and the exit code separately", async () => {
                const result = await transport.run("printf 'out\\n'; printf 'err\\n' >&2; exit 3");
                expect(result).to.deep.equal({ stdout: "out\n", stderr: "err\n", exitCode: 3 });
            });

            it("returns exit code 0 and deletes the shell afterwards", async () => {
                const result = await transport.run("true");
                expect(result.exitCode).to.equal(0);
                expect(double.actions).to.deep.equal([
                    "Create",
                    "Command",
                    "Send",
                    "Receive",
                    "Delete",
                ]);
                expect(double.openShells).to.equal(0);
            });

            it("carries a 1 MiB stdin payload intact, in Send envelopes that each fit MaxEnvelopeSize", async () => {
                const payload = randomBytes(1024 * 1024);
                const result = await transport.run("sha256sum", { stdin: payload });
                expect(result.stdout.split(" ")[0]).to.equal(
                    createHash("sha256").update(payload).digest("hex"),
                );
                const sends = double.exchanges.filter((exchange) =>
                    exchange.action.endsWith("/Send"),
                );
                const sizes = sends.map((exchange) => Buffer.byteLength(exchange.soap));
                expect(sends.length).to.be.at.least(Math.ceil(payload.length / 150_000));
                expect(Math.max(...sizes)).to.be.at.most(153600);
            });

            it("reconnects and re-authenticates after the listener dropped the connection", async () => {
                await transport.run("true");
                double.dropConnections();
                const result = await transport.run("echo again");
                expect(result.stdout).to.equal("again\n");
            });
        });
    }

    describe("stdin chunking with a small MaxEnvelopeSize", () => {
        it("splits 200 KiB into envelopes within a 32 KiB limit", async () => {
            const double = new WsManDouble({
                auth: "ntlm",
                user: USER,
                password: PASSWORD,
                maxEnvelopeSize: 32768,
            });
            const port = await double.start();
            const transport = new WinRmTransport(connection(port, { maxEnvelopeSize: 32768 }));
            try {
                const payload = randomBytes(200 * 1024);
                const result = await transport.run("wc -c", { stdin: payload });
                expect(result.stdout.trim()).to.equal(String(payload.length));
                const sizes = double.exchanges
                    .filter((e) => e.action.endsWith("/Send"))
                    .map((e) => Buffer.byteLength(e.soap));
                expect(Math.max(...sizes)).to.be.at.most(32768);
                expect(sizes.length).to.equal(
                    Math.ceil(
                        payload.length /
                            maxStdinChunk(
                                resolveWinRmSettings(connection(port, { maxEnvelopeSize: 32768 })),
                            ),
                    ),
                );
            } finally {
                await transport.close();
                await double.stop();
            }
        });
    });

    describe("errors", () => {
        let double: WsManDouble;
        let port: number;

        afterEach(async () => {
            await double.stop();
        });

        const authCases: { auth: "ntlm" | "basic"; https: boolean }[] = [
            { auth: "ntlm", https: false },
            { auth: "ntlm", https: true },
            { auth: "basic", https: true },
        ];
        for (const { auth, https } of authCases) {
            it(`a wrong password over ${auth} (${https ? "HTTPS" : "HTTP"}) is an authentication error naming HTTP 401 and the user, not the password`, async () => {
                double = new WsManDouble({
                    auth,
                    user: USER,
                    password: "the-right-one",
                    tls: https
                        ? { key: certificates.serverKey, cert: certificates.serverCert }
                        : undefined,
                });
                port = await double.start();
                const winrm = https ? { https, auth, caCert: certificates.caCert } : { auth };
                const transport = new WinRmTransport(connection(port, winrm));
                const error = await transport.run("true").then(
                    () => undefined,
                    (caught: Error) => caught,
                );
                expect(error).to.be.instanceOf(WinRmAuthenticationError);
                expect(error!.message).to.contain("HTTP 401").and.to.contain(USER);
                expect(error!.message).to.not.contain(PASSWORD);
                expect(double.exchanges.length, "one refusal, no retry storm").to.be.at.most(2);
                await transport.close();
            });
        }

        it("a SOAP fault becomes an error carrying its WSManFault code (2147942606: command line too long)", async () => {
            double = new WsManDouble({
                auth: "ntlm",
                user: USER,
                password: PASSWORD,
                commandFault: (line) =>
                    line.length > 8191
                        ? {
                              subcode: "w:InternalError",
                              code: 2147942606,
                              message: "The filename or extension is too long.",
                          }
                        : undefined,
            });
            port = await double.start();
            const transport = new WinRmTransport(connection(port, {}));
            const error = await transport
                .run(`echo ${"x".repeat(9000)}`)
                .catch((caught: Error) => caught);
            expect(error).to.be.instanceOf(WinRmFaultError);
            expect((error as WinRmFaultError).wsmanCode).to.equal(2147942606);
            expect((error as Error).message).to.match(
                /code 2147942606 \(0x800700ce\).*filename or extension is too long/,
            );
            expect(double.openShells).to.equal(0);
            await transport.close();
        });

        it("a command past its deadline on the transport's clock is terminated, its shell deleted, and a timeout error naming the limit raised", async () => {
            double = new WsManDouble({
                auth: "ntlm",
                user: USER,
                password: PASSWORD,
                receiveHoldMs: 200,
            });
            port = await double.start();
            const clock = new FakeClock();
            const transport = new WinRmTransport(connection(port, {}), { clock });
            const polling = double.arrival("Receive");
            const outcome = transport
                .run("sleep 600", { deadline: clock.now() + 1500 })
                .catch((caught: Error) => caught);
            await polling;
            clock.advance(1500);
            const error = await outcome;
            expect(error).to.be.instanceOf(WinRmTimeoutError);
            expect((error as Error).message).to.contain("1500 ms");
            expect(double.actions.slice(-2)).to.deep.equal(["Signal", "Delete"]);
            expect(double.openShells).to.equal(0);
            await transport.close();
        });
    });

    describe("spawn: a long-running process streaming over Send and Receive", () => {
        let double: WsManDouble;
        let transport: WinRmTransport;

        beforeEach(async () => {
            double = new WsManDouble({
                auth: "ntlm",
                user: USER,
                password: PASSWORD,
                // A Receive returns only with output: a test passing proves output arrived
                // while the poll was pending, not when it expired.
                receiveHoldMs: 600_000,
                powershell: (request) =>
                    request.script === "throw 'bad'"
                        ? { ok: false, output: "", error: "bad\r\nAt line:1 char:1" }
                        : request.script === "return [string]$Params.text"
                          ? { ok: true, text: String(request.params.text) }
                          : {
                                ok: true,
                                output: JSON.stringify({ echoed: request.params }),
                                error: "",
                            },
            });
            const port = await double.start();
            transport = new WinRmTransport(connection(port, {}));
        });

        afterEach(async () => {
            await transport.close();
            await double.stop();
        });

        it("streams stdin to stdout while a Receive long poll is pending; close ends stdin, terminates and deletes the shell", async () => {
            const polling = double.arrival("Receive");
            const process = await transport.spawn("cat");
            const exited = new Promise<number | null>((resolve) =>
                process.onExit((code) => resolve(code)),
            );
            let stdout = "";
            const firstLine = new Promise<string>((resolve) =>
                process.onStdout((chunk) => {
                    stdout += chunk.toString();
                    if (stdout.endsWith("\n")) resolve(stdout);
                }),
            );
            await polling;
            await process.write("first line\n");
            expect(await firstLine).to.equal("first line\n");
            await process.close();
            const exits: (number | null)[] = [];
            process.onExit((code) => exits.push(code));
            await exited;
            expect(exits, "onExit reports once, also to a late listener").to.have.length(1);
            const controlActions = double.actions.filter((action) => action !== "Receive");
            expect(controlActions.slice(-3)).to.deep.equal(["Send", "Signal", "Delete"]);
            expect(double.openShells).to.equal(0);
        });

        it("runs framed PowerShell requests through the bootstrap: success, failure, then success again", async () => {
            const process = await transport.spawn(powerShellCodec.startCommand);
            const response = framedResponses(process);
            const invoke = async (id: string, script: string, params: Record<string, unknown>) => {
                await process.write(powerShellCodec.encodeRequest(id, script, params));
                return response(id);
            };
            const first = await invoke("r1", "$Params", { name: "it's ‘quoted’" });
            const failed = await invoke("r2", "throw 'bad'", {});
            const third = await invoke("r3", "$Params", { n: 3 });
            expect([first, failed, third]).to.deep.equal([
                {
                    ok: true,
                    output: JSON.stringify({ echoed: { name: "it's ‘quoted’" } }),
                    exitCode: 0,
                },
                { ok: false, output: "", error: "bad\r\nAt line:1 char:1", exitCode: 1 },
                { ok: true, output: JSON.stringify({ echoed: { n: 3 } }), exitCode: 0 },
            ]);
            expect(double.commandLines).to.deep.equal([powerShellCodec.startCommand]);
            await process.close();
        });

        it("carries string results in the bootstrap's line forms: a small one plain, a large one gzip-compressed; both decode to their JSON string", async () => {
            const process = await transport.spawn(powerShellCodec.startCommand);
            let stdout = "";
            process.onStdout((chunk) => (stdout += chunk.toString("utf8")));
            const response = framedResponses(process);
            const large = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => `n${i}`) });
            const results = [];
            for (const [id, text] of [
                ["small", "Ethernet 2"],
                ["large", large],
            ]) {
                await process.write(
                    powerShellCodec.encodeRequest(id, "return [string]$Params.text", { text }),
                );
                results.push(await response(id));
            }
            expect(results).to.deep.equal([
                { ok: true, output: '"Ethernet 2"', exitCode: 0 },
                { ok: true, output: JSON.stringify(large), exitCode: 0 },
            ]);
            const forms = stdout
                .split("\r\n")
                .filter(Boolean)
                .map((line) => line.split(" ").slice(1, -1).join(" "));
            expect(forms).to.deep.equal(["small", "large gzip"]);
            await process.close();
        });

        it("carries requests in the codec's line forms over Send: a small one plain, a large one gzip-compressed; the emulated bootstrap reads both", async () => {
            const process = await transport.spawn(powerShellCodec.startCommand);
            const response = framedResponses(process);
            const large = 'réseau-网络-🚀 "quoted" C:\\dir\\ '.repeat(60);
            const requests = [
                { id: "small", script: "return [string]$Params.text", params: { text: "x" } },
                { id: "large", script: "return [string]$Params.text", params: { text: large } },
            ];
            const lines = requests.map((r) =>
                powerShellCodec.encodeRequest(r.id, r.script, r.params),
            );
            for (const [index, line] of lines.entries()) {
                await process.write(line);
                await response(requests[index].id);
            }
            expect(lines.map(requestLineForm)).to.deep.equal(["plain", "gzip"]);
            expect(double.powershellRequests).to.deep.equal(requests);
            await process.close();
        });
    });
});

describe("WinRM transport: concurrent commands", function () {
    this.timeout(30000);

    it("a quick command finishes while a slow one's Receive long poll is pending", async () => {
        // A Receive returns only with output: were the quick command queued behind the slow
        // one's poll, it would wait until the test lets the slow one finish, and time out.
        const double = new WsManDouble({
            auth: "ntlm",
            user: USER,
            password: PASSWORD,
            receiveHoldMs: 600_000,
        });
        const port = await double.start();
        const transport = new WinRmTransport(connection(port, {}));
        const signals = await StartSignals.create("l2s-winrm-");
        try {
            const release = signals.newPipe();
            const finished: string[] = [];
            const polling = double.arrival("Receive");
            const slow = transport
                .run('read -r release; read -r line <"$release"; echo slow', {
                    stdin: `${release}\n`,
                })
                .then((result) => finished.push(result.stdout.trim()));
            await polling;
            await transport.run("echo quick").then((result) => finished.push(result.stdout.trim()));
            expect(finished).to.deep.equal(["quick"]);
            await StartSignals.release(release);
            await slow;
            expect(finished).to.deep.equal(["quick", "slow"]);
        } finally {
            await transport.close();
            await double.stop();
            await signals.remove();
        }
    });
});

describe("WinRM transport: a lost NTLM context", function () {
    this.timeout(30000);

    it("is re-established on a new connection when the listener answers 401 to an authenticated one", async () => {
        const double = new WsManDouble({ auth: "ntlm", user: USER, password: PASSWORD });
        const port = await double.start();
        const transport = new WinRmTransport(connection(port, {}));
        try {
            await transport.run("true");
            double.forgetAuthentications();
            const result = await transport.run("echo after");
            expect(result.stdout).to.equal("after\n");
            const refused = double.exchanges.filter(
                (exchange) => exchange.status === 401 && exchange.action === "",
            );
            expect(
                refused.length,
                "one 401 for the lost context, one for each challenge",
            ).to.be.at.least(3);
        } finally {
            await transport.close();
            await double.stop();
        }
    });
});

describe("WinRM transport: replies are matched to requests", function () {
    this.timeout(30000);

    it("a reply whose RelatesTo names another message is refused", async () => {
        const double = new WsManDouble({
            auth: "ntlm",
            user: USER,
            password: PASSWORD,
            wrongRelatesTo: true,
        });
        const port = await double.start();
        const transport = new WinRmTransport(connection(port, {}));
        try {
            const error = await transport.run("true").catch((caught: Error) => caught);
            expect((error as Error).message).to.match(
                /answered message uuid:\S+ instead of uuid:\S+: the connection is out of step/,
            );
        } finally {
            await transport.close();
            await double.stop();
        }
    });
});

describe("WinRM transport: connecting", function () {
    this.timeout(30000);

    /** A loopback port with nothing listening on it (yet). */
    async function freePort(): Promise<number> {
        const server = net.createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const port = (server.address() as net.AddressInfo).port;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        return port;
    }

    it("retries a refused connect after a backoff delay, and reaches the listener that came up meanwhile", async () => {
        const port = await freePort();
        const double = new WsManDouble({ auth: "ntlm", user: USER, password: PASSWORD });
        const clock = new FakeClock();
        const transport = new WinRmTransport(
            connection(port, {}, { timeouts: { connectSeconds: 20 } }),
            { clock, random: () => 0.5 },
        );
        const backoff = clock.nextTimer();
        const result = transport.run("echo up");
        try {
            expect(await backoff, "delay after the refused first attempt").to.equal(250);
            await double.start(port);
            clock.advance(250);
            expect((await result).stdout).to.equal("up\n");
        } finally {
            await result.catch(() => undefined);
            await transport.close();
            await double.stop();
        }
    });

    it("gives up before a backoff delay would pass the connect budget, saying how many attempts it made", async () => {
        // Delays with jitter 0.5: 250, 500, 1000, then 2000 would end past the 2 s budget.
        const port = await freePort();
        const clock = new FakeClock({ autoAdvance: true });
        const transport = new WinRmTransport(
            connection(port, {}, { timeouts: { connectSeconds: 2 } }),
            { clock, random: () => 0.5 },
        );
        const error = await transport.run("true").catch((caught: Error) => caught);
        expect((error as Error).message).to.match(
            /cannot connect to WinRM listener 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\(after 4 attempt\(s\) within timeouts\.connectSeconds\)/,
        );
        expect(clock.delaysSet).to.deep.equal([250, 500, 1000]);
        await transport.close();
    });
});
