/** Certificates for HTTPS tests of the WinRM transport, made with the `openssl` CLI. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** PEM material for an HTTPS double: a CA, a server certificate it signed, and an unrelated CA. */
export interface TestCertificates {
    dir: string;
    caCert: string;
    serverKey: string;
    serverCert: string;
    otherCaCert: string;
    /** The server certificate's SHA-256 and SHA-1 thumbprints, upper-case hex with colons. */
    sha256: string;
    sha1: string;
}

/** Prefix of the temporary directories holding generated certificates. */
export const CERTIFICATE_DIR_PREFIX = "l2b-winrm-tls-";

/**
 * Removes certificate directories (with `prefix`) left behind by a crashed earlier run: those
 * older than an hour, so a run in progress elsewhere keeps its own.
 */
export function removeStaleCertificateDirs(prefix = CERTIFICATE_DIR_PREFIX): void {
    const cutoff = Date.now() - 3600_000;
    for (const name of fs.readdirSync(os.tmpdir())) {
        if (!name.startsWith(prefix)) continue;
        const dir = path.join(os.tmpdir(), name);
        if (fs.statSync(dir).mtimeMs < cutoff) fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Generates certificates with the `openssl` CLI into a fresh temporary directory. */
export function generateTestCertificates(): TestCertificates {
    removeStaleCertificateDirs();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), CERTIFICATE_DIR_PREFIX));
    const run = (...args: string[]): string =>
        execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] }).toString();
    for (const ca of ["ca", "other-ca"]) {
        run(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            `${ca}.key`,
            "-out",
            `${ca}.pem`,
            "-days",
            "2",
            "-subj",
            `/CN=l2bridge test ${ca}`,
        );
    }
    fs.writeFileSync(
        path.join(dir, "san.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    );
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    );
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf",
    );
    const fingerprint = (algorithm: string): string =>
        run("x509", "-in", "server.pem", "-noout", "-fingerprint", `-${algorithm}`)
            .split("=")[1]
            .trim();
    const read = (name: string): string => fs.readFileSync(path.join(dir, name), "utf8");
    return {
        dir,
        caCert: read("ca.pem"),
        serverKey: read("server.key"),
        serverCert: read("server.pem"),
        otherCaCert: read("other-ca.pem"),
        sha256: fingerprint("sha256"),
        sha1: fingerprint("sha1"),
    };
}

/** Deletes the directory of generated certificates. */
export function removeTestCertificates(certificates: TestCertificates | undefined): void {
    if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
}
