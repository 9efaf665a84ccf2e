import { expect } from "chai";
import { execFileSync } from "child_process";
import { createHash, X509Certificate } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    endPointHashAlgorithm,
    tlsServerEndPointBinding,
} from "../../provider/transport/ntlm/channelBindings";
import { removeStaleCertificateDirs } from "../support/wsmanDoubleCertificates";

/** A self-signed certificate (DER) signed with `digest` and a key made by `keyArgs`. */
function certificate(dir: string, name: string, digest: string, keyArgs: string[]): Buffer {
    execFileSync(
        "openssl",
        [
            "req",
            "-x509",
            ...keyArgs,
            "-nodes",
            `-${digest}`,
            "-keyout",
            `${name}.key`,
            "-out",
            `${name}.pem`,
            "-days",
            "1",
            "-subj",
            `/CN=${name}`,
        ],
        { cwd: dir, stdio: "ignore" },
    );
    return new X509Certificate(fs.readFileSync(path.join(dir, `${name}.pem`))).raw;
}

describe("TLS channel binding (RFC 5929 tls-server-end-point)", function () {
    this.timeout(30000);
    let dir: string;

    before(() => {
        removeStaleCertificateDirs("l2b-cbt-");
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "l2b-cbt-"));
    });

    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const rows: { name: string; digest: string; key: string[]; hash: string }[] = [
        { name: "rsa-sha256", digest: "sha256", key: ["-newkey", "rsa:2048"], hash: "sha256" },
        { name: "rsa-sha1", digest: "sha1", key: ["-newkey", "rsa:2048"], hash: "sha256" },
        { name: "rsa-sha384", digest: "sha384", key: ["-newkey", "rsa:2048"], hash: "sha384" },
        { name: "rsa-sha512", digest: "sha512", key: ["-newkey", "rsa:2048"], hash: "sha512" },
        {
            name: "ecdsa-sha384",
            digest: "sha384",
            key: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
            hash: "sha384",
        },
    ];
    for (const row of rows) {
        it(`a certificate signed with ${row.name} binds with ${row.hash}`, () => {
            const der = certificate(dir, row.name, row.digest, row.key);
            expect(endPointHashAlgorithm(der)).to.equal(row.hash);
            const applicationData = Buffer.concat([
                Buffer.from("tls-server-end-point:"),
                createHash(row.hash).update(der).digest(),
            ]);
            const structure = Buffer.concat([
                Buffer.alloc(16),
                Buffer.from([applicationData.length, 0, 0, 0]),
                applicationData,
            ]);
            expect(tlsServerEndPointBinding(der).toString("hex")).to.equal(
                createHash("md5").update(structure).digest("hex"),
            );
        });
    }

    it("falls back to SHA-256 for bytes that are not a certificate", () => {
        expect(endPointHashAlgorithm(Buffer.from("not der"))).to.equal("sha256");
    });
});
