/**
 * Named pipes that a script on the host opens once it reaches a point, so a test waits for that
 * event (the request started; the test lets it go on) instead of a fixed time. Lab hosts are
 * network namespaces on this machine, so they share its file system.
 */
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/** A directory of named pipes; `remove` deletes it. */
export class StartSignals {
    private count = 0;

    private constructor(private readonly directory: string) {}

    /** Creates the directory under the system temporary directory, named after `prefix`. */
    static async create(prefix: string): Promise<StartSignals> {
        return new StartSignals(await fs.mkdtemp(join(tmpdir(), `${prefix}signals-`)));
    }

    /** A new named pipe, for a script to write to (`echo started >"$P_pipe"`) or read from. */
    newPipe(): string {
        const path = join(this.directory, `pipe-${++this.count}`);
        execFileSync("mkfifo", [path]);
        return path;
    }

    /** A path in the directory for a plain file; nothing is created. */
    file(name: string): string {
        return join(this.directory, name);
    }

    /** Resolves with what a script wrote to `pipe`, once it wrote it and closed the pipe. */
    static heard(pipe: string): Promise<string> {
        return fs.readFile(pipe, "utf8");
    }

    /** Lets a script blocked reading `pipe` (`read line <"$P_pipe"`) go on. */
    static release(pipe: string): Promise<void> {
        return fs.writeFile(pipe, "go\n");
    }

    /** Deletes the directory and its pipes. */
    async remove(): Promise<void> {
        await fs.rm(this.directory, { recursive: true, force: true });
    }
}
