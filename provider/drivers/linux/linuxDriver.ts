import { HostConnection } from "../../../sdk/hostConnection";
import { HostSession } from "../../transport/types";
import { ApplyOp, HostDriver, Observation } from "../hostDriver";
import { KindSpecs, ObjectKind } from "../../model/kinds";

/** The linux host driver. */
export class LinuxDriver implements HostDriver {
    readonly os = "linux";
    constructor(
        private readonly session: HostSession,
        private readonly connection: HostConnection,
    ) {}
    async observe<K extends ObjectKind>(
        kind: K,
        _spec: KindSpecs[K],
    ): Promise<Observation<K> | null> {
        throw new Error(`${kind} on ${this.connection.host}: driver not built yet`);
    }
    async apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null> {
        throw new Error(`${op.kind} on ${this.connection.host}: driver not built yet`);
    }
    async hostKeyFingerprint(): Promise<string> {
        return this.session.hostKeyFingerprint();
    }
}
