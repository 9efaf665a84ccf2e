import { expect } from "chai";
import { HResult } from "../../tools/hcn-emulator/hresults";
import { readHcnState, writeHcnState } from "../../tools/hcn-emulator/state";
import type { ReplyFrame } from "../../tools/hcn-emulator/frames";
import {
    l2bridgeNetwork,
    podEndpoint,
    query,
    startEmulatedHost,
    type EmulatedHost,
} from "./emulatorHost";

const portMapping = (external: number) => ({
    Type: "PortMapping",
    Settings: { Protocol: 6, InternalPort: 80, ExternalPort: external },
});

/** Creates the standard network and returns its open handle and ID. */
async function network(host: EmulatedHost): Promise<{ handle: string; id: string }> {
    const created = await host.client.create("Network", l2bridgeNetwork());
    expect(created.hresult, created.errorRecord ?? "").to.equal(0);
    const props = await host.client.query("Network", created.handle as string, query());
    return { handle: created.handle as string, id: JSON.parse(props.result as string).ID };
}

async function endpoint(
    host: EmulatedHost,
    netHandle: string,
    name: string,
    ip: string,
    policies: unknown[] = [],
): Promise<{ handle: string; id: string; reply: ReplyFrame }> {
    const reply = await host.client.createEndpoint(netHandle, podEndpoint(name, ip, policies));
    if (reply.hresult !== 0) return { handle: "", id: "", reply };
    const props = await host.client.query("Endpoint", reply.handle as string, query());
    return { handle: reply.handle as string, id: JSON.parse(props.result as string).ID, reply };
}

function expectFailure(reply: ReplyFrame, hresult: number, message: RegExp): void {
    expect(reply.hresult.toString(16), reply.errorRecord ?? "").to.equal(hresult.toString(16));
    const record = JSON.parse(reply.errorRecord as string);
    expect(record.Success).to.equal(false);
    expect(record.ErrorCode).to.equal(hresult);
    expect(record.Error).to.match(message);
}

