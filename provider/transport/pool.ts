import { HostConnection } from "../../sdk/hostConnection";
import { HostSession } from "./types";

/** The pooled long-lived session of a host (one per host per process). */
export function sessionFor(connection: HostConnection): HostSession {
    throw new Error(`no transport for ${connection.host} yet`);
}
