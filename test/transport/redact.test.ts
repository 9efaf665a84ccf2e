import { expect } from "chai";
import {
    clearSecrets,
    encodedForms,
    log,
    redact,
    redactionMark,
    registerSecret,
    setLogSink,
} from "../../provider/transport/redact";
import {
    AuthenticationError,
    RemoteScriptError,
    asTransportError,
} from "../../provider/transport/errors";

const secret = "Pa55-w0rd/with+odd?chars&é";

/** Every way the pipeline may carry `value`, each embedded in surrounding text. */
const carriers: Array<{ name: string; text: (value: string) => string }> = [
    { name: "plain", text: (value) => `login with ${value} failed` },
    { name: "base64", text: (value) => Buffer.from(value).toString("base64") },
    {
        name: "base64 at offset 1 inside a longer stream",
        text: (value) => Buffer.from(`x${value}tail`).toString("base64"),
    },
    {
        name: "base64 at offset 2 inside a JSON document",
        text: (value) => Buffer.from(JSON.stringify({ password: value })).toString("base64"),
    },
    { name: "base64url", text: (value) => Buffer.from(value).toString("base64url") },
    {
        name: "UTF-16LE base64 (PowerShell -EncodedCommand)",
        text: (value) => Buffer.from(`$p='${value}'`, "utf16le").toString("base64"),
    },
    { name: "hex", text: (value) => `0x${Buffer.from(value).toString("hex")}` },
    { name: "upper-case hex", text: (value) => Buffer.from(value).toString("hex").toUpperCase() },
    { name: "URL-encoded", text: (value) => `https://h/?p=${encodeURIComponent(value)}` },
    { name: "JSON-escaped", text: (value) => JSON.stringify({ value: `a"${value}` }) },
];

describe("redact", () => {
    beforeEach(() => {
        clearSecrets();
        registerSecret(secret);
    });
    after(() => clearSecrets());

    for (const carrier of carriers) {
        it(`scrubs the secret carried ${carrier.name}`, () => {
            const text = carrier.text(secret);
            expect(text).to.not.equal(redact(text));
            expect(redact(text)).to.contain(redactionMark);
            for (const form of [secret, ...encodedForms(secret)]) {
                expect(redact(text)).to.not.contain(form);
            }
        });
    }

    it("leaves text without secrets unchanged", () => {
        expect(redact("nothing to hide here: 10.210.0.1")).to.equal(
            "nothing to hide here: 10.210.0.1",
        );
    });

    it("scrubs a fragment of a registered private key line by line", () => {
        const key = [
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
            "QyNTUxOQAAACDn0Z2ZtV6WlA9pL5Q6bEw1b0cOq3x3c8lJmJgqJk0QwAAAAJhQe2mPUHtp",
            "-----END OPENSSH PRIVATE KEY-----",
        ].join("\n");
        registerSecret(key);
        expect(
            redact(
                "parse error near QyNTUxOQAAACDn0Z2ZtV6WlA9pL5Q6bEw1b0cOq3x3c8lJmJgqJk0QwAAAAJhQe2mPUHtp",
            ),
        ).to.equal(`parse error near ${redactionMark}`);
    });

    it("ignores empty and undefined secrets", () => {
        registerSecret("");
        registerSecret(undefined);
        expect(redact("abc")).to.equal("abc");
    });

    it("sends log lines through the redactor", () => {
        const lines: string[] = [];
        const restore = setLogSink((_level, line) => lines.push(line));
        try {
            log("warning", `token ${secret} and ${Buffer.from(secret).toString("base64")}`);
        } finally {
            restore();
        }
        expect(lines).to.deep.equal([`token ${redactionMark} and ${redactionMark}`]);
    });

    const errors: Array<{ name: string; build: () => Error }> = [
        {
            name: "AuthenticationError",
            build: () => new AuthenticationError("h", "u", `bad ${secret}`),
        },
        {
            name: "RemoteScriptError (message, stderr and stdout)",
            build: () =>
                new RemoteScriptError("h", 1, `err ${secret}`, Buffer.from(secret).toString("hex")),
        },
        {
            name: "a foreign error wrapped by asTransportError",
            build: () => asTransportError(new Error(secret)),
        },
    ];
    for (const testCase of errors) {
        it(`builds ${testCase.name} already redacted`, () => {
            const error = testCase.build();
            expect(JSON.stringify({ ...error, message: error.message })).to.not.contain(secret);
            expect(error.message).to.contain(redactionMark);
        });
    }
});
