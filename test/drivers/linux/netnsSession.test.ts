/**
 * The local namespace session keeps the Linux session contract, so what passes through it also
 * holds over SSH: parameters arrive as $P_<name> (strings as-is, other values as JSON), stdout is
 * the result, and a failing script rejects with its stderr.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { NetnsSession } from "../../support/netnsSession";

describe("namespace session (Linux session contract)", function () {
    const namespace = "lbt-sessunit";
    let session: NetnsSession;

    before(function () {
        if (process.getuid?.() !== 0) {
            console.log("    namespace session checks did not run: they need root");
            this.skip();
        }
        try {
            execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
        } catch {
            // not there
        }
        execFileSync("ip", ["netns", "add", namespace]);
        session = new NetnsSession(namespace);
    });
    after(() => {
        try {
            execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
        } catch {
            // already gone
        }
    });

    it("passes a string parameter as-is, quotes and newlines included", async () => {
        const value = "it's $(not) run\nsecond line";
        expect(await session.invoke(`printf '%s' "$P_text"`, { text: value })).to.equal(value);
    });

    it("passes other values JSON-encoded", async () => {
        const output = await session.invoke(`printf '%s|%s' "$P_count" "$P_list"`, {
            count: 3,
            list: ["a", 1],
        });
        expect(output).to.equal('3|["a",1]');
    });

    it("runs inside the namespace (its own loopback only)", async () => {
        const output = await session.invoke("ip -o link show | wc -l");
        expect(output.trim()).to.equal("1");
    });

    it("rejects a failing script with its exit code and stderr", async () => {
        let message = "";
        await session
            .invoke("echo broken >&2; exit 7")
            .catch((error: Error) => (message = error.message));
        expect(message).to.match(/exited 7 .*broken/);
    });

    it("counts invocations", async () => {
        const before = session.invocations;
        await session.invoke("true");
        expect(session.invocations - before).to.equal(1);
    });
});
