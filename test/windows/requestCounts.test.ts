/**
 * How many requests the Windows driver sends per object, counted on its session while the real
 * scripts run in PowerShell 7 on the emulated host: a converge that creates an object is its
 * observe and one change (the change decides from the view the observe read, and the first
 * network on a NIC is created by a start that waits for the detached task), a converge that finds
 * the object as wanted is its observe alone, and a view kept by an observe is not used once the
 * driver has changed the host since.
 */
import { expect } from "chai";
import type { KindSpecs, ObjectKind } from "../../provider/model/kinds";
import { converge } from "../../lab/converge";
import {
    aclAllow80FromOne,
    gatewayEndpoint,
    loadBalancer8090,
    networkWithDnsAndNat,
    publish8080,
    webContainer,
} from "../drivers/windows/articleScenarios";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { addContainerNamespaces } from "../support/containerNamespaces";
import { scriptNameOf } from "../support/scriptCoverage";

const web2 = { ...webContainer, name: "web2-eth0", container: "web2", ipAddress: "10.244.1.4" };

interface Row<K extends ObjectKind = ObjectKind> {
    kind: K;
    spec: KindSpecs[K];
    /** The requests a create sends, by operation name. */
    create: string[];
}

function row<K extends ObjectKind>(kind: K, spec: KindSpecs[K], create: string[]): Row {
    return { kind, spec, create } as unknown as Row;
}

describe("Windows driver requests per object, in real PowerShell", function () {
    this.timeout(600_000);
    let h: EmulatedWindowsDriver | undefined;
    const sent: string[] = [];
    const sentDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
        const before = sent.length;
        await work();
        return sent.slice(before);
    };
    /** The requests a create of `desired` sends, decided with nothing observed. */
    const sentByCreate = <K extends ObjectKind>(kind: K, desired: KindSpecs[K]) =>
        sentDuring(() => h!.driver.apply({ kind, action: "create", desired, observed: null }));

    const rows: Row[] = [
        row("l2BridgeNetwork", networkWithDnsAndNat, ["observeNetwork", "startNetworkCreate"]),
        row("gatewayEndpoint", gatewayEndpoint, ["observeEndpoint", "createGatewayEndpoint"]),
        row("containerEndpoint", webContainer, ["observeEndpoint", "createContainerEndpoint"]),
        row("containerEndpoint", web2, ["observeEndpoint", "createContainerEndpoint"]),
        row("portPublish", publish8080, ["observeHcn", "applyBatch"]),
        row("endpointAcl", aclAllow80FromOne, ["observeHcn", "applyBatch"]),
        row("hnsLoadBalancer", loadBalancer8090, ["observeLoadBalancer", "applyBatch"]),
    ];

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver({
            wrapSession: (inner) => ({
                ...inner,
                invoke: (script, params, options) => {
                    sent.push(scriptNameOf(script) ?? "(module load)");
                    return inner.invoke(script, params, options);
                },
            }),
        });
        await addContainerNamespaces(h, [
            { id: "C0FFEE00-1111-4222-8333-444455556666", container: webContainer.container },
            { id: "D00DFEED-2222-4333-8444-555566667777", container: "web2" },
        ]);
        // The shell's first request loads the module; the counts below start after it.
        await h.driver.observe("l2BridgeNetwork", { ...networkWithDnsAndNat, name: "absent" });
    });
    after(async () => {
        await h?.stop();
    });

    for (const { kind, spec, create } of rows) {
        it(`a ${kind} is created in ${create.length} requests: ${create.join(", ")}`, async () => {
            const requests = await sentDuring(async () => {
                const result = await converge(h!.driver, kind, spec);
                expect(result.action).to.equal("create");
            });
            expect(requests).to.deep.equal(create);
        });
    }

    for (const { kind, spec, create } of rows) {
        it(`a ${kind} as wanted is read in one request (${create[0]}) and left alone`, async () => {
            const requests = await sentDuring(async () => {
                const result = await converge(h!.driver, kind, spec);
                expect(result.action).to.equal("none");
            });
            expect(requests).to.deep.equal([create[0]]);
        });
    }

    it("a view kept by an observe is read again once the driver changed the host in between", async () => {
        const routes: KindSpecs["containerRoute"] = {
            name: "l2bridge",
            routes: [{ destinationPrefix: "10.244.2.0/24", nextHop: `10.200.${h!.host.subnet}.5` }],
            interface: "Ethernet",
            persistent: false,
        };
        expect(await h!.driver.observe("containerRoute", routes)).to.equal(null);
        await h!.driver.apply({
            kind: "portPublish",
            action: "delete",
            desired: publish8080,
            observed: await h!.driver.observe("portPublish", publish8080),
        });
        const requests = await sentByCreate("containerRoute", routes);
        expect(requests).to.deep.equal(["observeRoutes", "applyRoutes"]);
    });

    it("a container endpoint's create after a read that found the name reads the create facts first", async () => {
        // The no-op read of an existing endpoint leaves out the load balancers and management IP
        // only a create needs; a create decided on such a view (a same-name endpoint that is not
        // the one wanted) must read them before it builds the endpoint's VIP routes.
        expect(await h!.driver.observe("containerEndpoint", web2)).to.not.equal(null);
        const requests = await sentByCreate("containerEndpoint", web2);
        expect(requests).to.deep.equal(["observeEndpoint", "createContainerEndpoint"]);
    });
});
