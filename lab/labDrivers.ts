/**
 * The driver of each lab host over its pooled SSH session, as the providers get it: the Linux
 * driver for a Linux host, the Windows driver (pwsh behind the host's sshd) for an emulated
 * Windows host.
 */
import type { HostDriver } from "../provider/drivers/hostDriver";
import { LinuxDriver } from "../provider/drivers/linux/linuxDriver";
import { WindowsDriver } from "../provider/drivers/windows/windowsDriver";
import { sessionFor } from "../provider/transport/pool";
import type { Lab } from "./lab";
import type { HostTopology } from "./topology";

/** The driver of `host` in `lab`. */
export function labDriverOf(lab: Lab, host: HostTopology): HostDriver {
    const connection = lab.connectionOf(host.host.index);
    const session = sessionFor(connection);
    return host.host.os === "windows"
        ? new WindowsDriver(session, connection)
        : new LinuxDriver(session, connection);
}
