/**
 * Check messages for hostile and borderline values: what the platform refuses, values that hide
 * characters, secrets. One row per case, the exact messages expected.
 */
import { expect } from "chai";
import {
    checkContainerEndpoint,
    checkContainerRoute,
    checkEndpointAcl,
    checkGatewayEndpoint,
    checkHnsLoadBalancer,
    checkL2BridgeNetwork,
    checkPortPublish,
    CheckOutcome,
} from "../../../provider/validate";
import { ResourceClassName, samples } from "../../provider/samples";

const checks: Record<ResourceClassName, (news: unknown) => CheckOutcome> = {
    L2BridgeNetwork: checkL2BridgeNetwork,
    GatewayEndpoint: checkGatewayEndpoint,
    ContainerEndpoint: checkContainerEndpoint,
    ContainerRoute: checkContainerRoute,
    HnsLoadBalancer: checkHnsLoadBalancer,
    EndpointAcl: checkEndpointAcl,
    PortPublish: checkPortPublish,
};

/** A sample's inputs with `patch` applied. */
function patched(kind: ResourceClassName, patch: Record<string, unknown>): Record<string, unknown> {
    return { ...samples[kind], ...patch };
}

/** [title, kind, patch, the exact messages]. */
export type Row = [string, ResourceClassName, Record<string, unknown>, string[]];

const visibleRows: Row[] = [
    [
        "a network name with a newline is shown JSON-quoted",
        "L2BridgeNetwork",
        { name: "cbr0\nx" },
        [
            'name: "cbr0\\nx" has characters other than letters, digits, "-", "_" and "." or does not start with a letter or digit; use a name such as cbr0',
        ],
    ],
    [
        "a container name with a trailing tab is shown JSON-quoted",
        "ContainerEndpoint",
        { container: "web\t" },
        [
            'container: "web\\t" is not a container ID, namespace GUID or network namespace name (letters, digits, "-", "_", ".", at most 64); use a name such as web or the container\'s ID',
        ],
    ],
    [
        "an address with a NUL is shown JSON-quoted",
        "PortPublish",
        { hostIp: "10.0.0.1\u0000" },
        [
            'hostIp: "10.0.0.1\\u0000" is not an IPv4 address; use dotted-quad form such as 10.244.3.10',
        ],
    ],
];

const rowsByItem: [string, Row[]][] = [["values that hide characters", visibleRows]];

describe("check messages for hostile and borderline values", () => {
    for (const [group, rows] of rowsByItem) {
        describe(group, () => {
            for (const [title, kind, patch, messages] of rows) {
                it(`${kind}: ${title}`, () => {
                    expect(checks[kind](patched(kind, patch)).problems).to.deep.equal(messages);
                });
            }
        });
    }
});
