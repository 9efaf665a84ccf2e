/**
 * Transport benchmark: 200 sequential small commands to a host in a network namespace (real
 * OpenSSH sshd, reached through a socat proxy command), three ways:
 *   1. a new SSH connection per command,
 *   2. a new exec channel per command on one pooled connection,
 *   3. the long-lived shell (one framed request per command),
 * and, for orientation, the long-lived shell with three parameters.
 * Prints median and p95 per way and the ratios. Targets: the long-lived shell under 5 ms median
 * and at least 20× faster than a new connection per command.
 *
 * Run as root: `npm run bench:transport` (COUNT=<n> to change the number of commands).
 */
import { closeAll, sessionFor } from "../provider/transport/pool";
import { SshTransport } from "../provider/transport/ssh/sshTransport";
import { labUnavailableReason, startSshLab } from "../lab/sshLab";

const count = Number(process.env.COUNT ?? 200);
const command = "echo hi";

interface Figures {
    way: string;
    median: number;
    p95: number;
}

function percentile(sorted: number[], fraction: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function measure(way: string, once: () => Promise<void>): Promise<Figures> {
    await once();
    const samples: number[] = [];
    for (let index = 0; index < count; index++) {
        const started = process.hrtime.bigint();
        await once();
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return { way, median: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

function expectOutput(output: string): void {
    if (output !== "hi\n") {
        throw new Error(`unexpected output ${JSON.stringify(output)}`);
    }
}

async function main(): Promise<void> {
    const reason = labUnavailableReason();
    if (reason) {
        console.error(`cannot run the transport benchmark: ${reason}`);
        process.exitCode = 2;
        return;
    }
    const lab = await startSshLab("bench", 51);
    const stop = (): void => {
        void lab.teardown().finally(() => process.exit(130));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
        const connection = lab.connection();
        const newConnection = await measure("new connection per command", async () => {
            const transport = await SshTransport.connect(connection);
            try {
                expectOutput((await transport.run(command)).stdout);
            } finally {
                await transport.close();
            }
        });
        const pooled = await SshTransport.connect(connection);
        const execChannel = await measure("exec channel on a pooled connection", async () => {
            expectOutput((await pooled.run(command)).stdout);
        });
        await pooled.close();
        const session = sessionFor(connection);
        const longLived = await measure("long-lived shell (framed request)", async () => {
            expectOutput(await session.invoke(command));
        });
        const withParameters = await measure("long-lived shell, 3 parameters", async () => {
            const output = await session.invoke('printf "%s %s\\n" "$P_word" "$P_count"', {
                word: "hi",
                count: 3,
                options: { quoted: "it's" },
            });
            if (output !== "hi 3\n") {
                throw new Error(`unexpected output ${JSON.stringify(output)}`);
            }
        });
        const rows = [newConnection, execChannel, longLived, withParameters];
        console.log(`${count} sequential "${command}" commands per way (ms):`);
        for (const row of rows) {
            console.log(
                `  ${row.way.padEnd(38)} median ${row.median.toFixed(2).padStart(8)}` +
                    `   p95 ${row.p95.toFixed(2).padStart(8)}`,
            );
        }
        const ratio = (slow: Figures): string => (slow.median / longLived.median).toFixed(1);
        console.log(
            `  long-lived shell vs new connection: ${ratio(newConnection)}× faster (median)`,
        );
        console.log(`  long-lived shell vs exec channel:   ${ratio(execChannel)}× faster (median)`);
        const medianOk = longLived.median < 5;
        const ratioOk = newConnection.median / longLived.median >= 20;
        console.log(
            `  targets: median < 5 ms ${medianOk ? "met" : "MISSED"}; ≥ 20× faster than a new ` +
                `connection ${ratioOk ? "met" : "MISSED"}`,
        );
    } finally {
        await closeAll();
        await lab.teardown();
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
});
