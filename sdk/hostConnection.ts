/**
 * How to reach a host: the plain `HostConnection` (defined in the provider's model) and its
 * Pulumi argument form, where every field may be an input.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { HostConnection } from "../provider/model/hostConnection";

export type {
    ConnectionTimeouts,
    HostConnection,
    HostOs,
    PowerShellExecutable,
    TransportKind,
    WinRmOptions,
} from "../provider/model/hostConnection";
export { connectionSecretFields } from "../provider/model/hostConnection";

/** A `HostConnection` whose fields may be Pulumi inputs (for example secrets from config). */
export type HostConnectionArgs = { [K in keyof HostConnection]: pulumi.Input<HostConnection[K]> };
