import { expect } from "chai";
import type { HostConnection } from "../../sdk/hostConnection";
import { WinRmConfigurationError } from "../../provider/transport/winrm/errors";
import { connectionProblems } from "../../provider/validate/connection";
import { normalizeThumbprint, resolveWinRmSettings } from "../../provider/transport/winrm/settings";
import { WinRmTransport } from "../../provider/transport/winrm/winrmTransport";

const BASE: HostConnection = {
    host: "win1.corp.example",
    user: "CORP\\deploy",
    password: "secret-value",
    os: "windows",
    transport: "winrm",
};

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("WinRM connection validation (the shared connection validator)", () => {
    const rejected: { name: string; connection: HostConnection; problem: string }[] = [
        {
            name: "Basic over plain HTTP",
            connection: { ...BASE, winrm: { auth: "basic" } },
            problem:
                'connection.winrm.auth: basic is refused without HTTPS: the password would travel readable; set connection.winrm.https to true, or use "ntlm"',
        },
        {
            name: "a Linux host",
            connection: { ...BASE, os: "linux" },
            problem:
                'connection.transport: winrm is only for Windows hosts; use "ssh" for os "linux"',
        },
        {
            name: "no password",
            connection: { ...BASE, password: undefined },
            problem:
                "connection.password: is required when connection.privateKey is unset; set exactly one of them",
        },
        {
            name: "a private key",
            connection: { ...BASE, privateKey: "KEY" },
            problem:
                'connection.privateKey: is set but transport is "winrm"; use password for WinRM, or transport "ssh"',
        },
        {
            name: "a thumbprint of the wrong length",
            connection: { ...BASE, winrm: { https: true, certThumbprint: "AB:CD" } },
            problem:
                "connection.winrm.certThumbprint: AB:CD is not a certificate thumbprint; use 40 (SHA-1) or 64 (SHA-256) hex digits",
        },
        {
            name: "a pin without HTTPS",
            connection: { ...BASE, winrm: { certThumbprint: "A".repeat(64) } },
            problem: `connection.winrm.certThumbprint: ${"A".repeat(64)} pins a TLS certificate, but the connection does not use HTTPS; set connection.winrm.https to true, or remove the pin`,
        },
        {
            name: "a CA that is not PEM",
            connection: { ...BASE, winrm: { https: true, caCert: "not a cert" } },
            problem:
                "connection.winrm.caCert: is not a PEM certificate; paste the CA certificate including its -----BEGIN CERTIFICATE----- line",
        },
        {
            name: "port 0",
            connection: { ...BASE, winrm: { port: 0 } },
            problem:
                "connection.winrm.port: 0 is out of range 1..65535; use a value in that range such as 5986",
        },
        {
            name: "an envelope size below the 8 KiB minimum",
            connection: { ...BASE, winrm: { maxEnvelopeSize: 1000 } },
            problem:
                "connection.winrm.maxEnvelopeSize: 1000 is out of range 8192..104857600; use a value in that range such as 153600",
        },
        {
            name: "an empty host",
            connection: { ...BASE, host: "" },
            problem:
                'connection.host: "" is not a host name or IP address; use a name such as host1.corp.example or an address such as 10.0.0.4',
        },
    ];
    for (const row of rejected) {
        it(`refuses ${row.name}, naming the field, the value and the fix`, () => {
            expect(connectionProblems(row.connection)).to.include(row.problem);
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
        {
            name: "HTTPS with a SHA-256 pin written with spaces, as certlm shows it",
            connection: {
                ...BASE,
                winrm: { https: true, certThumbprint: "ab ".repeat(31) + "ab" },
            },
        },
    ];
    for (const row of accepted) {
        it(`accepts ${row.name}`, () => {
            expect(connectionProblems(row.connection)).to.deep.equal([]);
        });
    }

    it("reports every problem at once", () => {
        const problems = connectionProblems({
            ...BASE,
            os: "linux",
            password: undefined,
            winrm: { auth: "basic" },
        });
        expect(problems).to.have.length(3);
    });

    it("the transport refuses an invalid connection before any traffic, without the password in the message", () => {
        const create = () => new WinRmTransport({ ...BASE, winrm: { auth: "basic" } });
        expect(create).to.throw(WinRmConfigurationError, /basic is refused without HTTPS/);
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
