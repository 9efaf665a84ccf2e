/**
 * Texts of host files (resolv.conf, the network's hosts file) keep one value per word and one
 * entry per line: the writers refuse a value that would add a line, naming field and value.
 */
import { expect } from "chai";
import { hostsLine } from "../../../provider/drivers/linux/containerEndpoint";
import { gatewayPlaceholder, renderResolvConf } from "../../../provider/drivers/linux/resolvConf";
import type { ContainerEndpointSpec } from "../../../provider/model/kinds";

const endpoint = {
    network: "cbr0",
    subnet: "10.244.1.0/24",
    container: "web1",
    ipAddress: "10.244.1.10",
} as ContainerEndpointSpec;

const wordRule = "use 1 to 253 printable characters without spaces, line breaks, '#' or ';'";

const rows: [string, () => string, string][] = [
    [
        "a dns.suffix with a nameserver line appended",
        () => renderResolvConf(["10.0.0.10"], { suffix: "corp.example\nnameserver 6.6.6.6" }),
        `dns.suffix "corp.example\\nnameserver 6.6.6.6" cannot be written as one word of resolv.conf; ${wordRule}`,
    ],
    [
        "a dns.search entry with a space",
        () => renderResolvConf(["10.0.0.10"], { search: ["a.example", "b c"] }),
        `dns.search[1] "b c" cannot be written as one word of resolv.conf; ${wordRule}`,
    ],
    [
        "a dns.servers entry with an options line appended",
        () => renderResolvConf(["10.0.0.10\noptions ndots:15"], {}),
        'dns.servers[0] "10.0.0.10\\noptions ndots:15" is not an IPv4 address, so it cannot be written to resolv.conf; use a form like 10.0.0.10',
    ],
    [
        "an endpoint name with a hosts line appended",
        () => hostsLine({ ...endpoint, name: "v1\n10.0.0.1 bank" }),
        `name "v1\\n10.0.0.1 bank" cannot be written as one word of the network's hosts file; ${wordRule}`,
    ],
    [
        "a container with a hosts line appended",
        () => hostsLine({ ...endpoint, container: "web1\n10.0.0.1" }),
        `container "web1\\n10.0.0.1" cannot be written as one word of the network's hosts file; ${wordRule}`,
    ],
    [
        "an ipAddress with a second name",
        () => hostsLine({ ...endpoint, ipAddress: "10.244.1.10 bank" }),
        `ipAddress "10.244.1.10 bank" is not an IPv4 address, so it cannot be written to the network's hosts file; use a form like 10.0.0.10`,
    ],
];

describe("host file texts refuse values that would add lines", () => {
    for (const [title, render, message] of rows) {
        it(`refuses ${title}`, () => {
            expect(render).to.throw(Error).with.property("message", message);
        });
    }

    it("writes valid values one per word, one entry per line", () => {
        expect(
            renderResolvConf([gatewayPlaceholder, "10.0.0.10"], {
                suffix: "corp.example",
                search: ["lab.example"],
            }),
        ).to.equal(
            `nameserver ${gatewayPlaceholder}\nnameserver 10.0.0.10\nsearch corp.example lab.example\n`,
        );
        expect(hostsLine(endpoint)).to.equal("10.244.1.10 web1 # ep=web1-cbr0");
    });
});
