/**
 * POSIX shell single quoting: the only way user text may appear inside generated sh code. Inside
 * single quotes nothing is special except the quote itself, which is closed, escaped and reopened.
 */

/** `value` as one POSIX sh word that the shell reads back exactly (`it's` → `'it'\''s'`). */
export function shellQuote(value: string): string {
    if (value.includes("\0")) {
        throw new Error(
            `shell value ${JSON.stringify(value)} contains a NUL byte, which no shell word can hold; remove it`,
        );
    }
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
