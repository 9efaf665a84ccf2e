/**
 * A directory holding `pulumi-l2bridge` as a symbolic link to this repository, for `NODE_PATH`.
 *
 * The dynamic-provider host evaluates `__provider` with an empty file name, so the trampoline's
 * `require("pulumi-l2bridge/provider/resources/…")` resolves only through `node_modules`
 * directories above the working directory or `NODE_PATH` — never through the package's own
 * name (self-reference needs a file inside the package). A consumer has the package in its
 * `node_modules`; this repository's own programs and tests need the link.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");

/** Creates the link directory; `dispose` removes it. */
export function linkPackageForNodePath(scratchPrefix: string): {
    directory: string;
    dispose(): void;
} {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
    fs.writeFileSync(path.join(directory, ".owner-pid"), String(process.pid));
    fs.symlinkSync(repoRoot, path.join(directory, "pulumi-l2bridge"), "dir");
    return {
        directory,
        dispose: () => fs.rmSync(directory, { recursive: true, force: true }),
    };
}