describe("HCN emulator decisions (through the shim's socket protocol)", function () {
    this.timeout(20_000);
    let host: EmulatedHost;
    beforeEach(async () => (host = await startEmulatedHost()));
    afterEach(async () => host.dispose());

    const rows: { proves: string; run: () => Promise<void> }[] = [
        {
            proves: "HNS assigns an upper-case ID and Open accepts it in any case",
            run: async () => {
                const { id } = await network(host);
                expect(id).to.match(/^[0-9A-F-]{36}$/);
                expect((await host.client.open("Network", id.toLowerCase())).hresult).to.equal(0);
            },
        },
        {
            proves: "Create with a non-empty GUID keeps that GUID",
            run: async () => {
                const id = "1d3b2c4a-0000-4000-8000-000000000001";
                const created = await host.client.create("Network", l2bridgeNetwork(), id);
                const props = await host.client.query("Network", created.handle as string, query());
                expect(JSON.parse(props.result as string).ID).to.equal(id.toUpperCase());
            },
        },
        {
            proves: "Enumerate honours a Name filter and the endpoint's v1 VirtualNetwork key, case-insensitively",
            run: async () => {
                const { handle, id } = await network(host);
                await host.client.create(
                    "Network",
                    l2bridgeNetwork("other", "10.9.0.0/24", "10.9.0.1"),
                );
                expect(
                    JSON.parse(
                        (await host.client.enumerate("Network", query(2, { name: "cbr0" })))
                            .result as string,
                    ),
                ).to.deep.equal([id]);
                const ep = await endpoint(host, handle, "p", "10.244.1.5");
                const byNet = await host.client.enumerate(
                    "Endpoint",
                    query(2, { VirtualNetwork: id.toLowerCase() }),
                );
                expect(JSON.parse(byNet.result as string)).to.deep.equal([ep.id]);
            },
        },
        {
            proves: "schema 1 queries get the v1 shape: Subnets, ManagementIP of the bound adapter, DNSServerList as a comma string",
            run: async () => {
                const doc = {
                    ...l2bridgeNetwork(),
                    Dns: { ServerList: ["10.0.0.10", "10.0.0.11"] },
                };
                const created = await host.client.create("Network", doc);
                const v1 = JSON.parse(
                    (await host.client.query("Network", created.handle as string, query(1)))
                        .result as string,
                );
                expect(v1.Subnets).to.deep.equal([
                    { AddressPrefix: "10.244.1.0/24", GatewayAddress: "10.244.1.1", Policies: [] },
                ]);
                expect(v1.ManagementIP).to.equal("10.0.0.4");
                expect(v1.DNSServerList).to.equal("10.0.0.10,10.0.0.11");
            },
        },
        {
            proves: "a second network with the same name fails with 0x803B0010 and HNS's error record",
            run: async () => {
                await network(host);
                expectFailure(
                    await host.client.create("Network", l2bridgeNetwork()),
                    HResult.networkAlreadyExists,
                    /already exists/,
                );
            },
        },
        {
            proves: "malformed JSON, unknown fields and wrong types are HCN_E_INVALID_JSON",
            run: async () => {
                expectFailure(
                    await host.client.create("Network", "{not json"),
                    HResult.invalidJson,
                    /Invalid JSON/,
                );
                expectFailure(
                    await host.client.create("Network", { ...l2bridgeNetwork(), Colour: "red" }),
                    HResult.invalidJson,
                    /unknown field "Colour"/,
                );
                expectFailure(
                    await host.client.create("Network", { ...l2bridgeNetwork(), Flags: "0" }),
                    HResult.invalidJson,
                    /unsigned integer/,
                );
            },
        },
        {
            proves: "a subnet without a default-route gateway is refused",
            run: async () => {
                const doc = l2bridgeNetwork();
                (doc.Ipams as { Subnets: { Routes?: unknown }[] }[])[0].Subnets[0].Routes = [];
                expectFailure(
                    await host.client.create("Network", doc),
                    HResult.invalidSubnet,
                    /no default gateway/,
                );
            },
        },
        {
            proves: "an endpoint IP outside every subnet is 0x803B001E; a duplicate IP in the network is refused",
            run: async () => {
                const { handle } = await network(host);
                expectFailure(
                    (await endpoint(host, handle, "far", "10.9.9.9")).reply,
                    HResult.invalidIp,
                    /not in any subnet/,
                );
                await endpoint(host, handle, "a", "10.244.1.5");
                expectFailure(
                    (await endpoint(host, handle, "b", "10.244.1.5")).reply,
                    HResult.addressInvalidOrReserved,
                    /already in use/,
                );
            },
        },
        {
            proves: "a network policy type on an endpoint (and the reverse) is HCN_E_INVALID_POLICY_TYPE",
            run: async () => {
                const { handle } = await network(host);
                const wrong = [
                    { Type: "NetAdapterName", Settings: { NetworkAdapterName: "Ethernet" } },
                ];
                expectFailure(
                    (await endpoint(host, handle, "p", "10.244.1.5", wrong)).reply,
                    HResult.invalidPolicyType,
                    /not a endpoint policy/,
                );
                const doc = {
                    ...l2bridgeNetwork("n2", "10.9.0.0/24", "10.9.0.1"),
                    Policies: [portMapping(80)],
                };
                expectFailure(
                    await host.client.create("Network", doc),
                    HResult.invalidPolicyType,
                    /not a network policy/,
                );
            },
        },
        {
            proves: "policy Remove matches by content, an identical Add is 0x803B0012, a host port mapped twice is 0x803B0013",
            run: async () => {
                const { handle } = await network(host);
                const a = await endpoint(host, handle, "a", "10.244.1.5", [portMapping(8080)]);
                const add = (p: unknown) =>
                    host.client.modify("Endpoint", a.handle, {
                        ResourceType: "Policy",
                        RequestType: "Add",
                        Settings: { Policies: [p] },
                    });
                expectFailure(
                    await add(portMapping(8080)),
                    HResult.policyAlreadyExists,
                    /already exists/,
                );
                expectFailure(
                    (await endpoint(host, handle, "b", "10.244.1.6", [portMapping(8080)])).reply,
                    HResult.portAlreadyExists,
                    /already mapped/,
                );
                const remove = await host.client.modify("Endpoint", a.handle, {
                    ResourceType: "Policy",
                    RequestType: "Remove",
                    Settings: { Policies: [portMapping(8080)] },
                });
                expect(remove.hresult).to.equal(0);
                expect(readHcnState(host.stateDir).endpoints[0].Policies).to.deep.equal([]);
            },
        },
        {
            proves: "an endpoint sits in one namespace only (0x803B002B) and cannot be deleted while there (0x803B002C)",
            run: async () => {
                const { handle } = await network(host);
                const ep = await endpoint(host, handle, "a", "10.244.1.5");
                const ns1 = await host.client.create("Namespace", {
                    SchemaVersion: { Major: 2, Minor: 0 },
                });
                const ns2 = await host.client.create("Namespace", {
                    SchemaVersion: { Major: 2, Minor: 0 },
                });
                const addTo = (h: string) =>
                    host.client.modify("Namespace", h, {
                        ResourceType: "Endpoint",
                        RequestType: "Add",
                        Settings: { EndpointId: ep.id },
                    });
                expect((await addTo(ns1.handle as string)).hresult).to.equal(0);
                expectFailure(
                    await addTo(ns2.handle as string),
                    HResult.endpointInOtherNamespace,
                    /already in a namespace/,
                );
                expectFailure(
                    await host.client.delete("Endpoint", ep.id),
                    HResult.entityHasReferences,
                    /namespace/,
                );
                const detailed = JSON.parse(
                    (
                        await host.client.query(
                            "Namespace",
                            ns1.handle as string,
                            query(2, undefined, 1),
                        )
                    ).result as string,
                );
                expect(detailed.Resources[0].Data.ID).to.equal(ep.id);
            },
        },
        {
            proves: "a network with endpoints cannot be deleted (0x803B002C); a missing network is 0x803B0001",
            run: async () => {
                const { handle, id } = await network(host);
                await endpoint(host, handle, "a", "10.244.1.5");
                expectFailure(
                    await host.client.delete("Network", id),
                    HResult.entityHasReferences,
                    /Endpoints still exist/,
                );
                expectFailure(
                    await host.client.open("Network", "00000000-0000-0000-0000-0000000000aa"),
                    HResult.networkNotFound,
                    /not found/,
                );
            },
        },
        {
            proves: "only documented modifies pass: the adapter binding is immutable, DNS Update is accepted",
            run: async () => {
                const { handle } = await network(host);
                const adapter = {
                    Type: "NetAdapterName",
                    Settings: { NetworkAdapterName: "Ethernet" },
                };
                expectFailure(
                    await host.client.modify("Network", handle, {
                        ResourceType: "Policy",
                        RequestType: "Update",
                        Settings: { Policies: [adapter] },
                    }),
                    HResult.requestUnsupported,
                    /NetAdapterName cannot change/,
                );
                const dns = await host.client.modify("Network", handle, {
                    ResourceType: "DNS",
                    RequestType: "Update",
                    Settings: { ServerList: ["10.0.0.10"] },
                });
                expect(dns.hresult).to.equal(0);
            },
        },
        {
            proves: "features above the host's HNS version are refused: ModifyLoadBalancer < 15.4 is E_NOTIMPL, NetworkACL < 15.0, DSR < 9.3, the v2 API < 9.2",
            run: async () => {
                const state = readHcnState(host.stateDir);
                state.version = { major: 9, minor: 2 };
                writeHcnState(host.stateDir, state);
                const lbDoc = {
                    FrontendVIPs: ["10.96.0.10"],
                    PortMappings: [{ Protocol: 6, InternalPort: 80, ExternalPort: 80, Flags: 0 }],
                    Flags: 0,
                    SchemaVersion: { Major: 2, Minor: 0 },
                };
                const lb = await host.client.create("LoadBalancer", lbDoc);
                expect(lb.hresult, lb.errorRecord ?? "").to.equal(0);
                expectFailure(
                    await host.client.modify("LoadBalancer", lb.handle as string, lbDoc),
                    HResult.notImplemented,
                    /15\.4/,
                );
                expectFailure(
                    await host.client.create("LoadBalancer", { ...lbDoc, Flags: 1 }),
                    HResult.requestUnsupported,
                    /Direct server return/,
                );
                const { handle } = await network(host);
                const acl = {
                    Type: "NetworkACL",
                    Settings: {
                        Action: "Block",
                        Direction: "In",
                        Priority: 100,
                        RuleType: "Switch",
                    },
                };
                expectFailure(
                    await host.client.modify("Network", handle, {
                        ResourceType: "Policy",
                        RequestType: "Add",
                        Settings: { Policies: [acl] },
                    }),
                    HResult.requestUnsupported,
                    /NetworkACL/,
                );
                writeHcnState(host.stateDir, {
                    ...readHcnState(host.stateDir),
                    version: { major: 7, minor: 1 },
                });
                expectFailure(
                    await host.client.create(
                        "Network",
                        l2bridgeNetwork("x", "10.8.0.0/24", "10.8.0.1"),
                    ),
                    HResult.notImplemented,
                    /9\.2/,
                );
            },
        },
        {
            proves: "v1 reports the version and attaches an endpoint to the host once (0x803B0014 the second time)",
            run: async () => {
                const { handle } = await network(host);
                const ep = await endpoint(host, handle, "cbr0_ep", "10.244.1.2");
                const version = await host.client.v1("GET", "/globals/version");
                expect(JSON.parse(version.result as string)).to.deep.equal({
                    Success: true,
                    Output: { Major: 15, Minor: 4 },
                });
                const body = JSON.stringify({ SystemType: "Host", CompartmentId: 1 });
                expect(
                    (await host.client.v1("POST", `/endpoints/${ep.id}/attach`, body)).hresult,
                ).to.equal(0);
                const again = await host.client.v1("POST", `/endpoints/${ep.id}/attach`, body);
                expect(again.hresult).to.equal(HResult.endpointAlreadyAttached);
                expect(JSON.parse(again.result as string)).to.include({
                    Success: false,
                    Error: "This endpoint is already attached to the switch.",
                });
                expect(readHcnState(host.stateDir).hostAttach).to.deep.equal([
                    { endpointId: ep.id, compartmentId: 1 },
                ]);
            },
        },
        {
            proves: "an out-of-band state change (an HNS restart dropping endpoints) is seen by the next call",
            run: async () => {
                const { handle, id } = await network(host);
                const ep = await endpoint(host, handle, "a", "10.244.1.5");
                writeHcnState(host.stateDir, { ...readHcnState(host.stateDir), endpoints: [] });
                expectFailure(
                    await host.client.open("Endpoint", ep.id),
                    HResult.endpointNotFound,
                    /not found/,
                );
                expect((await host.client.delete("Network", id)).hresult).to.equal(0);
            },
        },
    ];

    for (const row of rows) it(row.proves, row.run);
});
