/**
 * A host session that counts the scripts it runs, so benchmarks and tests can report remote
 * invocations per object.
 */
import type { HostSession } from "../provider/transport/types";

export class CountingSession implements HostSession {
    readonly os = "linux";
    /** Scripts run so far. */
    invocations = 0;
    constructor(private readonly inner: HostSession) {}
    invoke(script: string, params?: Record<string, unknown>): Promise<string> {
        this.invocations += 1;
        return this.inner.invoke(script, params);
    }
    hostKeyFingerprint(): string {
        return this.inner.hostKeyFingerprint();
    }
}
