/**
 * Waits for a file another process writes, by watching its directory (inotify) instead of
 * polling on a timer: every create or write there checks the file again.
 */
import { readFileSync, watch } from "fs";
import { dirname } from "path";

/**
 * Resolves with the text of `path` once it exists and `complete` accepts it (by default: once it
 * is not empty, since a writer creates the file before it writes). The directory must exist.
 */
export function fileText(
    path: string,
    complete: (text: string) => boolean = (text) => text !== "",
): Promise<string> {
    return new Promise((resolve, reject) => {
        const watcher = watch(dirname(path));
        const check = (): void => {
            let text: string;
            try {
                text = readFileSync(path, "utf8");
            } catch {
                return;
            }
            if (complete(text)) {
                watcher.close();
                resolve(text);
            }
        };
        watcher.on("change", check);
        watcher.on("error", (error) => {
            watcher.close();
            reject(error);
        });
        // The file may have been written before the watch began.
        check();
    });
}
