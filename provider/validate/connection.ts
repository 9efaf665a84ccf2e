/**
 * Validation and normalisation of a `HostConnection`. Credential values never appear in messages.
 */
import type { HostConnection } from "../model/hostConnection";
import type { IntegerRange } from "./fields";
import { FieldReader, withoutUndefined } from "./fields";
import { isUnknown, jsonTypeOf, problem } from "./messages";
import { hostNameProblem } from "./names";
import { portRange } from "./ports";
import { timeoutDefaults } from "../model/timeoutDefaults";
import { connectionDefaults } from "../model/defaults";

/** Defaults filled into every connection. */

const secondsRange: IntegerRange = { min: 1, max: 86400, example: 60 };
const envelopeRange: IntegerRange = { min: 8192, max: 104857600, example: 153600 };

const fingerprint = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const thumbprint = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

function secretString(reader: FieldReader, path: string, value: unknown): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "string") {
        reader.add(`${path}: is ${jsonTypeOf(value)}, not a string; pass the secret as a string`);
        return undefined;
    }
    if (value === "") {
        reader.add(`${path}: is empty; pass the secret, or leave the field unset`);
        return undefined;
    }
    return value;
}

function readWinRm(reader: FieldReader, value: unknown): Record<string, unknown> | undefined {
    if (isUnknown(value)) {
        return value as unknown as Record<string, unknown>;
    }
    const raw = reader.object("connection.winrm", value, "an object such as { https: true }");
    if (!raw) {
        return undefined;
    }
    const https = reader.boolean("connection.winrm.https", raw.https);
    const auth = reader.choice("connection.winrm.auth", raw.auth, ["basic", "ntlm"] as const);
    if (auth === "basic" && https !== true && !isUnknown(https)) {
        reader.add(
            problem(
                "connection.winrm.auth",
                auth,
                "is refused without HTTPS: the password would travel readable",
                'set connection.winrm.https to true, or use "ntlm"',
            ),
        );
    }
    const certThumbprint = reader.string(
        "connection.winrm.certThumbprint",
        raw.certThumbprint,
        "the listener certificate's SHA-256 thumbprint",
        (path, text) =>
            thumbprint.test(text.replace(/[\s:]/g, "").toLowerCase())
                ? undefined
                : problem(
                      path,
                      text,
                      "is not a certificate thumbprint",
                      "use 40 (SHA-1) or 64 (SHA-256) hex digits",
                  ),
    );
    const caCert = reader.string(
        "connection.winrm.caCert",
        raw.caCert,
        "a PEM certificate",
        (path, text) =>
            text.includes("-----BEGIN CERTIFICATE-----")
                ? undefined
                : `${path}: is not a PEM certificate; paste the CA certificate including its -----BEGIN CERTIFICATE----- line`,
    );
    const pins: [string, unknown][] = [
        ["caCert", caCert],
        ["certThumbprint", certThumbprint],
    ];
    for (const [field, pin] of pins) {
        if (pin !== undefined && https !== true && !isUnknown(https) && !isUnknown(pin)) {
            const shown = field === "caCert" ? "(a PEM certificate)" : String(pin);
            reader.add(
                problem(
                    `connection.winrm.${field}`,
                    shown,
                    "pins a TLS certificate, but the connection does not use HTTPS",
                    "set connection.winrm.https to true, or remove the pin",
                ),
            );
        }
    }
    return withoutUndefined({
        https,
        port: reader.integer("connection.winrm.port", raw.port, { ...portRange, example: 5986 }),
        auth,
        caCert,
        certThumbprint,
        maxEnvelopeSize: reader.integer(
            "connection.winrm.maxEnvelopeSize",
            raw.maxEnvelopeSize,
            envelopeRange,
        ),
    });
}

function readTimeouts(reader: FieldReader, value: unknown): Record<string, unknown> | undefined {
    if (isUnknown(value)) {
        return value as unknown as Record<string, unknown>;
    }
    const raw = reader.object(
        "connection.timeouts",
        value,
        "an object such as { connectSeconds: 30 }",
    );
    if (!raw) {
        return undefined;
    }
    return withoutUndefined({
        connectSeconds: reader.integer("connection.timeouts.connectSeconds", raw.connectSeconds, {
            ...secondsRange,
            example: timeoutDefaults.connectSeconds,
        }),
        commandSeconds: reader.integer("connection.timeouts.commandSeconds", raw.commandSeconds, {
            ...secondsRange,
            example: timeoutDefaults.commandSeconds,
        }),
        reconnectSeconds: reader.integer(
            "connection.timeouts.reconnectSeconds",
            raw.reconnectSeconds,
            { ...secondsRange, example: timeoutDefaults.reconnectSeconds },
        ),
    });
}

