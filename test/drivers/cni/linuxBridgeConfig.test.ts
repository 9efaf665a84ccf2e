/**
 * The Linux CNI configuration list of a network: the exact document, its file path, values checked
 * where the document is composed, and how a read file becomes an observation (unchanged, a field
 * edited, an edit no field shows, a foreign file, not JSON).
 */
import { expect } from "chai";
import {
    cniConfigPath,
    cniDocumentText,
    contentSha256,
} from "../../../provider/drivers/cni/configFile";
import { observeConfigFile } from "../../../provider/drivers/cni/configObservation";
import {
    linuxBridgeConfig,
    readLinuxBridgeConfig,
} from "../../../provider/drivers/cni/linuxBridgeConfig";
import type { RuntimeNetworkConfigSpec } from "../../../provider/model/kinds";

const spec: RuntimeNetworkConfigSpec = {
    network: "cbr0",
    subnet: "10.244.3.0/24",
    runtime: "containerd",
    configDirectory: "/etc/cni/net.d",
    priority: 10,
    gateway: "10.244.3.2",
    rangeStart: "10.244.3.3",
    rangeEnd: "10.244.3.254",
    routes: ["0.0.0.0/0"],
    dns: { servers: ["10.0.0.10"], suffix: "corp.example", search: ["lab.example"] },
    cniVersion: "1.0.0",
};

const format = { render: linuxBridgeConfig, read: readLinuxBridgeConfig };
const path = "/etc/cni/net.d/10-cbr0.conflist";
const fileOf = (document: unknown) => ({
    kind: "file" as const,
    content: Buffer.from(cniDocumentText(document as object)),
});

