/**
 * The one redactor of the transports. Every secret (passwords, private keys, passphrases) is
 * registered here, and every error message and log line leaving the transports is scrubbed of the
 * secret and of the encodings our pipeline produces from it: base64 (at any alignment inside a longer
 * base64 stream), base64url, hex, UTF-16LE base64, URL encoding and JSON escaping.
 */

/** Replaces a secret in scrubbed text. */
export const redactionMark = "[REDACTED]";

/** Encoded patterns shorter than this are not scrubbed (they would match ordinary text). */
const shortestEncodedPattern = 4;

const patterns = new Set<string>();
let sortedPatterns: string[] = [];

function addPattern(pattern: string, minimumLength: number): void {
    if (pattern.length >= minimumLength && !patterns.has(pattern)) {
        patterns.add(pattern);
        sortedPatterns = [...patterns].sort((a, b) => b.length - a.length);
    }
}

/**
 * The substrings that appear in every base64 text containing `bytes`, whatever the offset of
 * `bytes` within the encoded stream: for each of the three alignments, the characters that depend
 * only on `bytes`.
 */
function base64Fragments(bytes: Buffer, alphabet: "base64" | "base64url"): string[] {
    const fragments: string[] = [];
    for (let offset = 0; offset < 3; offset++) {
        const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
        const encoded = padded.toString(alphabet).replace(/=+$/, "");
        const start = offset === 0 ? 0 : 4;
        const wholeGroups = Math.floor(padded.length / 3);
        const end = wholeGroups * 4;
        if (end > start) {
            fragments.push(encoded.slice(start, end));
        }
        if (offset === 0) {
            fragments.push(encoded);
        }
    }
    return fragments;
}

/** The forms of `secret` that are scrubbed besides the secret itself. */
export function encodedForms(secret: string): string[] {
    const utf8 = Buffer.from(secret, "utf8");
    const utf16 = Buffer.from(secret, "utf16le");
    return [
        ...base64Fragments(utf8, "base64"),
        ...base64Fragments(utf8, "base64url"),
        ...base64Fragments(utf16, "base64"),
        utf8.toString("hex"),
        utf8.toString("hex").toUpperCase(),
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
    ];
}

/**
 * Registers a secret so that it and its encoded forms are scrubbed from now on. Multi-line secrets
 * (private keys) are also registered line by line, so a fragment of a key is scrubbed too.
 * Empty and undefined values are ignored.
 */
export function registerSecret(secret: string | undefined): void {
    if (!secret) {
        return;
    }
    addPattern(secret, 1);
    for (const form of encodedForms(secret)) {
        addPattern(form, shortestEncodedPattern);
    }
    const lines = secret.split(/\r?\n/).map((line) => line.trim());
    if (lines.length > 1) {
        for (const line of lines) {
            if (line.length >= 16 && !line.startsWith("-----")) {
                registerSecret(line);
            }
        }
    }
}

/** `text` with every registered secret and encoded form replaced by `[REDACTED]`. */
export function redact(text: string): string {
    let result = text;
    for (const pattern of sortedPatterns) {
        if (result.includes(pattern)) {
            result = result.split(pattern).join(redactionMark);
        }
    }
    return result;
}

/** Number of registered patterns (for diagnostics and tests). */
export function registeredPatternCount(): number {
    return patterns.size;
}

/** Forgets every registered secret (tests only). */
export function clearSecrets(): void {
    patterns.clear();
    sortedPatterns = [];
}

/** Receives the transports' log lines, already redacted. */
export type LogSink = (level: "warning" | "info" | "debug", line: string) => void;

let logSink: LogSink = (level, line) => {
    if (level === "warning") {
        process.stderr.write(`warning: ${line}\n`);
    }
};

/** Routes the transports' log lines to `sink`; returns a function restoring the previous sink. */
export function setLogSink(sink: LogSink): () => void {
    const previous = logSink;
    logSink = sink;
    return () => {
        logSink = previous;
    };
}

/** Logs one line through the redactor. */
export function log(level: "warning" | "info" | "debug", line: string): void {
    logSink(level, redact(line));
}
