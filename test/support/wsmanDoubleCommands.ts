/** Commands run by the WS-Man double: `/bin/sh`, or an emulation of the PowerShell bootstrap. */
import type { ChildProcessWithoutNullStreams } from "child_process";
import { spawn } from "child_process";
import { randomUUID } from "crypto";
import { BOOTSTRAP_SCRIPT } from "../../provider/transport/powershell/bootstrap";
import type { PowerShellRequest } from "./powershellRequestLines";
import { decodeRequestLine } from "./powershellRequestLines";
import type { ResponseEnvelope } from "./powershellResponseLines";
import { bootstrapResponseLine } from "./powershellResponseLines";

export type { PowerShellRequest } from "./powershellRequestLines";

/**
 * The answer the emulated bootstrap writes for a request: the bootstrap's envelope (`text` for a
 * string result, `output` for the JSON of any other), on a line compressed as the bootstrap would.
 */
export type PowerShellAnswer = ResponseEnvelope;

/** How the emulated bootstrap answers and where it records requests. */
export interface BootstrapEmulation {
    /** Answers requests. @default echoes `$Params` back as JSON */
    handler?: (request: PowerShellRequest) => PowerShellAnswer;
    /** Every decoded request, in order. */
    requests: PowerShellRequest[];
}

/** A running command of a shell. */
export interface Command {
    id: string;
    stdout: Buffer[];
    stderr: Buffer[];
    exitCode: number | null;
    signalled: boolean;
    writeStdin(data: Buffer): void;
    endStdin(): void;
    kill(): void;
    waiters: (() => void)[];
}

/** The default bootstrap handler: returns `$Params` as JSON. */
function echoParams(request: PowerShellRequest): PowerShellAnswer {
    return { ok: true, output: JSON.stringify(request.params), error: "" };
}

/** Starts `commandLine`: the emulated bootstrap for its command line, else `/bin/sh -c`. */
export function startCommand(commandLine: string, bootstrap: BootstrapEmulation): Command {
    const command: Command = {
        id: randomUUID().toUpperCase(),
        stdout: [],
        stderr: [],
        exitCode: null,
        signalled: false,
        writeStdin: () => undefined,
        endStdin: () => undefined,
        kill: () => undefined,
        waiters: [],
    };
    const wake = (): void => command.waiters.splice(0).forEach((waiter) => waiter());
    const encoded = /-EncodedCommand ([A-Za-z0-9+/=]+)$/.exec(commandLine);
    if (encoded && Buffer.from(encoded[1], "base64").toString("utf16le") === BOOTSTRAP_SCRIPT) {
        emulateBootstrap(command, wake, bootstrap);
        return command;
    }
    // Its own process group, so terminating the command also ends what the shell started.
    const child: ChildProcessWithoutNullStreams = spawn("/bin/sh", ["-c", commandLine], {
        detached: true,
    });
    child.stdout.on("data", (chunk: Buffer) => {
        command.stdout.push(chunk);
        wake();
    });
    child.stderr.on("data", (chunk: Buffer) => {
        command.stderr.push(chunk);
        wake();
    });
    child.on("close", (code, signal) => {
        command.exitCode = code ?? (signal ? -1 : 0);
        wake();
    });
    child.stdin.on("error", () => undefined);
    command.writeStdin = (data) => child.stdin.write(data);
    command.endStdin = () => child.stdin.end();
    command.kill = () => {
        if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
        try {
            process.kill(-child.pid, "SIGTERM");
        } catch {
            child.kill("SIGTERM");
        }
    };
    return command;
}

/** Answers framed requests like the bootstrap: one response line per request line. */
function emulateBootstrap(command: Command, wake: () => void, bootstrap: BootstrapEmulation): void {
    let pending = "";
    const handler = bootstrap.handler ?? echoParams;
    command.writeStdin = (data) => {
        pending += data.toString("utf8");
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (!line) continue;
            const request = decodeRequestLine(line);
            bootstrap.requests.push(request);
            command.stdout.push(Buffer.from(bootstrapResponseLine(request.id, handler(request))));
        }
        wake();
    };
    command.endStdin = () => {
        command.exitCode = 0;
        wake();
    };
    command.kill = () => {
        if (command.exitCode === null) command.exitCode = 1;
        wake();
    };
}