describe("Linux CNI configuration list", () => {
    it("is the bridge plugin on the network's bridge, not addressing or masquerading it, host-local from .3 with routes and DNS", () => {
        expect(linuxBridgeConfig(spec)).to.deep.equal({
            cniVersion: "1.0.0",
            name: "cbr0",
            "pulumi-l2bridge": { network: "cbr0" },
            plugins: [
                {
                    type: "bridge",
                    bridge: "cbr0",
                    isGateway: false,
                    isDefaultGateway: false,
                    ipMasq: false,
                    hairpinMode: true,
                    ipam: {
                        type: "host-local",
                        ranges: [
                            [
                                {
                                    subnet: "10.244.3.0/24",
                                    rangeStart: "10.244.3.3",
                                    rangeEnd: "10.244.3.254",
                                    gateway: "10.244.3.2",
                                },
                            ],
                        ],
                        routes: [{ dst: "0.0.0.0/0", gw: "10.244.3.2" }],
                    },
                    dns: {
                        nameservers: ["10.0.0.10"],
                        domain: "corp.example",
                        search: ["lab.example"],
                    },
                },
            ],
        });
    });

    it("names host-local's record directory only when it is set, and leaves dns out when nothing is set", () => {
        const plugin = (
            linuxBridgeConfig({ ...spec, dns: undefined, ipamDataDirectory: "/run/cni" })
                .plugins as Record<string, unknown>[]
        )[0];
        expect(plugin).to.not.have.property("dns");
        expect(plugin.ipam).to.include({ dataDir: "/run/cni" });
    });

    it("fills .2, .3 and the last host address when the spec leaves them unset", () => {
        const plugin = (
            linuxBridgeConfig({ network: "cbr1", subnet: "10.244.4.0/25" }).plugins as Record<
                string,
                Record<string, unknown>
            >[]
        )[0];
        expect(plugin.ipam).to.deep.include({
            ranges: [
                [
                    {
                        subnet: "10.244.4.0/25",
                        rangeStart: "10.244.4.3",
                        rangeEnd: "10.244.4.126",
                        gateway: "10.244.4.2",
                    },
                ],
            ],
            routes: [{ dst: "0.0.0.0/0", gw: "10.244.4.2" }],
        });
    });

    it("lives at <directory>/<two-digit priority>-<network>.conflist", () => {
        expect(cniConfigPath(spec, "linux")).to.equal(path);
        expect(cniConfigPath({ ...spec, priority: 5, configDirectory: "/" }, "linux")).to.equal(
            "/05-cbr0.conflist",
        );
    });

    const refusals: [string, RuntimeNetworkConfigSpec, string][] = [
        [
            "a network holding a path separator",
            { ...spec, network: "../x" },
            'network: ../x has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0; it names the CNI network and its file',
        ],
        [
            "a relative directory",
            { ...spec, configDirectory: "cni" },
            "configDirectory: cni is not an absolute path; use the directory's absolute path such as /etc/cni/net.d; the CNI file cannot be placed there",
        ],
        [
            "a priority of three digits",
            { ...spec, priority: 100 },
            "priority 100 is not a whole number 0..99, so it cannot start a CNI file name",
        ],
    ];
    for (const [title, bad, message] of refusals) {
        it(`refuses ${title} where the path is composed`, () => {
            expect(() => cniConfigPath(bad, "linux")).to.throw(message);
        });
    }

    const documentRefusals: [string, RuntimeNetworkConfigSpec, string][] = [
        [
            "a gateway that is not an address",
            { ...spec, gateway: "10.244.3.2\n" },
            'gateway "10.244.3.2\\n" is not an IPv4 address, so it cannot be written to a CNI configuration; use a form like 10.244.3.2',
        ],
        [
            "a route that is not a canonical prefix",
            { ...spec, routes: ["10.0.0.1/8"] },
            'routes[0] "10.0.0.1/8" is not a canonical IPv4 prefix, so it cannot be written to a CNI configuration; use a form like 10.244.3.0/24',
        ],
        [
            "a DNS server that is not an address",
            { ...spec, dns: { servers: ["x"] } },
            'dns.servers[0] "x" is not an IPv4 address, so it cannot be written to a CNI configuration; use a form like 10.244.3.2',
        ],
    ];
    for (const [title, bad, message] of documentRefusals) {
        it(`refuses ${title} where the document is composed`, () => {
            expect(() => linuxBridgeConfig(bad)).to.throw(message);
        });
    }

    describe("observed", () => {
        it("as written: owned, the spec's state, the path and the content's hash", () => {
            const found = fileOf(linuxBridgeConfig(spec));
            expect(observeConfigFile(spec, path, found, format)).to.deep.equal({
                id: path,
                owned: true,
                state: spec,
                details: { configPath: path, contentSha256: contentSha256(found.content) },
            });
        });

        it("absent: no observation", () => {
            expect(observeConfigFile(spec, path, { kind: "absent" }, format)).to.equal(null);
        });

        it("with its subnet and range edited out of band: the fields show the file's values", () => {
            const edited = JSON.parse(JSON.stringify(linuxBridgeConfig(spec)));
            edited.plugins[0].ipam.ranges[0][0].subnet = "10.244.9.0/24";
            edited.plugins[0].ipam.ranges[0][0].rangeStart = "10.244.9.3";
            const state = observeConfigFile(spec, path, fileOf(edited), format)!.state;
            expect(state).to.include({ subnet: "10.244.9.0/24", rangeStart: "10.244.9.3" });
            expect(state.cniVersion).to.equal("1.0.0");
        });

        it("with a setting no field shows turned on (ipMasq): cniVersion reports the edit", () => {
            const edited = JSON.parse(JSON.stringify(linuxBridgeConfig(spec)));
            edited.plugins[0].ipMasq = true;
            const state = observeConfigFile(spec, path, fileOf(edited), format)!.state;
            expect(state.cniVersion).to.equal("1.0.0 (edited out of band)");
            expect(state.subnet).to.equal(spec.subnet);
        });

        it("without dataDir while the spec sets one: ipamDataDirectory is reported unset", () => {
            const wanted = { ...spec, ipamDataDirectory: "/run/cni" };
            const state = observeConfigFile(
                wanted,
                path,
                fileOf(linuxBridgeConfig(spec)),
                format,
            )!.state;
            expect(state).to.not.have.property("ipamDataDirectory");
        });

        it("marked for another network: not owned", () => {
            const other = linuxBridgeConfig({ ...spec, network: "cbr9" });
            expect(observeConfigFile(spec, path, fileOf(other), format)!.owned).to.equal(false);
        });

        it("written by another tool (no marker): not owned", () => {
            const foreign = linuxBridgeConfig(spec);
            delete foreign["pulumi-l2bridge"];
            expect(observeConfigFile(spec, path, fileOf(foreign), format)!.owned).to.equal(false);
        });

        it("not JSON: not owned, with no subnet", () => {
            const found = { kind: "file" as const, content: Buffer.from("# hand-written\n") };
            const observed = observeConfigFile(spec, path, found, format)!;
            expect(observed.owned).to.equal(false);
            expect(observed.state.subnet).to.equal("");
        });

        it("a symbolic link or a directory: not owned, expected content 'other'", () => {
            const observed = observeConfigFile(
                spec,
                path,
                { kind: "other", what: "symbolic link" },
                format,
            )!;
            expect(observed.owned).to.equal(false);
            expect(observed.details.contentSha256).to.equal("other");
        });
    });
});
