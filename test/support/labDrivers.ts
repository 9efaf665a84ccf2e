/**
 * Drivers for lab hosts, over SSH (the pooled session of each host, as the providers get it) or
 * over a local namespace session, with invocation counts per host.
 */
import { LinuxDriver } from "../../provider/drivers/linux/linuxDriver";
import type { HostTopology } from "../../lab/topology";
import type { Lab } from "../../lab/lab";
import { sessionFor } from "../../provider/transport/pool";
import { NetnsSession } from "./netnsSession";
import { CountingSession } from "../../lab/countingSession";

/** One driver per lab host; `transport` picks SSH (the default when the lab runs sshd) or local. */
export class LabDrivers {
    private readonly sessions = new Map<number, CountingSession>();

    constructor(
        private readonly lab: Lab,
        readonly transport: "ssh" | "local" = lab.plan.ssh ? "ssh" : "local",
    ) {}

    /** The driver of `host` (one session per host, reused). */
    driverOf = (host: HostTopology): LinuxDriver => {
        const index = host.host.index;
        let session = this.sessions.get(index);
        if (!session) {
            session = new CountingSession(
                this.transport === "ssh"
                    ? sessionFor(this.lab.connectionOf(index))
                    : new NetnsSession(host.host.namespace),
            );
            this.sessions.set(index, session);
        }
        const connection =
            this.transport === "ssh"
                ? this.lab.connectionOf(index)
                : { host: host.host.address, user: "root", os: "linux" as const };
        return new LinuxDriver(session, connection);
    };

    /** Invocations per host so far. */
    invocations(): Map<number, number> {
        return new Map([...this.sessions].map(([index, session]) => [index, session.invocations]));
    }
}
