import { expect } from "chai";
import { withHostLock, heldLockCount } from "../../provider/transport/hostLock";
import {
    closeAll,
    connectionKey,
    pooledHostCount,
    sessionFor,
} from "../../provider/transport/pool";
import type { HostConnection } from "../../sdk/hostConnection";

const host: HostConnection = {
    host: "10.210.0.2",
    user: "root",
    os: "linux",
    password: "first-secret",
};

describe("pool keys", () => {
    afterEach(() => closeAll());

    const sameKey: Array<[string, HostConnection]> = [
        ["another password", { ...host, password: "second-secret" }],
        [
            "a private key instead of a password",
            { ...host, password: undefined, privateKey: "KEY" },
        ],
        ["explicit default port 22", { ...host, port: 22 }],
        ["other timeouts", { ...host, timeouts: { commandSeconds: 5 } }],
    ];
    for (const [name, other] of sameKey) {
        it(`shares one session for the same host with ${name}`, () => {
            expect(sessionFor(other)).to.equal(sessionFor(host));
            expect(pooledHostCount()).to.equal(1);
        });
    }

    const otherKey: Array<[string, HostConnection]> = [
        ["another host", { ...host, host: "10.210.0.3" }],
        ["another port", { ...host, port: 2222 }],
        ["another user", { ...host, user: "admin" }],
        ["another proxy command", { ...host, proxyCommand: "ssh -W %h:%p bastion" }],
        ["another PowerShell", { ...host, os: "windows", powerShell: "pwsh" }],
    ];
    for (const [name, other] of otherKey) {
        it(`keeps a separate session for ${name}`, () => {
            expect(sessionFor(other)).to.not.equal(sessionFor(host));
            expect(pooledHostCount()).to.equal(2);
        });
    }

    it("never puts a secret into the key", () => {
        const key = connectionKey({
            ...host,
            privateKey: "KEY-MATERIAL",
            privateKeyPassphrase: "PHRASE",
        });
        expect(key).to.equal("ssh://root@10.210.0.2:22");
    });

    it("closeAll empties the pool", async () => {
        sessionFor(host);
        await closeAll();
        expect(pooledHostCount()).to.equal(0);
    });

    it("starts no connection until the first request", () => {
        expect(sessionFor(host).hostKeyFingerprint()).to.equal("");
    });
});

describe("pool transports per operating system", () => {
    afterEach(() => closeAll());

    it("gives a Windows host a PowerShell session without connecting", () => {
        const session = sessionFor({
            host: "10.210.0.9",
            user: "Administrator",
            os: "windows",
            transport: "winrm",
            password: "l2s-windows-secret",
        });
        expect(session.os).to.equal("windows");
        expect(connectionKey({ host: "h", user: "u", os: "windows", transport: "winrm" })).to.equal(
            "winrm://u@h:winrm",
        );
    });

    it("refuses WinRM for a Linux host at the first request, naming the fields and the fix", async () => {
        const session = sessionFor({ ...host, transport: "winrm" });
        const error = await session.invoke("true").catch((caught: unknown) => caught);
        expect((error as Error).message)
            .to.contain('connection.transport "winrm"')
            .and.contain('connection.os is "linux"')
            .and.contain('use transport "ssh"');
    });

    it("reports invalid SSH settings at the first request, with every problem", async () => {
        const session = sessionFor({ ...host, password: undefined, port: 0 });
        const error = await session.invoke("true").catch((caught: unknown) => caught);
        expect((error as Error).message)
            .to.contain("connection.port: 0 is out of range 1..65535")
            .and.contain("connection.password: is required when connection.privateKey is unset");
    });
});

/**
 * Resolves once every promise callback already runnable has run: the lock is made of promises
 * alone, so by then every holder allowed to start has started.
 */
const settledCallbacks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("withHostLock", () => {
    /** A promise the test settles: a holder runs until its gate opens. */
    function gate(): { opened: Promise<void>; open: () => void } {
        let open = (): void => undefined;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { opened, open };
    }

    it("runs holders of one key one after another, in arrival order", async () => {
        const events: string[] = [];
        const gates = { one: gate(), two: gate(), three: gate() };
        const holder = (name: keyof typeof gates) =>
            withHostLock("host-a", async () => {
                events.push(`${name} start`);
                await gates[name].opened;
                events.push(`${name} end`);
                return name;
            });
        const all = Promise.all([holder("one"), holder("two"), holder("three")]);
        // Opened last to first: a holder that ran before its turn would end early.
        gates.three.open();
        gates.two.open();
        await settledCallbacks();
        expect(events, "only the first holder runs while it holds the lock").to.deep.equal([
            "one start",
        ]);
        gates.one.open();
        expect(await all).to.deep.equal(["one", "two", "three"]);
        expect(events).to.deep.equal([
            "one start",
            "one end",
            "two start",
            "two end",
            "three start",
            "three end",
        ]);
    });

    it("lets different keys run at the same time", async () => {
        const events: string[] = [];
        const both = gate();
        const held = ["host-a", "host-b"].map((key) =>
            withHostLock(key, async () => {
                events.push(`${key} start`);
                await both.opened;
                events.push(`${key} end`);
            }),
        );
        await settledCallbacks();
        expect(events, "both started before either ended").to.have.members([
            "host-a start",
            "host-b start",
        ]);
        both.open();
        await Promise.all(held);
        expect(events).to.have.length(4);
    });

    it("releases the lock when a holder throws", async () => {
        await withHostLock("host-c", async () => {
            throw new Error("apply failed");
        }).catch(() => undefined);
        expect(await withHostLock("host-c", async () => "next")).to.equal("next");
        expect(heldLockCount()).to.equal(0);
    });
});
