import { expect } from "chai";
import { NtlmClient } from "../../provider/transport/ntlm/client";
import { tlsServerEndPointBinding } from "../../provider/transport/ntlm/channelBindings";
import { MIC_OFFSET } from "../../provider/transport/ntlm/messages";
import { serverChallengeMessage, verifyAuthenticate } from "../support/wsmanDoubleNtlm";

const CERTIFICATE = Buffer.from("stand-in DER of the listener certificate");

/** One exchange; `tamper` may alter the AUTHENTICATE token before the server sees it. */
function exchange(options: {
    password?: string;
    clientCertificate?: Buffer;
    serverCertificate?: Buffer;
    tamper?: (token: Buffer) => void;
}) {
    const client = new NtlmClient({ user: "Administrator", password: options.password ?? "right" });
    const negotiate = client.negotiate();
    const serverChallenge = Buffer.from("0011223344556677", "hex");
    const challenge = serverChallengeMessage(serverChallenge);
    const binding = options.clientCertificate
        ? tlsServerEndPointBinding(options.clientCertificate)
        : undefined;
    const authentication = client.authenticate(challenge, binding);
    options.tamper?.(authentication.token);
    const server = verifyAuthenticate(authentication.token, {
        user: "Administrator",
        password: "right",
        negotiate,
        challenge,
        serverChallenge,
        serverCertificate: options.serverCertificate,
    });
    return { client: authentication.security, server };
}

describe("the WS-Man double's NTLM server really verifies (so transport tests against it mean something)", () => {
    it("accepts the right password and shares sealing keys with the client", () => {
        const { client, server } = exchange({});
        expect(server!.unseal(client.seal(Buffer.from("hello"))).toString()).to.equal("hello");
    });

    const refused: [string, Parameters<typeof exchange>[0]][] = [
        ["a wrong password", { password: "wrong" }],
        ["a flipped MIC byte", { tamper: (token) => (token[MIC_OFFSET] ^= 1) }],
        ["a missing channel binding over HTTPS", { serverCertificate: CERTIFICATE }],
        [
            "a channel binding for another certificate",
            { clientCertificate: Buffer.from("other"), serverCertificate: CERTIFICATE },
        ],
    ];
    for (const [what, options] of refused) {
        it(`refuses ${what}`, () => {
            expect(exchange(options).server).to.equal(undefined);
        });
    }

    it("accepts the binding of its own certificate", () => {
        expect(
            exchange({ clientCertificate: CERTIFICATE, serverCertificate: CERTIFICATE }).server,
        ).to.not.equal(undefined);
    });
});
