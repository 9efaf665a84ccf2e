/** NTLM negotiate flags (MS-NLMP 2.2.2.5) used by this package. */
export const NegotiateFlags = {
    UNICODE: 0x00000001,
    OEM: 0x00000002,
    REQUEST_TARGET: 0x00000004,
    SIGN: 0x00000010,
    SEAL: 0x00000020,
    NTLM: 0x00000200,
    ALWAYS_SIGN: 0x00008000,
    TARGET_TYPE_SERVER: 0x00020000,
    EXTENDED_SESSIONSECURITY: 0x00080000,
    TARGET_INFO: 0x00800000,
    VERSION: 0x02000000,
    KEY_128: 0x20000000,
    KEY_EXCH: 0x40000000,
    KEY_56: 0x80000000,
} as const;

/**
 * Flags of our NEGOTIATE message: NTLMv2 with extended session security, 128-bit keys and key
 * exchange, signing and sealing (what WinRM message encryption needs).
 */
export const CLIENT_FLAGS =
    (NegotiateFlags.UNICODE |
        NegotiateFlags.REQUEST_TARGET |
        NegotiateFlags.SIGN |
        NegotiateFlags.SEAL |
        NegotiateFlags.NTLM |
        NegotiateFlags.ALWAYS_SIGN |
        NegotiateFlags.EXTENDED_SESSIONSECURITY |
        NegotiateFlags.VERSION |
        NegotiateFlags.KEY_128 |
        NegotiateFlags.KEY_EXCH |
        NegotiateFlags.KEY_56) >>>
    0;

/** True when every bit of `flag` is set in `flags`. */
export function hasFlag(flags: number, flag: number): boolean {
    return (flags & flag) >>> 0 === flag >>> 0;
}
