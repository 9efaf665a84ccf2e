import { expect } from "chai";
import { AvId, parseAvPairs, serializeAvPairs } from "../../provider/transport/ntlm/avPairs";
import {
    encryptSessionKey,
    ntHash,
    ntlmv2Responses,
    ntowfv2,
} from "../../provider/transport/ntlm/ntlmv2";
import { NegotiateFlags } from "../../provider/transport/ntlm/flags";
import {
    NtlmSessionSecurity,
    sealingKey,
    signingKey,
} from "../../provider/transport/ntlm/sessionSecurity";

/** MS-NLMP 4.2.1 common values. */
const USER = "User";
const DOMAIN = "Domain";
const PASSWORD = "Password";
const RANDOM_SESSION_KEY = Buffer.alloc(16, 0x55);
const TIME = Buffer.alloc(8);
const CLIENT_CHALLENGE = Buffer.alloc(8, 0xaa);
const SERVER_CHALLENGE = Buffer.from("0123456789abcdef", "hex");
/** MS-NLMP 4.2.4: NTLMv2 flags (0xe28a8233) and TargetInfo (NbDomainName "Domain", NbComputerName "Server"). */
const FLAGS_4_2_4 = 0xe28a8233;
const TARGET_INFO = serializeAvPairs([
    { id: AvId.NB_DOMAIN_NAME, value: Buffer.from("Domain", "utf16le") },
    { id: AvId.NB_COMPUTER_NAME, value: Buffer.from("Server", "utf16le") },
]);

const responses = ntlmv2Responses({
    responseKey: ntowfv2(PASSWORD, USER, DOMAIN),
    serverChallenge: SERVER_CHALLENGE,
    clientChallenge: CLIENT_CHALLENGE,
    timestamp: TIME,
    targetInfo: TARGET_INFO,
});

describe("NTLM against the MS-NLMP section 4.2 test vectors", () => {
    const rows: { value: string; computed: () => Buffer; expected: string }[] = [
        {
            value: "4.2.4 TargetInfo bytes",
            computed: () => TARGET_INFO,
            expected: "02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000",
        },
        {
            value: "NTOWFv1 (NT hash) of 'Password'",
            computed: () => ntHash(PASSWORD),
            expected: "a4f49c406510bdcab6824ee7c30fd852",
        },
        {
            value: "4.2.4.1.1 NTOWFv2",
            computed: () => ntowfv2(PASSWORD, USER, DOMAIN),
            expected: "0c868a403bfd7a93a3001ef22ef02e3f",
        },
        {
            value: "4.2.4.2.1 LMv2 response",
            computed: () => responses.lmChallengeResponse,
            expected: "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa",
        },
        {
            value: "4.2.4.2.2 NTProofStr",
            computed: () => responses.ntProofStr,
            expected: "68cd0ab851e51c96aabc927bebef6a1c",
        },
        {
            value: "4.2.4.2.2 NTLMv2 response (NTProofStr ‖ temp)",
            computed: () => responses.ntChallengeResponse,
            expected:
                "68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000" +
                "aaaaaaaaaaaaaaaa0000000002000c0044006f006d00610069006e0001000c00" +
                "53006500720076006500720000000000" +
                "00000000",
        },
        {
            value: "4.2.4.1.2 SessionBaseKey",
            computed: () => responses.sessionBaseKey,
            expected: "8de40ccadbc14a82f15cb0ad0de95ca3",
        },
        {
            value: "4.2.4.2.3 EncryptedSessionKey (RC4 of the random session key)",
            computed: () => encryptSessionKey(responses.sessionBaseKey, RANDOM_SESSION_KEY),
            expected: "c5dad2544fc9799094ce1ce90bc9d03e",
        },
        {
            value: "4.2.4.4 client signing key",
            computed: () => signingKey(RANDOM_SESSION_KEY, "client"),
            expected: "4788dc861b4782f35d43fd98fe1a2d39",
        },
        {
            value: "4.2.4.4 client sealing key",
            computed: () => sealingKey(RANDOM_SESSION_KEY, FLAGS_4_2_4, "client"),
            expected: "59f600973cc4960a25480a7c196e4c58",
        },
        {
            value: "4.2.4.4 sealed 'Plaintext'",
            computed: () =>
                new NtlmSessionSecurity(RANDOM_SESSION_KEY, FLAGS_4_2_4, "client").seal(
                    Buffer.from("Plaintext", "utf16le"),
                ).sealed,
            expected: "54e50165bf1936dc996020c1811b0f06fb5f",
        },
        {
            value: "4.2.4.4 signature of 'Plaintext' (RC4 checksum, sequence 0)",
            computed: () =>
                new NtlmSessionSecurity(RANDOM_SESSION_KEY, FLAGS_4_2_4, "client").seal(
                    Buffer.from("Plaintext", "utf16le"),
                ).signature,
            expected: "010000007fb38ec5c55d497600000000",
        },
    ];
    for (const row of rows) {
        it(`${row.value} = ${row.expected.slice(0, 32)}${row.expected.length > 32 ? "…" : ""}`, () => {
            expect(row.computed().toString("hex")).to.equal(row.expected);
        });
    }

    it("the user name is upper-cased in NTOWFv2 but the domain is not", () => {
        expect(ntowfv2(PASSWORD, "user", DOMAIN).toString("hex")).to.equal(
            ntowfv2(PASSWORD, "USER", DOMAIN).toString("hex"),
        );
        expect(ntowfv2(PASSWORD, USER, "DOMAIN").toString("hex")).to.not.equal(
            ntowfv2(PASSWORD, USER, DOMAIN).toString("hex"),
        );
    });

    it("parses the TargetInfo back into its two pairs", () => {
        const pairs = parseAvPairs(TARGET_INFO);
        expect(pairs.map((pair) => [pair.id, pair.value.toString("utf16le")])).to.deep.equal([
            [AvId.NB_DOMAIN_NAME, "Domain"],
            [AvId.NB_COMPUTER_NAME, "Server"],
        ]);
    });
});

