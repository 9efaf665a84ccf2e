/** Bounded collection of a command's output. */

/** Accumulates chunks up to `limitBytes`; reports overflow instead of growing without bound. */
export class OutputCollector {
    private readonly chunks: Buffer[] = [];
    private size = 0;

    constructor(private readonly limitBytes: number) {}

    /** Adds a chunk; returns false (and keeps nothing more) once the limit is exceeded. */
    add(chunk: Buffer): boolean {
        if (this.size + chunk.length > this.limitBytes) {
            this.size = this.limitBytes + 1;
            return false;
        }
        this.chunks.push(chunk);
        this.size += chunk.length;
        return true;
    }

    /** True once more than the limit was offered. */
    overflowed(): boolean {
        return this.size > this.limitBytes;
    }

    /** The collected bytes as UTF-8 text. */
    text(): string {
        return Buffer.concat(this.chunks).toString("utf8");
    }
}
