/**
 * The kernel changes (links, addresses, routes) made in a lab host's namespace, as `ip monitor`
 * reports them: a measure of how far `pulumi up` has got on that host that needs no clock, so a
 * fault can hit at a chosen point of its progress.
 */
import type { ChildProcess } from "child_process";
import { execFileSync, spawn } from "child_process";
import { createInterface } from "readline";
import { pollUntil } from "../../support/pollUntil";

/**
 * A route toggled until the monitor reports it, to know the monitor listens; never counted. No
 * other test and no lab program uses 10.220.251.0/24.
 */
const markerRoute = "10.220.251.0/24";

/** Counts the changes in one namespace from the moment `watch` resolves. */
export class HostChanges {
    private seen = 0;
    private markerSeen = false;
    private readonly waiters: { count: number; reached: () => void }[] = [];

    private constructor(
        private readonly namespace: string,
        private readonly monitor: ChildProcess,
    ) {
        createInterface({ input: monitor.stdout! }).on("line", (line) => this.onLine(line));
    }

    /** Starts `ip monitor` in `namespace`; resolves once it is known to listen. */
    static async watch(namespace: string): Promise<HostChanges> {
        const monitor = spawn("ip", ["-n", namespace, "monitor", "link", "address", "route"], {
            stdio: ["ignore", "pipe", "ignore"],
        });
        const changes = new HostChanges(namespace, monitor);
        // The monitor gives no sign that it has subscribed: toggle a marker route until it
        // reports one (a bounded poll, since there is no event to wait for).
        const listening = await pollUntil(() => changes.markerSeen || changes.toggleMarker());
        changes.removeMarker();
        if (!listening) {
            changes.stop();
            throw new Error(`ip monitor in ${namespace} reported no change of a marker route`);
        }
        return changes;
    }

    /** Changes seen so far. */
    count(): number {
        return this.seen;
    }

    /** Resolves once `count` changes have been seen. */
    reached(count: number): Promise<void> {
        if (this.seen >= count) {
            return Promise.resolve();
        }
        return new Promise((reached) => this.waiters.push({ count, reached }));
    }

    /** Ends the monitor (by its PID). */
    stop(): void {
        this.monitor.kill();
    }

    private onLine(line: string): void {
        if (line.includes(markerRoute)) {
            this.markerSeen = true;
            return;
        }
        // A change starts at the line's first column; indented lines continue it.
        if (line === "" || /^\s/.test(line)) {
            return;
        }
        this.seen++;
        for (const waiter of this.waiters.filter((w) => w.count <= this.seen)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.reached();
        }
    }

    /** Adds and removes the marker route; false, so a poll goes on until the monitor saw it. */
    private toggleMarker(): boolean {
        execFileSync("ip", ["-n", this.namespace, "route", "replace", "unreachable", markerRoute]);
        this.removeMarker();
        return false;
    }

    private removeMarker(): void {
        try {
            execFileSync("ip", ["-n", this.namespace, "route", "del", "unreachable", markerRoute], {
                stdio: "ignore",
            });
        } catch {
            // Not present.
        }
    }
}
