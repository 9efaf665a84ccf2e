/**
 * The one polling loop of the tests, for conditions that raise no event Node can wait on (a
 * process that is not our child ending). Bounded by a count of checks; it asserts nothing about
 * time. Where an event exists (a child's exit, a file written, output arrived), wait on it instead.
 */

/** Checks `condition` up to `checks` times, `intervalMs` apart; true once it held. */
export async function pollUntil(
    condition: () => boolean,
    options: { checks?: number; intervalMs?: number } = {},
): Promise<boolean> {
    const checks = options.checks ?? 200;
    for (let check = 1; check < checks; check++) {
        if (condition()) {
            return true;
        }
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
    }
    return condition();
}
