import { expect } from "chai";
import { HostConnection } from "../../sdk/hostConnection";
import { WinRmConfigurationError } from "../../provider/transport/winrm/errors";
import {
    normalizeThumbprint,
    resolveWinRmSettings,
    validateWinRmConnection,
} from "../../provider/transport/winrm/settings";
import { WinRmTransport } from "../../provider/transport/winrm/winrmTransport";

const BASE: HostConnection = {
    host: "win1.corp.example",
    user: "CORP\\deploy",
    password: "secret-value",
    os: "windows",
    transport: "winrm",
};

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("WinRM connection validation", () => {
    const rejected: { name: string; connection: HostConnection; problem: RegExp }[] = [
        {
            name: "Basic over plain HTTP",
            connection: { ...BASE, winrm: { auth: "basic" } },
            problem:
                /connection\.winrm\.auth is "basic" with https false: .*set winrm\.https true or use auth "ntlm"/,
        },
        {
            name: "a Linux host",
            connection: { ...BASE, os: "linux" },
            problem: /connection\.os is "linux" .*use transport "ssh"/,
        },
        {
            name: "no password",
            connection: { ...BASE, password: undefined },
            problem: /connection\.password is missing/,
        },
        {
            name: "a private key",
            connection: { ...BASE, privateKey: "KEY" },
            problem: /connection\.privateKey is set but WinRM cannot use keys/,
        },
        {
            name: "a thumbprint of the wrong length",
            connection: { ...BASE, winrm: { https: true, certThumbprint: "AB:CD" } },
            problem: /certThumbprint "AB:CD" is not 40 \(SHA-1\) or 64 \(SHA-256\) hex digits/,
        },
        {
            name: "a pin without HTTPS",
            connection: { ...BASE, winrm: { certThumbprint: "A".repeat(64) } },
            problem: /only apply to HTTPS; set winrm\.https true/,
        },
        {
            name: "a CA that is not PEM",
            connection: { ...BASE, winrm: { https: true, caCert: "not a cert" } },
            problem: /caCert is not a PEM certificate/,
        },
        {
            name: "port 0",
            connection: { ...BASE, winrm: { port: 0 } },
            problem: /connection\.winrm\.port is 0: use an integer from 1 to 65535/,
        },
        {
            name: "an envelope size below the 8 KiB minimum",
            connection: { ...BASE, winrm: { maxEnvelopeSize: 1000 } },
            problem: /maxEnvelopeSize is 1000: .*at least 8192/,
        },
        {
            name: "an empty host",
            connection: { ...BASE, host: "" },
            problem: /connection\.host is empty/,
        },
    ];
    for (const row of rejected) {
        it(`refuses ${row.name}, naming the field, the value and the fix`, () => {
            const problems = validateWinRmConnection(row.connection);
            expect(
                problems.some((problem) => row.problem.test(problem)),
                problems.join("\n"),
            ).to.equal(true);
        });
    }

    const accepted: { name: string; connection: HostConnection }[] = [
        { name: "the stock default (HTTP, NTLM)", connection: BASE },
        {
            name: "HTTPS with Basic",
            connection: { ...BASE, winrm: { https: true, auth: "basic" } },
        },
        {
            name: "HTTPS with a CA and a SHA-1 pin with colons",
            connection: {
                ...BASE,
                winrm: { https: true, caCert: PEM, certThumbprint: "ab:".repeat(19) + "ab" },
            },
        },
    ];
    for (const row of accepted) {
        it(`accepts ${row.name}`, () => {
            expect(validateWinRmConnection(row.connection)).to.deep.equal([]);
        });
    }

    it("reports every problem at once", () => {
        const problems = validateWinRmConnection({
            ...BASE,
            os: "linux",
            password: undefined,
            winrm: { auth: "basic" },
        });
        expect(problems).to.have.length(3);
    });

    it("the transport refuses an invalid connection before any traffic, without the password in the message", () => {
        const create = () => new WinRmTransport({ ...BASE, winrm: { auth: "basic" } });
        expect(create).to.throw(WinRmConfigurationError, /Basic over plain HTTP/);
        try {
            create();
        } catch (error) {
            expect((error as Error).message).to.not.contain("secret-value");
        }
    });
});

describe("WinRM settings defaults", () => {
    const rows: { name: string; connection: HostConnection; expected: Record<string, unknown> }[] =
        [
            {
                name: "HTTP defaults to port 5985, NTLM and 150 KiB envelopes",
                connection: BASE,
                expected: {
                    port: 5985,
                    https: false,
                    auth: "ntlm",
                    maxEnvelopeSize: 153600,
                    endpoint: "http://win1.corp.example:5985/wsman",
                },
            },
            {
                name: "HTTPS defaults to port 5986",
                connection: { ...BASE, winrm: { https: true } },
                expected: {
                    port: 5986,
                    https: true,
                    endpoint: "https://win1.corp.example:5986/wsman",
                },
            },
            {
                name: "winrm.port wins over connection.port",
                connection: { ...BASE, port: 22, winrm: { port: 15985 } },
                expected: { port: 15985 },
            },
            {
                name: "timeouts are converted to milliseconds",
                connection: { ...BASE, timeouts: { connectSeconds: 5, commandSeconds: 60 } },
                expected: { connectTimeoutMs: 5000, commandTimeoutMs: 60000 },
            },
            {
                name: "an IPv6 host is bracketed in the endpoint",
                connection: { ...BASE, host: "fd00::5" },
                expected: { endpoint: "http://[fd00::5]:5985/wsman" },
            },
        ];
    for (const row of rows) {
        it(row.name, () => {
            expect(resolveWinRmSettings(row.connection)).to.include(row.expected);
        });
    }

    it("normalises thumbprints to upper-case hex without separators", () => {
        expect(normalizeThumbprint("ab:cd ef")).to.equal("ABCDEF");
    });
});
