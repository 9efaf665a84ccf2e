/**
 * Which Node.js language host a CLI run starts: this repository's (scripts/pulumi-cli/languageHost,
 * whose launcher `scripts/install-pulumi` writes with a marker comment) or Pulumi's own.
 */
import * as fs from "fs";
import * as path from "path";

/** The marker `scripts/install-pulumi` writes on the launcher's first comment line. */
export const languageHostMarker = "pulumi-l2bridge test language host";

/** The `pulumi-language-nodejs` the CLI in `binDirectory` starts: next to it, else on PATH. */
export function languageHostPath(binDirectory: string): string | undefined {
    const directories = [
        binDirectory,
        ...(process.env.PATH ?? "").split(":").filter((directory) => directory !== ""),
    ];
    return directories
        .map((directory) => path.join(directory, "pulumi-language-nodejs"))
        .find((file) => fs.existsSync(file));
}

/** One line saying which language host runs programs for the CLI in `binDirectory`. */
export function describeLanguageHost(binDirectory: string): string {
    const file = languageHostPath(binDirectory);
    if (file === undefined) {
        return "no pulumi-language-nodejs next to the CLI or on PATH";
    }
    const head = fs.readFileSync(file).subarray(0, 4096).toString("latin1");
    const markerLine = head
        .split("\n")
        .find((line) => line.startsWith("# ") && line.includes(languageHostMarker));
    if (markerLine !== undefined) {
        return `${markerLine.slice(2)}, launcher ${file}`;
    }
    return `Pulumi's own pulumi-language-nodejs, ${file}`;
}

const described = new Set<string>();

/** Prints the language host once per CLI directory and test process. */
export function printLanguageHostOnce(binDirectory: string): void {
    if (described.has(binDirectory)) return;
    described.add(binDirectory);
    console.log(`      language host: ${describeLanguageHost(binDirectory)}`);
}
