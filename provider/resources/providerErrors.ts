/**
 * Errors of the provider flow. An error thrown after the object exists carries its `id`, so the
 * engine records a created-but-failed resource instead of losing it.
 */

/** Attach the object's id (and the outputs known so far) to an error. */
export function withObjectId(
    error: unknown,
    id: string,
    properties?: Record<string, unknown>,
): Error & { id: string; properties?: Record<string, unknown> } {
    const base = error instanceof Error ? error : new Error(String(error));
    return Object.assign(base, properties ? { id, properties } : { id });
}

/** The object exists but carries no ownership marker and `adopt` is off. */
export function foreignObjectError(className: string, what: string, host: string): Error {
    return new Error(
        `${className}: ${what} already exists on host ${host} but was not created by pulumi-l2bridge (no ownership marker); set adopt: true to take it over, or choose another name`,
    );
}

/** An object this one needs is missing. */
export function missingDependencyError(
    className: string,
    what: string,
    dependency: string,
    host: string,
): Error {
    return new Error(
        `${className}: ${what} needs ${dependency}, which does not exist on host ${host}; create it first (pass it in dependsOn) or fix the name`,
    );
}
