import { expect } from "chai";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { goldenDocuments } from "./goldenDocuments";
import {
    endpointPolicyViolations,
    endpointViolations,
    loadBalancerViolations,
    networkViolations,
} from "../../../tools/hcn-emulator/hcnSchema";

const goldenDir = join(__dirname, "..", "..", "fixtures", "windows", "golden");

/** Which schema check applies to each golden file. */
const checks: Record<string, (doc: unknown) => string[]> = {
    "network-dns-nat.json": networkViolations,
    "network-nat-record.json": (doc) =>
        endpointPolicyViolations([
            {
                Type: "OutBoundNAT",
                Settings: {
                    Exceptions: (doc as { outboundNat: { exceptions: string[] } }).outboundNat
                        .exceptions,
                },
            },
        ]),
    "endpoint-inheriting-nat.json": endpointViolations,
    "gateway-endpoint.json": endpointViolations,
    "port-80-on-8080.json": (doc) => endpointPolicyViolations(doc),
    "load-balancer-8090.json": loadBalancerViolations,
    "remote-backend-endpoint.json": endpointViolations,
    "acl-allow-80-from-one.json": (doc) => endpointPolicyViolations(doc),
    "multi-nic-container.json": (doc) => (doc as unknown[]).flatMap(endpointViolations),
};

describe("golden HCN documents of the l2bridge article's scenarios", () => {
    for (const [file, build] of Object.entries(goldenDocuments)) {
        it(`${file}: the builders produce exactly the reviewed document`, () => {
            const built = build();
            if (process.env.L2B_UPDATE_GOLDEN === "1") {
                writeFileSync(join(goldenDir, file), JSON.stringify(built, null, 4) + "\n");
            }
            const golden = JSON.parse(readFileSync(join(goldenDir, file), "utf8"));
            expect(built).to.deep.equal(golden);
        });
        it(`${file}: satisfies the HCN schema facts`, () => {
            const golden = JSON.parse(readFileSync(join(goldenDir, file), "utf8"));
            expect(checks[file](golden)).to.deep.equal([]);
        });
    }
});
