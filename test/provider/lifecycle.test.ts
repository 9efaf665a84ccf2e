import { expect } from "chai";
import { FakeHosts } from "../support/fakeDriver";
import { checkedInputs, providers } from "./providers";
import { linuxConnection } from "./samples";

const host = linuxConnection.host;

/** The inputs without connection and adopt: what a driver stores. */
function specOf(inputs: Record<string, unknown>): Record<string, unknown> {
    const spec = { ...inputs };
    delete spec.connection;
    delete spec.adopt;
    return spec;
}

function containsUndefined(value: unknown): boolean {
    if (value === undefined) {
        return true;
    }
    return (
        typeof value === "object" && value !== null && Object.values(value).some(containsUndefined)
    );
}

describe("provider lifecycle with a recording fake driver", () => {
    let hosts: FakeHosts;
    let restore: () => void;

    beforeEach(() => {
        hosts = new FakeHosts();
        restore = hosts.install();
    });
    afterEach(() => restore());

    describe("create", () => {
        it("creates a missing network with one observe and one apply", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            const result = await providers.L2BridgeNetwork.create(inputs);
            expect(result.id).to.match(/^l2BridgeNetwork-/);
            expect(hosts.calls.map((call) => `${call.method}:${call.action ?? ""}`)).to.deep.equal([
                "observe:",
                "apply:create",
            ]);
            expect(hosts.find(host, "l2BridgeNetwork", { name: "cbr0" })?.state.subnet).to.equal(
                "10.244.3.0/24",
            );
        });

        it("returns outputs = normalised inputs + kind outputs + hostKeyFingerprint, without undefined", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            const { id, outs } = await providers.L2BridgeNetwork.create(inputs);
            expect(outs).to.deep.include({
                name: "cbr0",
                gateway: "10.244.3.1",
                mode: "l2bridge",
                networkId: id,
                hostInterface: "cbr0",
                managementIp: "",
                hostKeyFingerprint: "SHA256:fakefakefakefakefakefakefakefakefakefakefak",
            });
            expect(containsUndefined(outs)).to.equal(false);
        });

        it("adopts an owned object that already matches with zero applies", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            const spec = specOf(inputs);
            hosts.place(host, "l2BridgeNetwork", {
                owned: true,
                state: spec,
                details: {},
                id: "net-existing",
            });
            const result = await providers.L2BridgeNetwork.create(inputs);
            expect(result.id).to.equal("net-existing");
            expect(hosts.callsOf("apply")).to.have.length(0);
        });

        it("brings an owned object that differs to the spec with one update", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            const spec = specOf(inputs);
            hosts.place(host, "l2BridgeNetwork", {
                owned: true,
                state: { ...spec, dns: { servers: ["10.0.0.53"], search: [] } },
                details: {},
            });
            await providers.L2BridgeNetwork.create(inputs);
            expect(hosts.callsOf("apply").map((call) => call.action)).to.deep.equal(["update"]);
            expect(hosts.find(host, "l2BridgeNetwork", { name: "cbr0" })?.state.dns).to.deep.equal({
                servers: [],
                search: [],
            });
        });

        it("refuses a foreign object of the same name, naming it and the fix", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            hosts.place(host, "l2BridgeNetwork", {
                owned: false,
                state: { name: "cbr0" },
                details: {},
            });
            let message = "";
            await providers.L2BridgeNetwork.create(inputs).catch(
                (error: Error) => (message = error.message),
            );
            expect(message).to.equal(
                "L2BridgeNetwork: network cbr0 already exists on host 10.77.0.11 but was not created by pulumi-l2bridge (no ownership marker); set adopt: true to take it over, or choose another name",
            );
            expect(hosts.callsOf("apply")).to.have.length(0);
        });

        it("takes over a foreign object with adopt: true", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork", { adopt: true });
            hosts.place(host, "l2BridgeNetwork", {
                owned: false,
                state: { name: "cbr0", subnet: "10.244.3.0/24" },
                details: {},
                id: "docker-net",
            });
            const result = await providers.L2BridgeNetwork.create(inputs);
            expect(result.id).to.equal("docker-net");
            expect(result.outs.adopt).to.equal(true);
        });

        it("fails a port mapping whose endpoint does not exist, before touching the host", async () => {
            const inputs = await checkedInputs("PortPublish");
            let message = "";
            await providers.PortPublish.create(inputs).catch(
                (error: Error) => (message = error.message),
            );
            expect(message).to.equal(
                "PortPublish: port mapping tcp/8080 to endpoint web-cbr0 needs ContainerEndpoint web-cbr0, which does not exist on host 10.77.0.11; create it first (pass it in dependsOn) or fix the name",
            );
            expect(hosts.callsOf("apply")).to.have.length(0);
        });

        it("reads the container address of a port mapping from its endpoint", async () => {
            hosts.place(host, "containerEndpoint", {
                owned: true,
                state: { name: "web-cbr0", ipAddress: "10.244.3.10" },
                details: {},
            });
            const { outs } = await providers.PortPublish.create(await checkedInputs("PortPublish"));
            expect(outs).to.deep.include({
                containerIp: "10.244.3.10",
                mappingId: "web-cbr0/tcp/8080",
            });
        });

        it("fails an ACL whose endpoint does not exist", async () => {
            let message = "";
            await providers.EndpointAcl.create(await checkedInputs("EndpointAcl")).catch(
                (error: Error) => (message = error.message),
            );
            expect(message).to.match(
                /^EndpointAcl: ACL of endpoint web-cbr0 needs ContainerEndpoint web-cbr0, which does not exist/,
            );
        });

        it("fails a load balancer whose network does not exist", async () => {
            let message = "";
            await providers.HnsLoadBalancer.create(await checkedInputs("HnsLoadBalancer")).catch(
                (error: Error) => (message = error.message),
            );
            expect(message).to.match(
                /^HnsLoadBalancer: load balancer web-lb needs L2BridgeNetwork cbr0, which does not exist/,
            );
        });

        it("marks a failed update of an adopted object with its id (partial failure)", async () => {
            const inputs = await checkedInputs("L2BridgeNetwork");
            hosts.place(host, "l2BridgeNetwork", {
                owned: true,
                state: { name: "cbr0", subnet: "10.9.0.0/24" },
                details: {},
                id: "net-7",
            });
            hosts.failNext("update", new Error("HNS said no"));
            let caught: (Error & { id?: string }) | undefined;
            await providers.L2BridgeNetwork.create(inputs).catch((error) => (caught = error));
            expect(caught?.message).to.equal("HNS said no");
            expect(caught?.id).to.equal("net-7");
        });
    });

    describe("read", () => {
        it("reports drift: the observed state replaces the stored spec fields", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            const object = hosts.find(host, "l2BridgeNetwork", { name: "cbr0" });
            (object as { state: Record<string, unknown> }).state.dns = {
                servers: ["192.0.2.53"],
                search: [],
            };
            const result = await providers.L2BridgeNetwork.read(id, outs);
            expect(result.id).to.equal(id);
            expect(result.inputs?.dns).to.deep.equal({ servers: ["192.0.2.53"], search: [] });
            expect(result.props?.dns).to.deep.equal({ servers: ["192.0.2.53"], search: [] });
            expect(result.inputs).to.not.have.property("networkId");
        });

        it("returns no id when the object is gone, so refresh drops it", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.remove(host, "l2BridgeNetwork", { name: "cbr0" });
            const result = await providers.L2BridgeNetwork.read(id, outs);
            expect(result.id).to.equal(undefined);
        });

        it("costs one observe and no apply when nothing drifted", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.calls.length = 0;
            const result = await providers.L2BridgeNetwork.read(id, outs);
            expect(result.props).to.deep.equal(outs);
            expect(hosts.calls.map((call) => call.method)).to.deep.equal(["observe"]);
        });
    });

    describe("update", () => {
        it("applies one in-place update when the spec changed", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.calls.length = 0;
            const news = await checkedInputs("L2BridgeNetwork", {
                outboundNat: { exceptions: ["10.244.0.0/16"] },
            });
            const result = await providers.L2BridgeNetwork.update(id, outs, news);
            expect(hosts.callsOf("apply").map((call) => call.action)).to.deep.equal(["update"]);
            expect(result.outs?.outboundNat).to.deep.equal({
                enabled: true,
                exceptions: ["10.244.0.0/16"],
            });
        });

        it("applies nothing when only the credentials changed", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.calls.length = 0;
            const news = await checkedInputs("L2BridgeNetwork", {
                connection: {
                    ...linuxConnection,
                    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nrotated\n",
                },
            });
            await providers.L2BridgeNetwork.update(id, outs, news);
            expect(hosts.callsOf("apply")).to.have.length(0);
        });

        it("recreates an object that vanished since the last run", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.remove(host, "l2BridgeNetwork", { name: "cbr0" });
            hosts.calls.length = 0;
            await providers.L2BridgeNetwork.update(
                id,
                outs,
                await checkedInputs("L2BridgeNetwork"),
            );
            expect(hosts.callsOf("apply").map((call) => call.action)).to.deep.equal(["create"]);
        });

        it("carries the id on a failed update", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.failNext("update", new Error("timed out"));
            const news = await checkedInputs("L2BridgeNetwork", { serveNames: false });
            let caught: (Error & { id?: string }) | undefined;
            await providers.L2BridgeNetwork.update(id, outs, news).catch(
                (error) => (caught = error),
            );
            expect(caught?.id).to.equal(id);
        });
    });

    describe("delete", () => {
        it("removes an owned object with one delete", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            await providers.L2BridgeNetwork.delete(id, outs);
            expect(hosts.find(host, "l2BridgeNetwork", { name: "cbr0" })).to.equal(undefined);
            expect(hosts.callsOf("apply", "delete")).to.have.length(1);
        });

        it("succeeds without any apply when the object is already gone", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.remove(host, "l2BridgeNetwork", { name: "cbr0" });
            hosts.calls.length = 0;
            await providers.L2BridgeNetwork.delete(id, outs);
            expect(hosts.callsOf("apply")).to.have.length(0);
        });

        it("leaves a foreign object alone when it was not adopted", async () => {
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork"),
            );
            hosts.place(host, "l2BridgeNetwork", {
                owned: false,
                state: { name: "cbr0" },
                details: {},
            });
            await providers.L2BridgeNetwork.delete(id, outs);
            expect(hosts.find(host, "l2BridgeNetwork", { name: "cbr0" })?.owned).to.equal(false);
            expect(hosts.callsOf("apply", "delete")).to.have.length(0);
        });

        it("deletes a foreign object it adopted", async () => {
            hosts.place(host, "l2BridgeNetwork", {
                owned: false,
                state: { name: "cbr0" },
                details: {},
            });
            const { id, outs } = await providers.L2BridgeNetwork.create(
                await checkedInputs("L2BridgeNetwork", { adopt: true }),
            );
            hosts.place(host, "l2BridgeNetwork", {
                owned: false,
                state: { name: "cbr0" },
                details: {},
            });
            await providers.L2BridgeNetwork.delete(id, outs);
            expect(hosts.find(host, "l2BridgeNetwork", { name: "cbr0" })).to.equal(undefined);
        });
    });
});

describe("read without a stored connection (import)", () => {
    it("fails saying import is unsupported and adopt is the way", async () => {
        let message = "";
        await providers.L2BridgeNetwork.read("net-1", {}).catch(
            (error: Error) => (message = error.message),
        );
        expect(message).to.equal(
            "L2BridgeNetwork net-1: cannot be read without its stored connection; importing is not supported for dynamic resources, declare the resource with adopt: true instead",
        );
    });
});
