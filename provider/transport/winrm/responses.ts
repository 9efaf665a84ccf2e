/** Readers of WS-Man responses: shell and command ids, received streams, faults. */
import { WinRmError, WinRmFaultError } from "./errors";
import { COMMAND_STATE_DONE } from "./namespaces";
import type { XmlElement } from "./xml";
import { attribute, deepText, findAll, findFirst, parseXml } from "./xml";

/** Well-known WSManFault codes and what they mean to a user. */
const FAULT_HINTS: Record<number, string> = {
    2147942606:
        "the filename or extension is too long (the command line exceeds cmd.exe's 8191 characters)",
    2150858793: "the operation timed out on the listener (OperationTimeout)",
    2150859174: "the shell's operation quota is exhausted (ERROR_WSMAN_QUOTA_MAX_OPERATIONS)",
    170: "the listener is busy with a previous request (ERROR_BUSY)",
};

/** Parses a response body; throws a clear error when it is not XML. */
export function parseResponse(xml: string, host: string): XmlElement {
    try {
        return parseXml(xml);
    } catch (error) {
        throw new WinRmError(
            `WinRM listener ${host} answered with a body that is not SOAP XML (${(error as Error).message})`,
        );
    }
}

/** The fault of `envelope` as an error, or undefined when it carries none. */
export function faultOf(envelope: XmlElement, host: string): WinRmFaultError | undefined {
    const fault = findFirst(envelope, "Fault");
    if (!fault) return undefined;
    const subcodeElement = findFirst(fault, "Subcode");
    const subcode = subcodeElement ? deepText(subcodeElement).trim() : undefined;
    const wsmanFault = findFirst(fault, "WSManFault");
    const codeText = wsmanFault ? attribute(wsmanFault, "Code") : undefined;
    const wsmanCode =
        codeText !== undefined && /^\d+$/.test(codeText) ? Number(codeText) : undefined;
    const reasonElement = findFirst(fault, "Reason");
    const messageElement = wsmanFault ? findFirst(wsmanFault, "Message") : undefined;
    const detail = (messageElement ? deepText(messageElement) : "").trim();
    const reason = (reasonElement ? deepText(reasonElement) : "").trim();
    const text = (detail || reason || "no message").replace(/\s+/g, " ");
    const hint = wsmanCode !== undefined ? FAULT_HINTS[wsmanCode] : undefined;
    const code = wsmanCode !== undefined ? ` code ${wsmanCode} (0x${wsmanCode.toString(16)})` : "";
    return new WinRmFaultError(
        `WinRM fault from ${host}${code}${subcode ? ` ${subcode}` : ""}: ${text}` +
            (hint ? ` — ${hint}` : ""),
        wsmanCode,
        subcode,
    );
}

/** The ShellId of a Create response. */
export function shellIdOf(envelope: XmlElement, host: string): string {
    const selector = findAll(envelope, "Selector").find((s) => attribute(s, "Name") === "ShellId");
    const shellId = (
        selector ? deepText(selector) : deepText(findFirst(envelope, "ShellId") ?? emptyElement())
    ).trim();
    if (!shellId) throw new WinRmError(`WinRM listener ${host} created a shell without a ShellId`);
    return shellId;
}

/** The CommandId of a Command response. */
export function commandIdOf(envelope: XmlElement, host: string): string {
    const element = findFirst(envelope, "CommandId");
    const commandId = element ? deepText(element).trim() : "";
    if (!commandId)
        throw new WinRmError(`WinRM listener ${host} started a command without a CommandId`);
    return commandId;
}

/** Output of one Receive. */
export interface ReceivedOutput {
    /** Bytes of stdout in this response. */
    stdout: Buffer;
    /** Bytes of stderr in this response. */
    stderr: Buffer;
    /** True when the command finished (State=Done). */
    done: boolean;
    /** Exit code once done (signed 32-bit). */
    exitCode: number | null;
}

/** Reads the streams and state of a Receive response. */
export function receivedOutputOf(envelope: XmlElement): ReceivedOutput {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    for (const stream of findAll(envelope, "Stream")) {
        const data = Buffer.from(deepText(stream).trim(), "base64");
        if (attribute(stream, "Name") === "stderr") stderr.push(data);
        else stdout.push(data);
    }
    const state = findFirst(envelope, "CommandState");
    const done = state !== undefined && attribute(state, "State") === COMMAND_STATE_DONE;
    const exitElement = state ? findFirst(state, "ExitCode") : undefined;
    const exitCode = exitElement ? Number(deepText(exitElement).trim()) | 0 : null;
    return {
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        done,
        exitCode: done ? exitCode : null,
    };
}

/** The RelatesTo of a response (the MessageID it answers). */
export function relatesToOf(envelope: XmlElement): string | undefined {
    const element = findFirst(envelope, "RelatesTo");
    return element ? deepText(element).trim() : undefined;
}

function emptyElement(): XmlElement {
    return { name: "", local: "", attributes: {}, children: [], text: "" };
}
