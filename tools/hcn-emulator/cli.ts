/**
 * Runs one emulated host's HCN service as its own process:
 * `node -r ts-node/register/transpile-only tools/hcn-emulator/cli.ts --state-dir D [--socket S]
 * [--netns NS] [--call-log FILE]`. Prints `ready <socket>` once listening; exits on SIGTERM/SIGINT.
 * With `--call-log`, the name of every function answered is appended to FILE, one per line (for
 * benchmarks that count HCN calls per request).
 */
import { appendFileSync } from "fs";
import { NetnsHostKernel } from "./hostKernel";
import { startHcnEmulator } from "./server";

function option(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
    const stateDir = option("--state-dir");
    if (!stateDir)
        throw new Error(
            "usage: cli.ts --state-dir DIR [--socket PATH] [--netns NAMESPACE] [--call-log FILE]",
        );
    const netns = option("--netns");
    const callLog = option("--call-log");
    const emulator = await startHcnEmulator({
        stateDir,
        socketPath: option("--socket"),
        kernel: netns ? new NetnsHostKernel(netns) : undefined,
        onCall: callLog ? (name) => appendFileSync(callLog, `${name}\n`) : undefined,
    });
    const stop = () => void emulator.stop().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    process.stdout.write(`ready ${emulator.socketPath}\n`);
}

main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
});
