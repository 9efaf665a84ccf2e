/**
 * Ending the processes of a namespace before its files go: `endNamespaceProcesses` returns only
 * once every process inside has exited, so nothing still writes into a directory the caller
 * removes next, and a process that ignores SIGTERM is killed.
 */
import { expect } from "chai";
import { spawn } from "child_process";
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { endNamespaceProcesses, namespacePids } from "../../lab/netns";
import { labUnavailableReason } from "../../lab/preflight";
import { ip } from "../../lab/system";
import { teardownLab } from "../../lab/teardown";

describe("ending the processes of a namespace", function () {
    this.timeout(20000);
    const prefix = "lbt-ep-";
    const namespace = `${prefix}host`;
    let directory = "";

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    lab suite did not run: ${reason}`);
            this.skip();
        }
        await teardownLab(prefix);
        await ip("netns", "add", namespace);
        directory = mkdtempSync(join(tmpdir(), prefix));
    });
    after(async () => {
        await teardownLab(prefix);
        if (directory) rmSync(directory, { recursive: true, force: true });
    });

    /** Starts `script` in sh inside the namespace; resolves once it printed "ready". */
    async function startInside(script: string) {
        const child = spawn("ip", ["netns", "exec", namespace, "sh", "-c", script], {
            stdio: ["ignore", "pipe", "ignore"],
        });
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
            child.once("exit", (_code, signal) => resolve(signal)),
        );
        await new Promise((resolve) => child.stdout.once("data", resolve));
        return { exited };
    }

    it("returns only after a process still writing on SIGTERM has written and exited", async () => {
        const file = join(directory, "written-on-exit");
        const { exited } = await startInside(
            `trap 'sleep 0.4; echo done > ${file}; exit 0' TERM; echo ready; sleep 30 & wait`,
        );

        await endNamespaceProcesses(namespace);

        expect(readFileSync(file, "utf8"), "written before the call returned").to.equal("done\n");
        expect(await namespacePids(namespace)).to.deep.equal([]);
        expect(await exited, "exited of its own accord after SIGTERM").to.equal(null);
    });

    it("kills a process that ignores SIGTERM", async () => {
        const { exited } = await startInside(
            "trap '' TERM; echo ready; while :; do sleep 0.1; done",
        );

        await endNamespaceProcesses(namespace);

        expect(await namespacePids(namespace)).to.deep.equal([]);
        expect(await exited).to.equal("SIGKILL");
    });
});
