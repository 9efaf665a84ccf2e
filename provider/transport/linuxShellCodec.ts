/**
 * Framing of the long-lived POSIX shell (`/bin/sh -s`, never the login shell).
 *
 * A request is one command `l2b_req <id> '<script>' '<name>=<value>'…`: the script and every
 * parameter are single-quoted literals (a `'` inside becomes `'\''`), so they are data to the
 * parser and never code until the script itself is evaluated. The script runs in a subshell with
 * stdin from /dev/null and sees each parameter as the shell variable `$P_<name>` (strings as-is,
 * other values JSON-encoded); `exit` and `set -e` end only that subshell.
 *
 * The shell acknowledges the request with a line `RS L2B-ACK <id>` before running it; the script's
 * stdout follows as-is, then the trailer `RS L2B <id> <exit code> <base64 stderr> RS` (RS = U+001E).
 * Request ids are random, so the trailer cannot occur in
 * output by accident. A request costs one fork and no exec on the host (an exec costs several
 * milliseconds on small VMs); stderr is encoded with `base64` only when the script wrote some.
 */
import type { ShellCodec, ShellResponse } from "./types";

const recordSeparator = "\x1e";
const ackMarker = `${recordSeparator}L2B-ACK `;
const trailerMarker = `${recordSeparator}L2B `;
const trailerEnd = ` ${recordSeparator}\n`;
const paramNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
const requestIdPattern = /^[0-9a-f]{8,64}$/;

/**
 * Shell functions defined once, right after the shell starts. The script's stderr goes to a file
 * that is unlinked as soon as it is opened (read back through /proc/$$/fd/4 and emptied after each
 * request), so nothing stays on the host's file system even when the shell is killed, and a
 * background process the script starts cannot hold the response back.
 */
export const linuxShellPreamble = `umask 077
l2b_f=$(mktemp "\${TMPDIR:-/tmp}/l2b-stderr.XXXXXXXX") || exit 70
exec 4>"$l2b_f"
rm -f "$l2b_f"
l2b_e=/proc/$$/fd/4
l2b_req() {
l2b_id=$1
printf '\\036L2B-ACK %s\\n' "$l2b_id"
(
l2b_s=$2; shift 2
for l2b_p; do eval "P_\${l2b_p%%=*}=\\\${l2b_p#*=}"; done
unset l2b_p l2b_f; set --
eval "$l2b_s"
) </dev/null 2>"$l2b_e" 4>&-
l2b_c=$?
printf '\\036L2B %s %s ' "$l2b_id" "$l2b_c"
[ -s "$l2b_e" ] && base64 -w0 "$l2b_e" && : >"$l2b_e"
printf ' \\036\\n'
}
`;

/** `text` as one POSIX single-quoted word. Throws when it holds a NUL (shells cannot). */
export function singleQuoted(text: string, what: string): string {
    if (text.includes("\0")) {
        throw new Error(`${what} contains a NUL character, which a shell cannot hold; remove it`);
    }
    return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The text a parameter value takes in the script: strings as-is, anything else as JSON. */
export function paramText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

function encodeParams(params: Record<string, unknown>): string {
    return Object.entries(params)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => {
            if (!paramNamePattern.test(name)) {
                throw new Error(
                    `parameter name "${name}" cannot be a shell variable; use letters, digits and ` +
                        `underscores, not starting with a digit`,
                );
            }
            return " " + singleQuoted(`${name}=${paramText(value)}`, `parameter "${name}"`);
        })
        .join("");
}

/** POSIX `sh -s` framing for Linux hosts. */
export const linuxShellCodec: ShellCodec & {
    preamble: string;
    acknowledges(buffer: string, id: string): boolean;
} = {
    startCommand: "/bin/sh -s",
    preamble: linuxShellPreamble,

    encodeRequest(id: string, script: string, params: Record<string, unknown>): string {
        if (!requestIdPattern.test(id)) {
            throw new Error(`request id "${id}" must be 8 to 64 lowercase hex digits`);
        }
        return `l2b_req ${id} ${singleQuoted(script, "the script")}${encodeParams(params)}\n`;
    },

    acknowledges(buffer: string, id: string): boolean {
        return buffer.includes(`${ackMarker}${id}\n`);
    },

    decodeResponse(
        buffer: string,
        id: string,
    ): { response: ShellResponse; consumed: number } | null {
        const ack = `${ackMarker}${id}\n`;
        const ackAt = buffer.indexOf(ack);
        if (ackAt < 0) {
            return null;
        }
        const outputStart = ackAt + ack.length;
        const trailerAt = buffer.indexOf(`${trailerMarker}${id} `, outputStart);
        if (trailerAt < 0) {
            return null;
        }
        const fieldsStart = trailerAt + trailerMarker.length + id.length + 1;
        const end = buffer.indexOf(trailerEnd, fieldsStart);
        if (end < 0) {
            return null;
        }
        const [code, stderr] = buffer.slice(fieldsStart, end).split(" ");
        const exitCode = Number(code);
        return {
            response: {
                ok: exitCode === 0,
                output: buffer.slice(outputStart, trailerAt),
                error: Buffer.from(stderr ?? "", "base64").toString("utf8"),
                exitCode,
            },
            consumed: end + trailerEnd.length,
        };
    },
};