describe("NTLM session security between a client and a server", () => {
    const flags = FLAGS_4_2_4;

    it("a server unseals what a client sealed, message after message", () => {
        const client = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "client");
        const server = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "server");
        for (const text of ["first", "second message", "third"]) {
            const plaintext = Buffer.from(text);
            expect(server.unseal(client.seal(plaintext)).toString()).to.equal(text);
        }
    });

    it("a client unseals what a server sealed (the other direction has its own keys)", () => {
        const client = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "client");
        const server = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "server");
        const sealed = server.seal(Buffer.from("reply"));
        expect(sealed.sealed.toString("hex")).to.not.equal(
            new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "client")
                .seal(Buffer.from("reply"))
                .sealed.toString("hex"),
        );
        expect(client.unseal(sealed).toString()).to.equal("reply");
    });

    it("a tampered byte makes unsealing fail with a signature error", () => {
        const client = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "client");
        const server = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "server");
        const message = client.seal(Buffer.from("do not alter"));
        message.sealed[0] ^= 1;
        expect(() => server.unseal(message)).to.throw(/signature is invalid/);
    });

    it("a replayed message fails because its sequence number is stale", () => {
        const client = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "client");
        const server = new NtlmSessionSecurity(RANDOM_SESSION_KEY, flags, "server");
        const first = client.seal(Buffer.from("once"));
        server.unseal({
            signature: Buffer.from(first.signature),
            sealed: Buffer.from(first.sealed),
        });
        expect(() => server.unseal(first)).to.throw(/signature is invalid/);
    });

    it("without KEY_128 the sealing key is derived from fewer key bytes", () => {
        const weak = (flags & ~NegotiateFlags.KEY_128) >>> 0;
        expect(sealingKey(RANDOM_SESSION_KEY, weak, "client").toString("hex")).to.not.equal(
            sealingKey(RANDOM_SESSION_KEY, flags, "client").toString("hex"),
        );
    });
});
