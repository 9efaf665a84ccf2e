/**
 * Teardown after a crash: whatever a dead run left behind with the lab prefix (namespaces, a
 * process inside one, /etc/netns files, driver state) is removed, and nothing of another prefix.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "fs";
import { labUnavailableReason } from "../../lab/preflight";
import { ip } from "../../lab/system";
import { namespacesWithPrefix, teardownLab } from "../../lab/teardown";

describe("lab teardown after a crash", function () {
    this.timeout(20000);
    const prefix = "lbt-td-";

    before(function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    lab suite did not run: ${reason}`);
            this.skip();
        }
    });
    after(() => teardownLab(prefix));

    it("removes namespaces, the processes in them, /etc/netns entries and driver state", async () => {
        await teardownLab(prefix);
        await ip("netns", "add", `${prefix}host1`);
        await ip("netns", "add", `${prefix}c1`);
        const sleeper = spawn(
            "ip",
            ["netns", "exec", `${prefix}host1`, "sh", "-c", "echo inside; exec sleep 30"],
            { stdio: ["ignore", "pipe", "ignore"], detached: false },
        );
        const exited = new Promise((resolve) => sleeper.once("exit", resolve));
        const inside = new Promise((resolve) => sleeper.stdout.once("data", resolve));
        const inode = statSync(`/run/netns/${prefix}host1`).ino;
        mkdirSync(`/run/l2bridge/${inode}`, { recursive: true });
        writeFileSync(`/run/l2bridge/${inode}/hosts-br`, "10.0.0.1 x\n");
        mkdirSync(`/etc/netns/${prefix}c1`, { recursive: true });
        writeFileSync(`/etc/netns/${prefix}c1/resolv.conf`, "nameserver 10.201.1.2\n");
        await inside;

        await teardownLab(prefix);

        expect(await namespacesWithPrefix(prefix)).to.deep.equal([]);
        expect(existsSync(`/etc/netns/${prefix}c1`)).to.equal(false);
        expect(existsSync(`/run/l2bridge/${inode}`)).to.equal(false);
        // Ended by the teardown: left alone, it would outlive this test's timeout.
        await exited;
        expect(sleeper.signalCode, "ended by a signal").to.not.equal(null);
    });

    it("refuses a prefix that is not a lab prefix (it would match far too much)", async () => {
        let message = "";
        await teardownLab("").catch((error: Error) => (message = error.message));
        expect(message).to.match(/refusing to tear down prefix ""/);
    });
});
