/**
 * Drivers for lab hosts, with the sessions they use so tests can count invocations.
 */
import { LinuxDriver } from "../../provider/drivers/linux/linuxDriver";
import { HostTopology } from "../../lab/topology";
import { NetnsSession } from "./netnsSession";

/** One driver per lab host over a local namespace session. */
export class LabDrivers {
    private readonly sessions = new Map<number, NetnsSession>();

    /** The driver of `host` (one session per host, reused). */
    driverOf = (host: HostTopology): LinuxDriver => {
        let session = this.sessions.get(host.host.index);
        if (!session) {
            session = new NetnsSession(host.host.namespace);
            this.sessions.set(host.host.index, session);
        }
        return new LinuxDriver(session, { host: host.host.address, user: "root", os: "linux" });
    };

    /** Invocations per host so far. */
    invocations(): Map<number, number> {
        return new Map([...this.sessions].map(([index, session]) => [index, session.invocations]));
    }
}
