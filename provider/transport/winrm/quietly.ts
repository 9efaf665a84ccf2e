/** Cleanup of remote shells that may already be gone. */

/** Runs `action`, ignoring its failure (cleanup of a shell that may already be gone). */
export async function quietly(action: () => Promise<unknown>): Promise<void> {
    try {
        await action();
    } catch {
        // The shell or connection is already gone; nothing is left to release.
    }
}
