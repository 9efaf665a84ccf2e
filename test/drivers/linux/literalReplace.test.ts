/**
 * Templates completed on the host (a network's resolv.conf, rules pointing at an endpoint) take
 * their values literally: the real shell functions run in `sh` with values that a sed program
 * would read as commands, and nothing runs.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { networkResolvFunction } from "../../../provider/drivers/linux/containerEndpoint";
import {
    endpointInfoFunctions,
    placeholders,
} from "../../../provider/drivers/linux/endpointLookup";
import { gatewayPlaceholder } from "../../../provider/drivers/linux/resolvConf";

function sh(script: string, args: string[], env: Record<string, string> = {}): string {
    return execFileSync("sh", ["-c", script, "sh", ...args], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    }).toString();
}

describe("host templates are completed by literal replacement, never by a sed program", () => {
    let dir: string;
    let mark: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "l2b-replace-"));
        mark = join(dir, "ran");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    afterEach(() => rmSync(mark, { force: true }));

    const template = `nameserver ${gatewayPlaceholder}\nsearch corp.example\n`;
    const gateways = (markFile: () => string): [string, () => string][] => [
        ["a plain gateway", () => "10.244.1.2"],
        ["a gateway with a sed e command", () => `10.244.1.2/;e touch ${markFile()};#`],
        ["a gateway with a sed delimiter and &", () => "10.244.1.2|&/\\1"],
        ["a gateway with a command substitution", () => `$(touch ${markFile()})`],
        ["a gateway with quotes and a newline", () => `a'b"c\nd`],
    ];
    for (const [title, gateway] of gateways(() => mark)) {
        it(`network_resolv writes ${title} as text and runs nothing`, () => {
            const file = join(dir, "net.resolv");
            writeFileSync(file, template);
            const value = gateway();
            const out = sh(`${networkResolvFunction}\nnetwork_resolv "$1" "$2" "$3"`, [
                file,
                gatewayPlaceholder,
                value,
            ]);
            expect(out).to.equal(template.split(gatewayPlaceholder).join(value));
            expect(existsSync(mark)).to.equal(false);
        });
    }

    it("network_resolv prints nothing when the network left no template", () => {
        const out = sh(`${networkResolvFunction}\nnetwork_resolv "$1" "$2" "$3"`, [
            join(dir, "absent"),
            gatewayPlaceholder,
            "10.244.1.2",
        ]);
        expect(out).to.equal("");
    });

    for (const [title, address] of gateways(() => mark)) {
        it(`fill completes a rule template with ${title.replace("gateway", "value")} as text`, () => {
            const rule = `ip daddr ${placeholders.address} oifname "${placeholders.bridge}" ip saddr ${placeholders.subnet} accept`;
            const value = address();
            const out = sh(`${endpointInfoFunctions}\nfill "$1"`, [rule], {
                EP_ADDRESS: value,
                EP_SUBNET: "10.244.1.0/24",
                EP_BRIDGE: "cbr0",
            });
            expect(out).to.equal(
                rule
                    .split(placeholders.address)
                    .join(value)
                    .split(placeholders.subnet)
                    .join("10.244.1.0/24")
                    .split(placeholders.bridge)
                    .join("cbr0") + "\n",
            );
            expect(existsSync(mark)).to.equal(false);
        });
    }
});
