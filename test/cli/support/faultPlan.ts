/**
 * Seeded fault plans for the CLI fault suite: which SSH fault hits a run, how long after `up`
 * starts, and how long sshd stays down. Pure, so a failing run can be replayed from its seed.
 */

/** What is done to the host's SSH service. */
export type FaultKind = "cut-connections" | "stop-sshd";

/** One planned fault. */
export interface PlannedFault {
    /** 1-based run number. */
    run: number;
    kind: FaultKind;
    /** Delay after `pulumi up` starts, in milliseconds. */
    delayMs: number;
    /** For `stop-sshd`: how long sshd stays stopped, in milliseconds. */
    downMs: number;
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * `runs` faults from `seed`: kinds alternate so both occur equally often, delays are spread
 * over [0, maxDelayMs), sshd stays down 0.5–3 s.
 */
export function planFaults(seed: number, runs: number, maxDelayMs: number): PlannedFault[] {
    const random = seededRandom(seed);
    return Array.from({ length: runs }, (_, offset) => ({
        run: offset + 1,
        kind: offset % 2 === 0 ? "cut-connections" : "stop-sshd",
        delayMs: Math.floor(random() * maxDelayMs),
        downMs: 500 + Math.floor(random() * 2500),
    }));
}
