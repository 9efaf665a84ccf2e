/**
 * In-process per-host mutex: applies on one host run one after another, so parallel resources never
 * race the host's network stack. Keys are host identities (see `connectionKey`), never secrets.
 */

const tails = new Map<string, Promise<void>>();

/** Runs `fn` once every earlier holder of `key` has finished; returns `fn`'s result. */
export async function withHostLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
        release = resolve;
    });
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    try {
        return await fn();
    } finally {
        release();
        if (tails.get(key) === tail) {
            tails.delete(key);
        }
    }
}

/** Number of keys with a holder or waiters (diagnostics and tests). */
export function heldLockCount(): number {
    return tails.size;
}
