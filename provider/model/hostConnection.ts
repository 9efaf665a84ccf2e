/** The operating system of a container host. */
export type HostOs = "windows" | "linux";

/** How commands reach a host. */
export type TransportKind = "ssh" | "winrm";

/**
 * The PowerShell a Windows host's long-lived shell runs: `powershell.exe` (Windows PowerShell 5.1,
 * on every Windows Server) or `pwsh` (PowerShell 7, where it is installed and on the PATH).
 */
export type PowerShellExecutable = "powershell.exe" | "pwsh";

/** WinRM settings, used when `transport` is `"winrm"`. */
export interface WinRmOptions {
    /**
     * Use HTTPS (port 5986). Without HTTPS, only NTLM is allowed and every message is sealed with
     * NTLMv2 message encryption, as a stock Windows host requires.
     * @default false
     */
    https?: boolean;
    /**
     * TCP port of the WinRM listener.
     * @default 5986 with HTTPS, 5985 without
     */
    port?: number;
    /**
     * Authentication scheme. `basic` is refused over plain HTTP.
     * @default "ntlm"
     */
    auth?: "basic" | "ntlm";
    /**
     * PEM certificate of the CA that signed the listener's certificate. When set, the server
     * certificate must chain to it (the system CAs are not trusted for this host).
     * @default unset: the system CAs (unless `certThumbprint` pins the certificate)
     */
    caCert?: string;
    /**
     * SHA-256 (64 hex digits) or SHA-1 (40 hex digits) thumbprint of the listener's certificate.
     * When set, exactly that certificate is accepted, self-signed or not; colons and case are ignored.
     * @default unset
     */
    certThumbprint?: string;
    /**
     * Largest SOAP envelope the listener accepts, in bytes (`MaxEnvelopeSizekb` × 1024). Stdin is sent
     * in chunks that fit.
     * @default 153600 (the Windows default of 150 KiB)
     */
    maxEnvelopeSize?: number;
}

/** Time limits of remote work. */
export interface ConnectionTimeouts {
    /**
     * Longest time to establish a connection, including retries with backoff, in seconds.
     * @default 30
     */
    connectSeconds?: number;
    /**
     * Longest time one remote command may run, in seconds. A command still running then is abandoned
     * and the resource operation fails naming the command and the limit.
     * @default 300
     */
    commandSeconds?: number;
    /**
     * Longest time to wait for a host to come back after a disruptive operation (the first external
     * network on a Windows NIC blips its connectivity), in seconds.
     * @default 180
     */
    reconnectSeconds?: number;
}

/**
 * How to reach and authenticate to a container host. Passwords and keys are secrets: they are kept
 * secret in state, sent only on the transport's encrypted channel or the remote process's stdin, and
 * scrubbed from every error and log line.
 */
export interface HostConnection {
    /** Host name or IP address of the host. Required. */
    host: string;
    /**
     * TCP port.
     * @default 22 for SSH; for WinRM see `winrm.port`
     */
    port?: number;
    /** User to log in as (Windows: `user`, `DOMAIN\\user` or `user@domain`). Required. */
    user: string;
    /** Operating system of the host; decides which driver runs. Required. */
    os: HostOs;
    /**
     * Transport. WinRM is only for Windows hosts.
     * @default "ssh"
     */
    transport?: TransportKind;
    /**
     * Password (secret). Exactly one of `password` and `privateKey` is required.
     * @default unset
     */
    password?: string;
    /**
     * Private key in OpenSSH or PEM format (secret), SSH only.
     * @default unset
     */
    privateKey?: string;
    /**
     * Passphrase of `privateKey` (secret).
     * @default unset: the key is not encrypted
     */
    privateKeyPassphrase?: string;
    /**
     * SSH host key fingerprint to pin, as `ssh-keygen -lf` prints it: `SHA256:` followed by unpadded
     * base64. A host presenting another key is refused. When unset, the first key seen is accepted
     * with a warning and published as the `hostKeyFingerprint` output so it can be pinned.
     * @default unset
     */
    hostKey?: string;
    /**
     * Local command whose stdin and stdout carry the SSH connection instead of a TCP socket, like
     * OpenSSH's ProxyCommand; `%h` and `%p` are replaced by host and port. Runs without a shell:
     * the string is split on whitespace.
     * @default unset: a direct TCP connection
     */
    proxyCommand?: string;
    /**
     * The PowerShell that runs the package's scripts on a Windows host: `powershell.exe` (Windows
     * PowerShell 5.1) or `pwsh` (PowerShell 7, which must be on the PATH of the remote user). The
     * scripts behave the same under both. Windows hosts only.
     * @default "powershell.exe"
     */
    powerShell?: PowerShellExecutable;
    /**
     * WinRM settings.
     * @default {} (HTTP on 5985 with NTLMv2 sealing)
     */
    winrm?: WinRmOptions;
    /**
     * Time limits.
     * @default { connectSeconds: 30, commandSeconds: 300, reconnectSeconds: 180 }
     */
    timeouts?: ConnectionTimeouts;
}

/** Fields of `HostConnection` that hold credentials and must stay secret. */
export const connectionSecretFields = ["password", "privateKey", "privateKeyPassphrase"] as const;
