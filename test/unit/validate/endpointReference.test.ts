import { expect } from "chai";
import { checkHnsLoadBalancer, checkPortPublish } from "../../../provider/validate";
import { canonicalEndpointId, endpointKey } from "../../../provider/validate/endpointReference";
import { samples, windowsConnection } from "../../provider/samples";

describe("endpoint references: the one stored spelling of each way to name an endpoint", () => {
    const idRows: [string, string, string | undefined][] = [
        [
            "a lower-case GUID stays as written",
            "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
            "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        ],
        [
            "an upper-case GUID is stored in lower case",
            "6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F",
            "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        ],
        [
            "braces are dropped",
            "{6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f}",
            "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        ],
        ["a GUID without dashes is not an ID", "6f3b2c8e1a2b4c3d8e9f0a1b2c3d4e5f", undefined],
        ["a name is not an ID", "web-cbr0", undefined],
    ];
    for (const [title, text, expected] of idRows) {
        it(`endpoint ID: ${title}`, () => {
            expect(canonicalEndpointId(text)).to.equal(expected);
        });
    }

    const keyRows: [string, Parameters<typeof endpointKey>[0], string][] = [
        ["a named endpoint keys by its name", { endpoint: "web-cbr0" }, "web-cbr0"],
        ["an address keys as ip:<address>", { endpointIp: "10.244.3.10" }, "ip:10.244.3.10"],
        [
            "an HNS ID keys as id:<ID>",
            { endpointId: "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" },
            "id:6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        ],
        [
            "an endpoint named like an address keeps its name (names cannot hold ':')",
            { endpoint: "10.244.3.10" },
            "10.244.3.10",
        ],
    ];
    for (const [title, reference, expected] of keyRows) {
        it(`key: ${title}`, () => {
            expect(endpointKey(reference)).to.equal(expected);
        });
    }

    it("check stores a PortPublish endpointId in lower case without braces", () => {
        const { inputs, problems } = checkPortPublish({
            ...samples.PortPublish,
            connection: windowsConnection,
            endpoint: undefined,
            endpointId: "{6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F}",
        });
        expect(problems).to.deep.equal([]);
        expect(inputs).to.include({ endpointId: "6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" });
        expect(inputs).to.not.have.property("endpoint");
    });

    it("check stores load balancer backend IDs in lower case and leaves absent backends unset", () => {
        const { inputs, problems } = checkHnsLoadBalancer({
            ...samples.HnsLoadBalancer,
            connection: windowsConnection,
            backends: undefined,
            backendEndpointIds: ["6F3B2C8E-1A2B-4C3D-8E9F-0A1B2C3D4E5F"],
        });
        expect(problems).to.deep.equal([]);
        expect(inputs.backendEndpointIds).to.deep.equal(["6f3b2c8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"]);
        expect(inputs).to.not.have.property("backends");
    });
});
