/**
 * Seeded fault plans for the CLI fault suite: which SSH fault hits a run, at which point of
 * `pulumi up`'s progress on the faulted host, and how long sshd stays down, measured in changes
 * on the other host. Progress is counted in host changes, never in time. Pure, so a failing run
 * can be replayed from its seed.
 */

/** What is done to the host's SSH service. */
export type FaultKind = "cut-connections" | "stop-sshd";

/** One planned fault. */
export interface PlannedFault {
    /** 1-based run number. */
    run: number;
    kind: FaultKind;
    /**
     * Where in `up` the fault hits, in [0, 1): the share of the kernel changes a clean `up` makes
     * on the faulted host that come first.
     */
    at: number;
    /**
     * For `stop-sshd`: kernel changes on the other host before sshd starts again (0–3); it starts
     * sooner when `up` ends.
     */
    downChanges: number;
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
 * `runs` faults from `seed`: kinds alternate so both occur equally often, fault points are
 * spread over [0, 1) of `up`, sshd stays down for 0–3 changes on the other host.
 */
export function planFaults(seed: number, runs: number): PlannedFault[] {
    const random = seededRandom(seed);
    return Array.from({ length: runs }, (_, offset) => ({
        run: offset + 1,
        kind: offset % 2 === 0 ? "cut-connections" : "stop-sshd",
        at: random(),
        downChanges: Math.floor(random() * 4),
    }));
}
