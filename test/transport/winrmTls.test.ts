import { expect } from "chai";
import type { WinRmOptions } from "../../sdk/hostConnection";
import { WinRmTlsError } from "../../provider/transport/winrm/errors";
import { WinRmTransport } from "../../provider/transport/winrm/winrmTransport";
import type { TestCertificates } from "../support/wsmanDouble";
import {
    generateTestCertificates,
    removeTestCertificates,
    WsManDouble,
} from "../support/wsmanDouble";

const USER = "Administrator";
const PASSWORD = "tls-test-password";

/** A thumbprint that is well-formed but belongs to no certificate here. */
const STRANGER_SHA256 = "AB".repeat(32);

describe("WinRM over HTTPS: trust and pinning", function () {
    this.timeout(30000);
    let certificates: TestCertificates;
    let double: WsManDouble;
    let port: number;

    before(async () => {
        certificates = generateTestCertificates();
        double = new WsManDouble({
            auth: "basic",
            user: USER,
            password: PASSWORD,
            tls: { key: certificates.serverKey, cert: certificates.serverCert },
        });
        port = await double.start();
    });

    after(async () => {
        await double?.stop();
        removeTestCertificates(certificates);
    });

    const cases: {
        name: string;
        winrm: (c: TestCertificates) => WinRmOptions;
        accepted: boolean;
        error?: RegExp;
    }[] = [
        {
            name: "the CA that signed the certificate is accepted",
            winrm: (c) => ({ caCert: c.caCert }),
            accepted: true,
        },
        {
            name: "another CA is refused although the certificate is otherwise valid",
            winrm: (c) => ({ caCert: c.otherCaCert }),
            accepted: false,
            error: /certificate was refused .*set connection\.winrm\.caCert/,
        },
        {
            name: "no CA and no pin: an unknown issuer is refused (the system CAs do not know it)",
            winrm: () => ({}),
            accepted: false,
            error: /certificate was refused/,
        },
        {
            name: "the right SHA-256 thumbprint (as openssl prints it) is accepted without any CA",
            winrm: (c) => ({ certThumbprint: c.sha256 }),
            accepted: true,
        },
        {
            name: "the right SHA-1 thumbprint, lower case without colons (as Windows shows it), is accepted",
            winrm: (c) => ({ certThumbprint: c.sha1.replace(/:/g, "").toLowerCase() }),
            accepted: true,
        },
        {
            name: "a wrong thumbprint is refused, naming the pinned and the seen thumbprint",
            winrm: () => ({ certThumbprint: STRANGER_SHA256 }),
            accepted: false,
            error: new RegExp(
                `thumbprint [0-9A-F]{64}, but connection\\.winrm\\.certThumbprint pins ${STRANGER_SHA256}`,
            ),
        },
        {
            name: "a wrong thumbprint is refused even when the CA validates the chain",
            winrm: (c) => ({ caCert: c.caCert, certThumbprint: STRANGER_SHA256 }),
            accepted: false,
            error: /pins ABAB/,
        },
        {
            name: "the right thumbprint together with the right CA is accepted",
            winrm: (c) => ({ caCert: c.caCert, certThumbprint: c.sha256 }),
            accepted: true,
        },
    ];

    for (const row of cases) {
        it(row.name, async () => {
            const before = double.exchanges.length;
            const transport = new WinRmTransport({
                host: "127.0.0.1",
                user: USER,
                password: PASSWORD,
                os: "windows",
                transport: "winrm",
                winrm: { https: true, auth: "basic", port, ...row.winrm(certificates) },
            });
            try {
                const outcome = await transport.run("echo trusted").then(
                    (result) => result.stdout,
                    (error: Error) => error,
                );
                if (row.accepted) {
                    expect(outcome).to.equal("trusted\n");
                } else {
                    expect(outcome).to.be.instanceOf(WinRmTlsError);
                    expect((outcome as Error).message).to.match(row.error!);
                    expect(
                        double.exchanges.length,
                        "no request (and no credential) reached the listener",
                    ).to.equal(before);
                }
            } finally {
                await transport.close();
            }
        });
    }
});
