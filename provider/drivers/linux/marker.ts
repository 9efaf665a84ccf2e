/**
 * Ownership markers written into interface aliases (`ip link set … alias`): the package's marker
 * followed by `key=value` words that other resources read back (an endpoint's container, address
 * and subnet; a network's subnet and gateway).
 */

/** A `key=value …` marker (as written into interface aliases) as a map. */
export function parseMarker(alias: string, prefix: string): Map<string, string> | undefined {
    if (!alias.startsWith(`${prefix} `)) {
        return undefined;
    }
    const fields = new Map<string, string>();
    for (const word of alias.slice(prefix.length + 1).split(" ")) {
        const equals = word.indexOf("=");
        if (equals > 0) {
            fields.set(word.slice(0, equals), word.slice(equals + 1));
        }
    }
    return fields;
}

/** A marker text `prefix key=value …` (values must not hold spaces). */
export function formatMarker(prefix: string, fields: Record<string, string>): string {
    return [
        prefix,
        ...Object.entries(fields).map(([key, value]) => {
            if (/\s/.test(value)) {
                throw new Error(
                    `marker field ${key}=${JSON.stringify(value)} must not hold spaces`,
                );
            }
            return `${key}=${value}`;
        }),
    ].join(" ");
}
