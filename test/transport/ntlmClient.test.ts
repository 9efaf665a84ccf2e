import { expect } from "chai";
import type { AvPair } from "../../provider/transport/ntlm/avPairs";
import {
    AV_FLAG_MIC_PRESENT,
    AvId,
    findAvPair,
    parseAvPairs,
    serializeAvPairs,
} from "../../provider/transport/ntlm/avPairs";
import type { NtlmEntropy } from "../../provider/transport/ntlm/client";
import { NtlmClient, splitUser } from "../../provider/transport/ntlm/client";
import { CLIENT_FLAGS, hasFlag, NegotiateFlags } from "../../provider/transport/ntlm/flags";
import {
    decodeAuthenticate,
    encodeChallenge,
    MIC_OFFSET,
    messageType,
} from "../../provider/transport/ntlm/messages";
import { hmacMd5, ntowfv2 } from "../../provider/transport/ntlm/ntlmv2";
import { rc4 } from "../../provider/transport/ntlm/rc4";
import { NtlmSessionSecurity } from "../../provider/transport/ntlm/sessionSecurity";

const SERVER_CHALLENGE = Buffer.from("0123456789abcdef", "hex");
const EXPORTED_KEY = Buffer.alloc(16, 0x55);
const FIXED: NtlmEntropy = {
    clientChallenge: () => Buffer.alloc(8, 0xaa),
    exportedSessionKey: () => Buffer.from(EXPORTED_KEY),
    now: () => Buffer.alloc(8),
};

function challenge(options: { timestamp: boolean; flags?: number }): Buffer {
    const pairs: AvPair[] = [
        { id: AvId.NB_DOMAIN_NAME, value: Buffer.from("Domain", "utf16le") },
        { id: AvId.NB_COMPUTER_NAME, value: Buffer.from("Server", "utf16le") },
    ];
    if (options.timestamp)
        pairs.push({ id: AvId.TIMESTAMP, value: Buffer.from("0090d336b734c301", "hex") });
    return encodeChallenge({
        flags: options.flags ?? (CLIENT_FLAGS | NegotiateFlags.TARGET_INFO) >>> 0,
        serverChallenge: SERVER_CHALLENGE,
        targetName: Buffer.from("Server", "utf16le"),
        targetInfo: serializeAvPairs(pairs),
    });
}

describe("NTLM client exchange", () => {
    it("NEGOTIATE is type 1 and asks for NTLMv2 sealing with 128-bit keys and key exchange", () => {
        const negotiate = new NtlmClient({ user: "User", password: "Password" }, FIXED).negotiate();
        const flags = negotiate.readUInt32LE(12);
        expect(messageType(negotiate)).to.equal(1);
        for (const flag of [
            "EXTENDED_SESSIONSECURITY",
            "SEAL",
            "SIGN",
            "KEY_128",
            "KEY_EXCH",
            "UNICODE",
            "NTLM",
        ] as const) {
            expect(hasFlag(flags, NegotiateFlags[flag]), flag).to.equal(true);
        }
    });

    describe("AUTHENTICATE answering a challenge with a server timestamp", () => {
        const client = new NtlmClient({ user: "Domain\\User", password: "Password" }, FIXED);
        const negotiate = client.negotiate();
        const challengeToken = challenge({ timestamp: true });
        const binding = Buffer.alloc(16, 0x3c);
        const result = client.authenticate(challengeToken, binding);
        const message = decodeAuthenticate(result.token);
        const temp = message.ntChallengeResponse.subarray(16);
        const pairs = parseAvPairs(temp.subarray(28));

        it("names user and domain from DOMAIN\\user", () => {
            expect([message.domain, message.user]).to.deep.equal(["Domain", "User"]);
        });

        it("sends 24 zero bytes as LM response (MS-NLMP 3.1.5.1.2)", () => {
            expect(message.lmChallengeResponse.toString("hex")).to.equal("00".repeat(24));
        });

        it("the NT proof verifies with the password's NTOWFv2 over the server challenge", () => {
            const key = ntowfv2("Password", "User", "Domain");
            expect(hmacMd5(key, SERVER_CHALLENGE, temp).toString("hex")).to.equal(
                message.ntChallengeResponse.subarray(0, 16).toString("hex"),
            );
        });

        it("echoes the server timestamp, and marks the MIC as present in MsvAvFlags", () => {
            expect(temp.subarray(8, 16).toString("hex")).to.equal("0090d336b734c301");
            expect(findAvPair(pairs, AvId.FLAGS)!.readUInt32LE(0)).to.equal(AV_FLAG_MIC_PRESENT);
        });

        it("carries the channel binding hash", () => {
            expect(findAvPair(pairs, AvId.CHANNEL_BINDINGS)!.toString("hex")).to.equal(
                binding.toString("hex"),
            );
        });

        it("the encrypted session key decrypts to the exported key under the session base key", () => {
            const key = ntowfv2("Password", "User", "Domain");
            const sessionBaseKey = hmacMd5(key, message.ntChallengeResponse.subarray(0, 16));
            expect(rc4(sessionBaseKey, message.encryptedRandomSessionKey).toString("hex")).to.equal(
                EXPORTED_KEY.toString("hex"),
            );
        });

        it("the MIC is HMAC-MD5 of the three messages with the MIC field zeroed", () => {
            const zeroed = Buffer.from(result.token);
            Buffer.alloc(16).copy(zeroed, MIC_OFFSET);
            expect(message.mic.toString("hex")).to.equal(
                hmacMd5(EXPORTED_KEY, negotiate, challengeToken, zeroed).toString("hex"),
            );
        });

        it("its session security talks to a server holding the same exported key", () => {
            const server = new NtlmSessionSecurity(EXPORTED_KEY, result.flags, "server");
            expect(server.unseal(result.security.seal(Buffer.from("ping"))).toString()).to.equal(
                "ping",
            );
        });
    });

    it("without a server timestamp it sends an LMv2 response and no MIC", () => {
        const client = new NtlmClient({ user: "User", password: "Password" }, FIXED);
        const message = decodeAuthenticate(
            client.authenticate(challenge({ timestamp: false })).token,
        );
        expect(message.lmChallengeResponse.subarray(16).toString("hex")).to.equal("aa".repeat(8));
        expect(message.lmChallengeResponse.subarray(0, 16).toString("hex")).to.not.equal(
            "00".repeat(16),
        );
        expect(message.mic.toString("hex")).to.equal("00".repeat(16));
    });

    it("refuses a server that does not offer extended session security (no NTLMv1 fallback)", () => {
        const client = new NtlmClient({ user: "User", password: "Password" }, FIXED);
        const weak = challenge({
            timestamp: false,
            flags: (CLIENT_FLAGS & ~NegotiateFlags.EXTENDED_SESSIONSECURITY) >>> 0,
        });
        expect(() => client.authenticate(weak)).to.throw(/only NTLMv2 is supported/);
    });

    it("refuses a token that is not NTLMSSP", () => {
        const client = new NtlmClient({ user: "User", password: "Password" }, FIXED);
        expect(() => client.authenticate(Buffer.from("not an ntlm token"))).to.throw(
            /NTLMSSP signature/,
        );
    });

    const users: [string, { domain: string; user: string }][] = [
        ["User", { domain: "", user: "User" }],
        ["CORP\\deploy", { domain: "CORP", user: "deploy" }],
        ["deploy@corp.example", { domain: "", user: "deploy@corp.example" }],
    ];
    for (const [input, expected] of users) {
        it(`splits ${JSON.stringify(input)} into ${JSON.stringify(expected)}`, () => {
            expect(splitUser(input)).to.deep.equal(expected);
        });
    }
});
