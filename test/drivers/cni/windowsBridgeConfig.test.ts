/**
 * The Windows CNI configuration of a network for Microsoft's sdnbridge plugin: the exact document
 * (the schema of microsoft/windows-container-networking: `name` is the HNS network, the gateway in
 * `ipam.routes[0].GW`, HCN v2 endpoint policies in `AdditionalArgs`), its path, and how it reads back.
 */
import { expect } from "chai";
import { cniConfigPath, cniDocumentText } from "../../../provider/drivers/cni/configFile";
import { observeConfigFile } from "../../../provider/drivers/cni/configObservation";
import {
    readWindowsBridgeConfig,
    windowsBridgeConfig,
} from "../../../provider/drivers/cni/windowsBridgeConfig";
import type { RuntimeNetworkConfigSpec } from "../../../provider/model/kinds";

const spec: RuntimeNetworkConfigSpec = {
    network: "winl2bridge",
    subnet: "10.244.3.0/24",
    runtime: "containerd",
    configDirectory: "C:\\Program Files\\containerd\\cni\\conf",
    priority: 10,
    gateway: "10.244.3.2",
    encapRoutes: ["10.0.0.4/32", "10.96.0.10/32"],
    dns: { servers: ["10.0.0.10"], suffix: "corp.example", search: ["lab.example"] },
    outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "10.0.0.0/24"] },
    cniVersion: "1.0.0",
};
const format = { render: windowsBridgeConfig, read: readWindowsBridgeConfig };
const path = "C:\\Program Files\\containerd\\cni\\conf\\10-winl2bridge.conf";

describe("Windows CNI configuration (sdnbridge)", () => {
    it("names the HNS network, routes through the gateway endpoint, and carries outbound NAT with its exceptions and the encapsulated routes", () => {
        expect(windowsBridgeConfig(spec)).to.deep.equal({
            cniVersion: "1.0.0",
            name: "winl2bridge",
            type: "sdnbridge",
            "pulumi-l2bridge": { network: "winl2bridge" },
            capabilities: { portMappings: true, dnsCapabilities: true },
            ipam: { subnet: "10.244.3.0/24", routes: [{ GW: "10.244.3.2" }] },
            dns: { Nameservers: ["10.0.0.10"], Domain: "corp.example", Search: ["lab.example"] },
            AdditionalArgs: [
                {
                    Name: "EndpointPolicy",
                    Value: {
                        Type: "OutBoundNAT",
                        Settings: { Exceptions: ["10.244.0.0/16", "10.0.0.0/24"] },
                    },
                },
                {
                    Name: "EndpointPolicy",
                    Value: {
                        Type: "SDNRoute",
                        Settings: { DestinationPrefix: "10.0.0.4/32", NeedEncap: true },
                    },
                },
                {
                    Name: "EndpointPolicy",
                    Value: {
                        Type: "SDNRoute",
                        Settings: { DestinationPrefix: "10.96.0.10/32", NeedEncap: true },
                    },
                },
            ],
        });
    });

    it("carries no NAT policy when outbound NAT is off", () => {
        const document = windowsBridgeConfig({ ...spec, outboundNat: { enabled: false } });
        expect(
            (document.AdditionalArgs as { Value: { Type: string } }[]).map((a) => a.Value.Type),
        ).to.deep.equal(["SDNRoute", "SDNRoute"]);
    });

    it("lives at <directory>\\<two-digit priority>-<network>.conf", () => {
        expect(cniConfigPath(spec, "windows")).to.equal(path);
    });

    it("refuses an encapsulated route that is not a canonical prefix where the document is composed", () => {
        expect(() => windowsBridgeConfig({ ...spec, encapRoutes: ["10.0.0.4"] })).to.throw(
            'encapRoutes[0] "10.0.0.4" is not a canonical IPv4 prefix, so it cannot be written to a CNI configuration; use a form like 10.244.3.0/24',
        );
    });

    it("reads back as the spec when unchanged, and shows a dropped NAT exception", () => {
        const found = (document: object) => ({
            kind: "file" as const,
            content: Buffer.from(cniDocumentText(document)),
        });
        expect(
            observeConfigFile(spec, path, found(windowsBridgeConfig(spec)), format)!.state,
        ).to.deep.equal(spec);
        const edited = JSON.parse(JSON.stringify(windowsBridgeConfig(spec)));
        edited.AdditionalArgs[0].Value.Settings.Exceptions.pop();
        expect(
            observeConfigFile(spec, path, found(edited), format)!.state.outboundNat,
        ).to.deep.equal({
            enabled: true,
            exceptions: ["10.244.0.0/16"],
        });
    });
});
