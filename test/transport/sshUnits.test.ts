import { connectionProblems } from "../../provider/validate/connection";
import { expect } from "chai";
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { utils } from "ssh2";
import { retryDelayMs, defaultBackoff } from "../../provider/transport/ssh/backoff";
import { canonicalFingerprint, sha256Fingerprint } from "../../provider/transport/ssh/fingerprint";
import { proxyCommandArgv } from "../../provider/transport/ssh/proxyCommand";
import { resolveSshSettings } from "../../provider/transport/ssh/sshSettings";
import { limitUntil } from "../../provider/transport/errors";
import type { HostConnection } from "../../sdk/hostConnection";

const base: HostConnection = { host: "10.210.0.2", user: "root", os: "linux", password: "pw" };
const goodPin = "SHA256:" + "A".repeat(43);

describe("SSH fingerprint", () => {
    it("matches ssh-keygen -lf for a generated ed25519 key", () => {
        const dir = mkdtempSync(join(tmpdir(), "l2s-fp-"));
        try {
            execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
            const expected = execFileSync("ssh-keygen", ["-lf", join(dir, "k.pub")])
                .toString()
                .split(" ")[1];
            const parsed = utils.parseKey(readFileSync(join(dir, "k.pub"), "utf8"));
            if (parsed instanceof Error) {
                throw parsed;
            }
            expect(sha256Fingerprint(parsed.getPublicSSH())).to.equal(expected);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    const pins: Array<[string, boolean]> = [
        [goodPin, true],
        [goodPin + "=", true],
        ["SHA256:short", false],
        ["MD5:aa:bb", false],
        ["A".repeat(43), false],
    ];
    for (const [pin, valid] of pins) {
        it(`${valid ? "accepts" : "refuses"} the pin "${pin.slice(0, 20)}…"`, () => {
            const problems = connectionProblems({ ...base, hostKey: pin });
            expect(problems.length === 0).to.equal(valid);
            if (!valid) {
                expect(problems).to.deep.equal([
                    `connection.hostKey: ${pin} is not a SHA-256 host key fingerprint; use the form ssh-keygen -lf prints: SHA256: followed by 43 base64 characters`,
                ]);
            }
        });
    }

    it("drops base64 padding from a pin", () => {
        expect(canonicalFingerprint(goodPin + "=")).to.equal(goodPin);
    });
});

describe("proxyCommandArgv", () => {
    const cases: Array<[string, string[]]> = [
        [
            "ip netns exec l2s-c socat STDIO TCP:%h:%p",
            ["ip", "netns", "exec", "l2s-c", "socat", "STDIO", "TCP:10.210.0.2:2222"],
        ],
        ["ssh -W %h:%p  bastion", ["ssh", "-W", "10.210.0.2:2222", "bastion"]],
        ["nc %h %p 100%%", ["nc", "10.210.0.2", "2222", "100%"]],
    ];
    for (const [template, argv] of cases) {
        it(`splits "${template}" without a shell and fills host and port`, () => {
            expect(proxyCommandArgv(template, "10.210.0.2", 2222)).to.deep.equal(argv);
        });
    }

    it("refuses an empty template, naming the field", () => {
        expect(() => proxyCommandArgv("   ", "h", 22)).to.throw("connection.proxyCommand");
    });
});

describe("retryDelayMs", () => {
    const cases: Array<[number, number, number]> = [
        [1, 0, 125],
        [1, 0.999, 375],
        [2, 0.5, 500],
        [5, 0.5, 4000],
        [9, 0.5, 4000],
        [9, 0, 2000],
    ];
    for (const [attempt, random, expected] of cases) {
        it(`waits ${expected} ms after attempt ${attempt} with jitter draw ${random}`, () => {
            expect(retryDelayMs(defaultBackoff, attempt, () => random)).to.equal(expected);
        });
    }
});

describe("SSH settings (the shared connection validator)", () => {
    const problems: Array<{ name: string; connection: HostConnection; says: string }> = [
        {
            name: "no credentials",
            connection: { ...base, password: undefined },
            says: "connection.password: is required when connection.privateKey is unset; set exactly one of them",
        },
        {
            name: "both credentials",
            connection: { ...base, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" },
            says: "connection.privateKey: is set together with connection.password; set exactly one of them",
        },
        {
            name: "port 0",
            connection: { ...base, port: 0 },
            says: "connection.port: 0 is out of range 1..65535; use a value in that range such as 22",
        },
        {
            name: "port 70000",
            connection: { ...base, port: 70000 },
            says: "connection.port: 70000 is out of range 1..65535; use a value in that range such as 22",
        },
        {
            name: "an empty host",
            connection: { ...base, host: "" },
            says: 'connection.host: "" is not a host name or IP address; use a name such as host1.corp.example or an address such as 10.0.0.4',
        },
        {
            name: "a blank proxy command",
            connection: { ...base, proxyCommand: "  " },
            says: 'connection.proxyCommand: "  " is empty; leave it unset for a direct connection',
        },
        {
            name: "a malformed pin",
            connection: { ...base, hostKey: "abc" },
            says: "connection.hostKey: abc is not a SHA-256 host key fingerprint; use the form ssh-keygen -lf prints: SHA256: followed by 43 base64 characters",
        },
    ];
    for (const testCase of problems) {
        it(`reports ${testCase.name}, and the transport refuses it before connecting`, () => {
            expect(connectionProblems(testCase.connection)).to.deep.equal([testCase.says]);
            expect(() => resolveSshSettings(testCase.connection)).to.throw(testCase.says);
        });
    }
    it("accepts a pin with its base64 padding, as some tools print it", () => {
        expect(connectionProblems({ ...base, hostKey: `${goodPin}=` })).to.deep.equal([]);
    });

    it("fills defaults: port 22, 30 s connect, 300 s command, keepalive 15 s × 4", () => {
        const settings = resolveSshSettings(base);
        expect([
            settings.port,
            settings.connectMs,
            settings.commandMs,
            settings.keepaliveIntervalMs,
            settings.keepaliveCountMax,
        ]).to.deep.equal([22, 30000, 300000, 15000, 4]);
    });

    it("takes timeouts from the connection", () => {
        const settings = resolveSshSettings({
            ...base,
            timeouts: { connectSeconds: 3, commandSeconds: 9 },
        });
        expect([settings.connectMs, settings.commandMs]).to.deep.equal([3000, 9000]);
    });
});

describe("limitUntil (the limit a DeadlineError names)", () => {
    const cases: Array<[number, number]> = [
        [299, 300],
        [4000, 4000],
        [12, 10],
        [-50, 0],
    ];
    for (const [offset, expected] of cases) {
        it(`reads a deadline ${offset} ms ahead as ${expected} ms`, () => {
            const now = 1_700_000_000_000;
            expect(limitUntil(now + offset, now)).to.equal(expected);
        });
    }
});
