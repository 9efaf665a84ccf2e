/**
 * PowerShell single-quoted string literals, for the rare places where text must appear in code
 * (parameters normally travel as data). PowerShell ends a single-quoted string at `'` and at the
 * typographic quotes U+2018..U+201B alike, so every one of the five is doubled.
 */

const SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;

/** `text` as a PowerShell single-quoted literal that evaluates to exactly `text`. */
export function quotePowerShell(text: string): string {
    return `'${text.replace(SINGLE_QUOTES, (quote) => quote + quote)}'`;
}
