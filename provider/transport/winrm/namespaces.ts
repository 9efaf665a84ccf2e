/** WS-Management namespaces, actions and URIs used by the WinRS shell protocol. */

export const NS = {
    soap: "http://www.w3.org/2003/05/soap-envelope",
    addressing: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    wsman: "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    msWsman: "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd",
    shell: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell",
} as const;

export const ACTION = {
    create: "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
    delete: "http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete",
    command: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
    send: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send",
    receive: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive",
    signal: "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal",
} as const;

/** Resource URI of the cmd shell (WinRS). */
export const SHELL_RESOURCE_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";

export const ANONYMOUS_ADDRESS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

export const COMMAND_STATE_DONE =
    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done";

export const SIGNAL_TERMINATE =
    "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate";

/** WSManFault code of an expired Receive long poll (0x80338029): simply receive again. */
export const WSMAN_TIMED_OUT_CODE = 2150858793;
