import { expect } from "chai";
import { FakeHosts } from "../support/fakeDriver";
import { checkedInputs, providers } from "./providers";
import type { ResourceClassName } from "./samples";
import { linuxConnection, resourceClassNames } from "./samples";

/** Output keys each class must return besides its inputs. */
const kindOutputs: Record<ResourceClassName, string[]> = {
    L2BridgeNetwork: ["networkId", "hostInterface", "managementIp"],
    GatewayEndpoint: ["endpointId", "interfaceAlias", "macAddress"],
    ContainerEndpoint: ["endpointId", "macAddress"],
    ContainerRoute: ["resolvedInterface"],
    HnsLoadBalancer: ["loadBalancerId"],
    EndpointAcl: ["ruleCount"],
    PortPublish: ["mappingId", "containerIp"],
    RuntimeNetworkConfig: ["configPath"],
};

const host = linuxConnection.host;

describe("create, read, delete of every kind", () => {
    let hosts: FakeHosts;
    let restore: () => void;

    beforeEach(() => {
        hosts = new FakeHosts();
        restore = hosts.install();
        hosts.place(host, "l2BridgeNetwork", {
            owned: true,
            state: { name: "cbr0", subnet: "10.244.3.0/24" },
            details: {},
        });
        hosts.place(host, "containerEndpoint", {
            owned: true,
            state: { name: "web-cbr0", ipAddress: "10.244.3.10" },
            details: {},
        });
    });
    afterEach(() => restore());

    for (const kind of resourceClassNames) {
        it(`${kind}: outputs carry ${kindOutputs[kind].join(", ")}, read finds it, delete removes it`, async () => {
            const provider = providers[kind];
            // The network sample is renamed so it does not meet the network placed above.
            const patch = kind === "L2BridgeNetwork" ? { name: "cbr1" } : {};
            const inputs = await checkedInputs(kind, patch);
            const { id, outs } = await provider.create(inputs);
            for (const key of [...kindOutputs[kind], "hostKeyFingerprint"]) {
                expect(outs[key], key).to.not.equal(undefined);
            }
            expect(JSON.parse(JSON.stringify(outs))).to.deep.equal(outs);

            const read = await provider.read(id, outs);
            expect(read.id).to.equal(id);
            expect(read.props).to.deep.equal(outs);

            await provider.delete(id, outs);
            const afterDelete = await provider.read(id, outs);
            expect(afterDelete.id).to.equal(undefined);
        });
    }
});
