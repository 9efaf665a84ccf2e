import { expect } from "chai";
import { NtlmSessionSecurity } from "../../provider/transport/ntlm/sessionSecurity";
import { decryptMessage, encryptMessage } from "../../provider/transport/winrm/encryption";

const KEY = Buffer.alloc(16, 0x42);
const FLAGS = 0xe2088235;

function pair() {
    return {
        client: new NtlmSessionSecurity(KEY, FLAGS, "client"),
        server: new NtlmSessionSecurity(KEY, FLAGS, "server"),
    };
}

describe("WinRM message encryption framing (MS-WSMV 2.2.9.1)", () => {
    const soap = Buffer.from("<s:Envelope>stdin: c2VjcmV0</s:Envelope>");

    it("frames the sealed body as multipart/encrypted with the original length and a 16-byte signature", () => {
        const body = encryptMessage(pair().client, soap);
        const text = body.toString("latin1");
        expect(
            text.startsWith(
                "--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n",
            ),
        ).to.equal(true);
        expect(text).to.contain(
            `\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${soap.length}\r\n`,
        );
        const start = body.indexOf("\tContent-Type: application/octet-stream\r\n") + 41;
        expect(body.readUInt32LE(start)).to.equal(16);
        expect(text.endsWith("--Encrypted Boundary--\r\n")).to.equal(true);
        expect(text).to.not.contain("c2VjcmV0");
    });

    it("the receiving side unseals it to the original SOAP", () => {
        const { client, server } = pair();
        expect(decryptMessage(server, encryptMessage(client, soap)).toString()).to.equal(
            soap.toString(),
        );
    });

    it("a body cut short is refused with the byte counts", () => {
        const { client, server } = pair();
        const body = encryptMessage(client, soap);
        const cut = body.subarray(0, body.length - "--Encrypted Boundary--\r\n".length - 5);
        expect(() => decryptMessage(server, cut)).to.throw(/truncated: \d+ of \d+ bytes/);
    });

    it("a body sealed under another key fails the signature check", () => {
        const other = new NtlmSessionSecurity(Buffer.alloc(16, 0x43), FLAGS, "client");
        expect(() => decryptMessage(pair().server, encryptMessage(other, soap))).to.throw(
            /signature is invalid/,
        );
    });
});
