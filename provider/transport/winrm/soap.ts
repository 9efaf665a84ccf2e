/** Builders of the WS-Man SOAP envelopes of the WinRS shell protocol (MS-WSMV 3.1.4). */
import { randomUUID } from "crypto";
import { ACTION, ANONYMOUS_ADDRESS, NS, SHELL_RESOURCE_URI, SIGNAL_TERMINATE } from "./namespaces";
import { escapeXml } from "./xml";

/** Header values common to every request. */
export interface EnvelopeContext {
    /** Endpoint URL (`http://host:5985/wsman`). */
    endpoint: string;
    /** `MaxEnvelopeSize` in bytes. */
    maxEnvelopeSize: number;
    /** `OperationTimeout` in seconds. */
    operationTimeoutSeconds: number;
}

/** One request: its action, optional shell selector and options, and body. */
export interface EnvelopeRequest {
    /** `a:Action` URI. */
    action: string;
    /** `ShellId` selector. @default none (Create) */
    shellId?: string;
    /** `w:OptionSet` entries. @default none */
    options?: Record<string, string>;
    /** Body XML (already escaped). */
    body: string;
    /** `uuid:` message id. @default a random UUID */
    messageId?: string;
}

/** The SOAP envelope text of `request`. */
export function buildEnvelope(context: EnvelopeContext, request: EnvelopeRequest): string {
    const messageId = request.messageId ?? `uuid:${randomUUID().toUpperCase()}`;
    const selector = request.shellId
        ? `<w:SelectorSet><w:Selector Name="ShellId">${escapeXml(request.shellId)}</w:Selector></w:SelectorSet>`
        : "";
    const options = request.options
        ? `<w:OptionSet>${Object.entries(request.options)
              .map(
                  ([name, value]) =>
                      `<w:Option Name="${escapeXml(name)}">${escapeXml(value)}</w:Option>`,
              )
              .join("")}</w:OptionSet>`
        : "";
    return (
        `<?xml version="1.0" encoding="utf-8"?>` +
        `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:w="${NS.wsman}" xmlns:p="${NS.msWsman}" xmlns:rsp="${NS.shell}">` +
        `<s:Header>` +
        `<a:To>${escapeXml(context.endpoint)}</a:To>` +
        `<a:ReplyTo><a:Address s:mustUnderstand="true">${ANONYMOUS_ADDRESS}</a:Address></a:ReplyTo>` +
        `<w:MaxEnvelopeSize s:mustUnderstand="true">${context.maxEnvelopeSize}</w:MaxEnvelopeSize>` +
        `<a:MessageID>${messageId}</a:MessageID>` +
        `<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>` +
        `<p:DataLocale xml:lang="en-US" s:mustUnderstand="false"/>` +
        `<w:OperationTimeout>PT${context.operationTimeoutSeconds}S</w:OperationTimeout>` +
        `<w:ResourceURI s:mustUnderstand="true">${SHELL_RESOURCE_URI}</w:ResourceURI>` +
        `<a:Action s:mustUnderstand="true">${request.action}</a:Action>` +
        selector +
        options +
        `</s:Header>` +
        `<s:Body>${request.body}</s:Body>` +
        `</s:Envelope>`
    );
}

/** Create a cmd shell with no profile and the UTF-8 code page. */
export function createShellRequest(): EnvelopeRequest {
    return {
        action: ACTION.create,
        options: { WINRS_NOPROFILE: "TRUE", WINRS_CODEPAGE: "65001" },
        body:
            "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>" +
            "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>",
    };
}

/** Start `commandLine` in the shell; its stdin will be fed by Send. */
export function commandRequest(shellId: string, commandLine: string): EnvelopeRequest {
    return {
        action: ACTION.command,
        shellId,
        options: { WINRS_CONSOLEMODE_STDIN: "FALSE", WINRS_SKIP_CMD_SHELL: "FALSE" },
        body: `<rsp:CommandLine><rsp:Command>${escapeXml(commandLine)}</rsp:Command></rsp:CommandLine>`,
    };
}

/** Send `data` to the command's stdin; `end` closes it. */
export function sendRequest(
    shellId: string,
    commandId: string,
    data: Buffer,
    end: boolean,
): EnvelopeRequest {
    const endAttribute = end ? ` End="true"` : "";
    return {
        action: ACTION.send,
        shellId,
        body:
            `<rsp:Send><rsp:Stream Name="stdin" CommandId="${escapeXml(commandId)}"${endAttribute}>` +
            `${data.toString("base64")}</rsp:Stream></rsp:Send>`,
    };
}

/** Wait for output of the command (a long poll bounded by OperationTimeout). */
export function receiveRequest(shellId: string, commandId: string): EnvelopeRequest {
    return {
        action: ACTION.receive,
        shellId,
        options: { WSMAN_CMDSHELL_OPTION_KEEPALIVE: "TRUE" },
        body:
            `<rsp:Receive><rsp:DesiredStream CommandId="${escapeXml(commandId)}">` +
            `stdout stderr</rsp:DesiredStream></rsp:Receive>`,
    };
}

/** Terminate the command. */
export function signalRequest(shellId: string, commandId: string): EnvelopeRequest {
    return {
        action: ACTION.signal,
        shellId,
        body: `<rsp:Signal CommandId="${escapeXml(commandId)}"><rsp:Code>${SIGNAL_TERMINATE}</rsp:Code></rsp:Signal>`,
    };
}

/** Delete the shell and its processes. */
export function deleteShellRequest(shellId: string): EnvelopeRequest {
    return { action: ACTION.delete, shellId, body: "" };
}
