/**
 * HRESULTs HNS returns and the error record it writes next to them (hns.md §6.4:
 * `{"Success":false,"Error":"<message>","ErrorCode":<uint32>}`). Codes and messages follow
 * Microsoft's HCNHResult reference and hcsshim's hcn/hcnerrors.go.
 */

/** The HRESULTs this emulator answers with. */
export const HResult = {
    ok: 0,
    notImplemented: 0x80004001, // E_NOTIMPL: feature absent on this HNS build
    invalidArgument: 0x80070057, // E_INVALIDARG ("The parameter is incorrect.")
    elementNotFound: 0x80070490, // ERROR_NOT_FOUND, what HNS answers for unknown LBs/namespaces (hcsshim: hcs.ErrElementNotFound)
    networkNotFound: 0x803b0001,
    endpointNotFound: 0x803b0002,
    adapterNotFound: 0x803b0006,
    policyNotFound: 0x803b0008,
    invalidNetworkType: 0x803b000b,
    invalidPolicyType: 0x803b000e,
    networkAlreadyExists: 0x803b0010,
    endpointAlreadyExists: 0x803b0011,
    policyAlreadyExists: 0x803b0012,
    portAlreadyExists: 0x803b0013,
    endpointAlreadyAttached: 0x803b0014,
    requestUnsupported: 0x803b0015,
    invalidJson: 0x803b001b,
    invalidIp: 0x803b001e,
    managerStopped: 0x803b0020,
    defaultNamespaceExists: 0x803b0029,
    endpointInOtherNamespace: 0x803b002b,
    entityHasReferences: 0x803b002c,
    addressInvalidOrReserved: 0x803b002f,
    invalidPrefix: 0x803b0030,
    invalidSubnet: 0x803b0032,
    invalidHandle: 0x80070006, // E_HANDLE
    endpointNotAttached: 0x803b0034,
} as const;

/** A failed HCN call: the HRESULT and the message of its error record. */
export class HcnError extends Error {
    /** @param hresult the unsigned 32-bit HRESULT. */
    constructor(
        readonly hresult: number,
        message: string,
    ) {
        super(message);
    }
}

/** The error record HNS returns for a failure. */
export function errorRecord(error: HcnError): string {
    return JSON.stringify({ Success: false, Error: error.message, ErrorCode: error.hresult >>> 0 });
}

/** Shorthands with HNS's own message texts. */
export const fail = {
    invalidJson: (detail: string) =>
        new HcnError(HResult.invalidJson, `Invalid JSON document string. ${detail}`),
    invalidArgument: (detail: string) =>
        new HcnError(HResult.invalidArgument, `The parameter is incorrect. ${detail}`),
    notImplemented: (detail: string) =>
        new HcnError(HResult.notImplemented, `Not implemented. ${detail}`),
    networkNotFound: (id: string) =>
        new HcnError(HResult.networkNotFound, `The network was not found. {${id}}`),
    endpointNotFound: (id: string) =>
        new HcnError(HResult.endpointNotFound, `The endpoint was not found. {${id}}`),
    elementNotFound: (what: string) =>
        new HcnError(HResult.elementNotFound, `Element not found. ${what}`),
    invalidPolicyType: (detail: string) =>
        new HcnError(HResult.invalidPolicyType, `Invalid Policy Type. ${detail}`),
    hasReferences: (detail: string) =>
        new HcnError(
            HResult.entityHasReferences,
            `The object has references and cannot be deleted. ${detail}`,
        ),
};
