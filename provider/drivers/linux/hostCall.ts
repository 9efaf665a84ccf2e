/**
 * One remote invocation: a fixed POSIX sh script and the parameters it reads as `$P_<name>`.
 * Scripts print their findings as named sections so one invocation can report several things.
 */

/** A script and its parameters, ready for `HostSession.invoke`. */
export interface HostCall {
    script: string;
    params: Record<string, string>;
}

/** The line that starts a section in a script's output. */
export const sectionMark = "@@l2b ";

/**
 * Shell functions every script can use: `section NAME` starts a section of the output,
 * `state_dir` prints (and creates) the host's state directory, keyed by the inode of the network
 * namespace so hosts sharing one file system (network namespaces) never share state, and
 * `lock_host` holds the host's change lock (flock) until the script ends, so changes from several
 * provider processes never interleave.
 */
export const prelude = `set -e
section() { printf '\\n${sectionMark}%s\\n' "$1"; }
state_dir() { d=/run/l2bridge/$(stat -L -c %i /proc/self/ns/net); mkdir -p "$d"; chmod 755 /run/l2bridge "$d"; printf '%s' "$d"; }
lock_host() {
    exec 9>"$(state_dir)/lock"
    flock -w 120 9 || { echo "another change on this host held its lock for 120 s; retry when it has finished" >&2; exit 75; }
}
`;

/** Joins calls into one invocation: scripts run in order, parameters merged (later ones win). */
export function joinCalls(...calls: HostCall[]): HostCall {
    const bodies = calls.map((call) => call.script.replace(prelude, ""));
    return {
        script: prelude + bodies.join("\n"),
        params: Object.assign({}, ...calls.map((call) => call.params)) as Record<string, string>,
    };
}

/** The output of a script split into its sections (text before the first section is dropped). */
export function parseSections(output: string): Map<string, string> {
    const sections = new Map<string, string>();
    let current: string | undefined;
    let lines: string[] = [];
    const flush = (): void => {
        if (current !== undefined) {
            sections.set(current, lines.join("\n").trim());
        }
    };
    for (const line of output.split("\n")) {
        if (line.startsWith(sectionMark)) {
            flush();
            current = line.slice(sectionMark.length).trim();
            lines = [];
        } else {
            lines.push(line);
        }
    }
    flush();
    return sections;
}