/**
 * Read `connection`: check every field, fill `transport`, and return the normalised connection
 * (undefined when it is missing or not an object).
 */
export function readConnection(reader: FieldReader, value: unknown): HostConnection | undefined {
    if (isUnknown(value)) {
        return value as unknown as HostConnection;
    }
    if (value === undefined || value === null) {
        reader.missing("connection", "set it to { host, user, os, and password or privateKey }");
        return undefined;
    }
    const raw = reader.object(
        "connection",
        value,
        "an object { host, user, os, password or privateKey }",
    );
    if (!raw) {
        return undefined;
    }
    const host = reader.requiredString("connection.host", raw.host, "10.0.0.4", hostNameProblem);
    const user = reader.requiredString("connection.user", raw.user, "root", (path, text) =>
        text === "" ? `${path}: "" is empty; set the user to log in as, such as root` : undefined,
    );
    const os = reader.choice("connection.os", raw.os, ["windows", "linux"] as const);
    if (raw.os === undefined || raw.os === null) {
        reader.missing("connection.os", 'set it to "windows" or "linux"');
    }
    const transport = reader.choice(
        "connection.transport",
        raw.transport,
        ["ssh", "winrm"] as const,
        connectionDefaults.transport,
    );
    if (transport === "winrm" && os === "linux") {
        reader.add(
            problem(
                "connection.transport",
                transport,
                "is only for Windows hosts",
                'use "ssh" for os "linux"',
            ),
        );
    }
    const password = secretString(reader, "connection.password", raw.password);
    const privateKey = secretString(reader, "connection.privateKey", raw.privateKey);
    const privateKeyPassphrase = secretString(
        reader,
        "connection.privateKeyPassphrase",
        raw.privateKeyPassphrase,
    );
    const hasPassword = raw.password !== undefined && raw.password !== null;
    const hasKey = raw.privateKey !== undefined && raw.privateKey !== null;
    if (hasPassword && hasKey) {
        reader.add(
            "connection.privateKey: is set together with connection.password; set exactly one of them",
        );
    } else if (!hasPassword && !hasKey) {
        reader.add(
            "connection.password: is required when connection.privateKey is unset; set exactly one of them",
        );
    }
    if (hasKey && transport === "winrm") {
        reader.add(
            'connection.privateKey: is set but transport is "winrm"; use password for WinRM, or transport "ssh"',
        );
    }
    if (privateKey && !isUnknown(privateKey) && !privateKey.includes("-----BEGIN")) {
        reader.add(
            "connection.privateKey: is not an OpenSSH or PEM private key; pass the whole key file including its -----BEGIN line",
        );
    }
    if (privateKeyPassphrase && !hasKey) {
        reader.add(
            "connection.privateKeyPassphrase: is set without privateKey; remove it or set privateKey",
        );
    }
    const hostKey = reader.string("connection.hostKey", raw.hostKey, "SHA256:…", (path, text) =>
        fingerprint.test(text)
            ? undefined
            : problem(
                  path,
                  text,
                  "is not a SHA-256 host key fingerprint",
                  "use the form ssh-keygen -lf prints: SHA256: followed by 43 base64 characters",
              ),
    );
    if (hostKey && transport === "winrm") {
        reader.add(
            problem(
                "connection.hostKey",
                hostKey,
                'is an SSH fingerprint but transport is "winrm"',
                "pin the WinRM certificate with winrm.certThumbprint instead",
            ),
        );
    }
    const proxyCommand = reader.string(
        "connection.proxyCommand",
        raw.proxyCommand,
        "nc %h %p",
        (path, text) =>
            text.trim() === ""
                ? problem(path, text, "is empty", "leave it unset for a direct connection")
                : undefined,
    );
    const powerShell = reader.choice("connection.powerShell", raw.powerShell, [
        "powershell.exe",
        "pwsh",
    ] as const);
    if (powerShell && os === "linux") {
        reader.add(
            problem(
                "connection.powerShell",
                powerShell,
                "is only for Windows hosts",
                'remove it for os "linux", whose scripts run in sh',
            ),
        );
    }
    return withoutUndefined({
        host,
        port: reader.integer("connection.port", raw.port, { ...portRange, example: 22 }),
        user,
        os,
        transport,
        password,
        privateKey,
        privateKeyPassphrase,
        hostKey,
        proxyCommand,
        powerShell,
        winrm: readWinRm(reader, raw.winrm),
        timeouts: readTimeouts(reader, raw.timeouts),
    }) as HostConnection;
}

/**
 * Every problem of `connection`, each naming the field, the value (never a secret's) and the fix;
 * empty when it is valid. The one connection validator: `check` of every resource and both
 * transports call it.
 */
export function connectionProblems(connection: unknown): string[] {
    const reader = new FieldReader();
    readConnection(reader, connection);
    return reader.problems;
}
