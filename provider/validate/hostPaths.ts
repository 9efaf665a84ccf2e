/**
 * Validators of absolute directory paths on a host (where configuration files are written), by the
 * host's operating system, and their canonical form (no trailing separator).
 */
import { problem } from "./messages";

const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Characters Windows refuses in a path segment. */
const windowsForbidden = /[<>:"/|?*]/;

function segmentsOf(path: string, separator: string): string[] {
    return path.split(separator).filter((segment) => segment !== "");
}

/** An absolute POSIX directory path without `.` or `..` segments or control characters. */
export function linuxDirectoryProblem(
    path: string,
    value: string,
    example: string,
): string | undefined {
    const fix = `use the directory's absolute path such as ${example}`;
    if (controlCharacters.test(value)) {
        return problem(path, value, "contains control characters", fix);
    }
    if (!value.startsWith("/")) {
        return problem(path, value, "is not an absolute path", fix);
    }
    if (segmentsOf(value, "/").some((segment) => segment === "." || segment === "..")) {
        return problem(path, value, 'has a "." or ".." segment', fix);
    }
    if (Buffer.byteLength(value, "utf8") > 4095) {
        return problem(path, value.slice(0, 20) + "…", "is longer than 4095 bytes", fix);
    }
    return undefined;
}

/** An absolute Windows drive path (`C:\…`) whose segments Windows accepts. */
export function windowsDirectoryProblem(
    path: string,
    value: string,
    example: string,
): string | undefined {
    const fix = `use an absolute drive path such as ${example}`;
    if (controlCharacters.test(value)) {
        return problem(path, value, "contains control characters", fix);
    }
    if (!/^[A-Za-z]:\\/.test(value)) {
        return problem(path, value, "is not an absolute Windows path", fix);
    }
    const segments = segmentsOf(value.slice(3), "\\");
    if (segments.some((segment) => windowsForbidden.test(segment))) {
        return problem(
            path,
            value,
            'contains a character Windows does not allow in a path (< > : " / | ? *)',
            fix,
        );
    }
    if (segments.some((segment) => segment === "." || segment === "..")) {
        return problem(path, value, 'has a "." or ".." segment', fix);
    }
    if (segments.some((segment) => /[ .]$/.test(segment))) {
        return problem(
            path,
            value,
            "has a segment ending in a space or a dot, which Windows drops",
            fix,
        );
    }
    if (value.length > 248) {
        return problem(path, value.slice(0, 20) + "…", "is longer than 248 characters", fix);
    }
    return undefined;
}

/** The canonical form of a valid directory path: repeated and trailing separators removed. */
export function canonicalDirectory(value: string, os: "linux" | "windows"): string {
    if (os === "windows") {
        return `${value.slice(0, 2).toUpperCase()}\\${segmentsOf(value.slice(3), "\\").join("\\")}`;
    }
    return `/${segmentsOf(value, "/").join("/")}`;
}
