import { expect } from "chai";
import { registerSecret } from "../../provider/transport/redact";
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import {
    WinRmAuthenticationError,
    WinRmError,
    WinRmFaultError,
} from "../../provider/transport/winrm/errors";
import { WinRmTransport } from "../../provider/transport/winrm/winrmTransport";
import { findFirst, deepText, parseXml } from "../../provider/transport/winrm/xml";
import { WsManDouble } from "../support/wsmanDouble";
import { framedResponses } from "./framedResponses";

const USER = "Administrator";
const PASSWORD = "Logon-Pa55word!";
const SECRET = "hns-api-token-7f3a9c";

/** The forms in which a secret could leak after our re-encodings. */
function secretForms(secret: string): string[] {
    return [
        secret,
        Buffer.from(secret, "utf8").toString("base64").replace(/=+$/, ""),
        Buffer.from(secret, "utf16le").toString("base64").replace(/=+$/, ""),
        Buffer.from(secret, "utf16le").toString("latin1"),
        JSON.stringify(secret).slice(1, -1),
    ];
}

function leaks(haystack: string, secret: string): string[] {
    return secretForms(secret).filter((form) => haystack.includes(form));
}

describe("WinRM over HTTP with NTLM sealing keeps secrets off the wire", function () {
    this.timeout(30000);
    let double: WsManDouble;
    let transport: WinRmTransport;

    before(async () => {
        double = new WsManDouble({ auth: "ntlm", user: USER, password: PASSWORD });
        const port = await double.start();
        transport = new WinRmTransport({
            host: "127.0.0.1",
            user: USER,
            password: PASSWORD,
            os: "windows",
            transport: "winrm",
            winrm: { port },
        });
        const process = await transport.spawn(powerShellCodec.startCommand);
        const response = framedResponses(process);
        await process.write(
            powerShellCodec.encodeRequest("s1", "$Params.token", { token: SECRET }),
        );
        await response("s1");
        await process.close();
        await transport.run("cat >/dev/null", { stdin: `password=${SECRET}\n` });
    });

    after(async () => {
        await transport.close();
        await double.stop();
    });

    it("the double saw the secret inside the sealed SOAP (so the wire checks below can fail)", () => {
        const sends = double.exchanges.filter((exchange) => exchange.action.endsWith("/Send"));
        const stdin = sends
            .map((exchange) =>
                Buffer.from(
                    deepText(findFirst(parseXml(exchange.soap), "Stream")!),
                    "base64",
                ).toString(),
            )
            .join("");
        expect(stdin).to.contain(`password=${SECRET}`);
        expect(double.powershellRequests.map((request) => request.params)).to.deep.include({
            token: SECRET,
        });
    });

    const secrets: [string, string][] = [
        ["the logon password", PASSWORD],
        ["a script parameter", SECRET],
    ];
    for (const [what, secret] of secrets) {
        it(`${what} appears in no request or response body on the wire, in any encoding`, () => {
            const wire = double.exchanges
                .map(
                    (exchange) =>
                        exchange.wireBody.toString("latin1") +
                        exchange.responseWireBody.toString("latin1"),
                )
                .join("\n");
            expect(leaks(wire, secret)).to.deep.equal([]);
        });

        it(`${what} appears in no request header (NTLM tokens carry only proofs)`, () => {
            const headers = double.exchanges
                .map((exchange) => JSON.stringify(exchange.headers))
                .join("\n");
            const decodedTokens = double.exchanges
                .map(
                    (exchange) =>
                        /^Negotiate (.+)$/.exec(exchange.headers.authorization ?? "")?.[1] ?? "",
                )
                .map((token) => Buffer.from(token, "base64").toString("latin1"))
                .join("\n");
            expect(leaks(headers + decodedTokens, secret)).to.deep.equal([]);
        });

        it(`${what} is not on any command line sent to the host`, () => {
            const lines = double.commandLines.join("\n");
            const decoded = double.commandLines
                .map((line) => /-EncodedCommand (\S+)/.exec(line)?.[1] ?? "")
                .map((encoded) => Buffer.from(encoded, "base64").toString("utf16le"))
                .join("\n");
            expect(leaks(lines + decoded, secret)).to.deep.equal([]);
        });
    }

    it("every SOAP request after the handshake travelled sealed", () => {
        const soapRequests = double.exchanges.filter((exchange) => exchange.action);
        expect(soapRequests.length).to.be.above(5);
        expect(
            soapRequests.every((exchange) =>
                /^multipart\/encrypted/.test(String(exchange.headers["content-type"])),
            ),
        ).to.equal(true);
    });
});

describe("WinRM errors pass through the transports' redactor", () => {
    const errors: [string, (text: string) => Error][] = [
        ["WinRmError", (text) => new WinRmError(text)],
        ["WinRmFaultError", (text) => new WinRmFaultError(text, 5, "w:InternalError")],
        ["WinRmAuthenticationError", (text) => new WinRmAuthenticationError("h", "u", text)],
    ];
    for (const [name, build] of errors) {
        it(`${name} scrubs a registered secret and its base64 form from its message`, () => {
            registerSecret(SECRET);
            const message = build(
                `echoed ${SECRET} and ${Buffer.from(SECRET).toString("base64")}`,
            ).message;
            expect(leaks(message, SECRET)).to.deep.equal([]);
            expect(message).to.contain("[REDACTED]");
        });
    }
});
