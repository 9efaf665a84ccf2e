/**
 * Opt-in acceptance suite against a real Windows Server container host. It runs only when
 * L2B_WINDOWS_HOST (and credentials) are set, and otherwise says clearly that it did not run.
 * It creates, reads, drifts, updates and deletes every kind on a subnet of its own (default
 * 10.244.250.0/24) under names starting with "l2b-acceptance", and removes them afterwards.
 */
import { expect } from "chai";
import type { HostDriver } from "../../provider/drivers/hostDriver";
import type { KindSpecs, ObjectKind } from "../../provider/model/kinds";
import { nthAddress } from "../../provider/validate/cidr";
import type { HostSession } from "../../provider/transport/types";
import { requiredVariables, windowsAcceptanceConfig } from "./windowsAcceptanceConfig";

const config = windowsAcceptanceConfig();

describe("Windows acceptance (real Windows Server host)", function () {
    this.timeout(20 * 60_000);
    if (!config) {
        it("is NOT RUN: no Windows host configured", function () {
            console.log(
                `    Windows acceptance suite NOT RUN: set ${requiredVariables} (see README, "Running the Windows acceptance suite").`,
            );
            this.skip();
        });
        return;
    }
    const subnet = config.subnet;
    const names = {
        network: "l2b-acceptance",
        gateway: "l2b-acceptance_gw",
        endpoint: "l2b-acceptance-ep",
    };
    const specs = {
        l2BridgeNetwork: {
            name: names.network,
            mode: "l2bridge",
            subnet,
            gateway: nthAddress(subnet, 1),
            adapter: config.adapter,
            dns: { servers: ["168.63.129.16"], search: [] },
            outboundNat: { enabled: true, exceptions: ["10.244.0.0/16"] },
        } as KindSpecs["l2BridgeNetwork"],
        gatewayEndpoint: {
            network: names.network,
            subnet,
            name: names.gateway,
            ipAddress: nthAddress(subnet, 2),
            forwarding: true,
            gatewayNeighborMac: "00-01-e8-8b-2e-4b",
        } as KindSpecs["gatewayEndpoint"],
        containerRoute: {
            name: "l2b-acceptance",
            routes: [{ destinationPrefix: "198.51.100.0/24", nextHop: nthAddress(subnet, 250)! }],
            interface: `vEthernet (${names.gateway})`,
            persistent: false,
        } as KindSpecs["containerRoute"],
        containerEndpoint: {
            network: names.network,
            subnet,
            container: config.container ?? "",
            name: names.endpoint,
            ipAddress: nthAddress(subnet, 3)!,
            defaultRoute: true,
        } as KindSpecs["containerEndpoint"],
        portPublish: {
            endpoint: names.endpoint,
            protocol: "tcp",
            hostPort: 18080,
            containerPort: 80,
            localAccess: true,
        } as KindSpecs["portPublish"],
        endpointAcl: {
            endpoint: names.endpoint,
            rules: [
                {
                    name: "http",
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    localPorts: ["80"],
                },
            ],
            defaultInbound: "block",
            defaultOutbound: "allow",
        } as KindSpecs["endpointAcl"],
        hnsLoadBalancer: {
            name: "l2b-acceptance-lb",
            network: names.network,
            frontendVip: nthAddress(subnet, 200)!,
            protocol: "tcp",
            frontendPort: 18090,
            backendPort: 80,
            backends: [nthAddress(subnet, 3)!],
            internal: false,
            directServerReturn: false,
            localRoutedVip: true,
        } as KindSpecs["hnsLoadBalancer"],
    };
    let driver: HostDriver;
    let session: HostSession;
    const needsContainer = (ctx: Mocha.Context) => {
        if (!config.container) {
            console.log(
                "    skipped: set L2B_WINDOWS_CONTAINER to a running container ID or namespace GUID",
            );
            ctx.skip();
        }
    };
    /** Run a PowerShell statement on the host to imitate drift (values passed as data). */
    const onHost = (script: string, params: Record<string, unknown>) =>
        session.invoke(script, params);

    before(() => {
        const pool =
            require("../../provider/transport/pool") as typeof import("../../provider/transport/pool");
        const windows =
            require("../../provider/drivers/windows/windowsDriver") as typeof import("../../provider/drivers/windows/windowsDriver");
        session = pool.sessionFor(config.connection);
        driver = new windows.WindowsDriver(session, config.connection);
    });

    after(async () => {
        const order: ObjectKind[] = [
            "hnsLoadBalancer",
            "endpointAcl",
            "portPublish",
            "containerEndpoint",
            "containerRoute",
            "gatewayEndpoint",
            "l2BridgeNetwork",
        ];
        for (const kind of order) {
            if (kind === "containerEndpoint" && !config.container) continue;
            const spec = specs[kind as keyof typeof specs] as KindSpecs[typeof kind];
            try {
                const observed = await driver.observe(kind, spec);
                if (observed?.owned) {
                    await driver.apply({ kind, action: "delete", desired: spec, observed });
                }
            } catch (error) {
                console.log(`    cleanup of ${kind} failed: ${(error as Error).message}`);
            }
        }
        const pool =
            require("../../provider/transport/pool") as typeof import("../../provider/transport/pool");
        await pool.closeAll();
    });

    async function createAndRead<K extends ObjectKind>(kind: K, spec: KindSpecs[K]) {
        const before = await driver.observe(kind, spec);
        expect(before, `${kind} already exists on the host; remove it first`).to.equal(null);
        const created = await driver.apply({
            kind,
            action: "create",
            desired: spec,
            observed: null,
        });
        expect(created!.owned).to.equal(true);
        const read = await driver.observe(kind, spec);
        expect(read!.state).to.deep.equal(spec);
    }

    /** Update `kind` in place to `changed`, read it back, then put `original` back. */
    async function updatesInPlace<K extends ObjectKind>(
        kind: K,
        original: KindSpecs[K],
        changed: KindSpecs[K],
    ) {
        const update = async (desired: KindSpecs[K]) =>
            driver.apply({
                kind,
                action: "update",
                desired,
                observed: await driver.observe(kind, desired),
            });
        await update(changed);
        expect((await driver.observe(kind, changed))!.state).to.deep.equal(changed);
        await update(original);
    }

    async function restores<K extends ObjectKind>(kind: K, spec: KindSpecs[K]) {
        const drifted = await driver.observe(kind, spec);
        expect(drifted!.state).to.not.deep.equal(spec);
        await driver.apply({ kind, action: "update", desired: spec, observed: drifted });
        expect((await driver.observe(kind, spec))!.state).to.deep.equal(spec);
    }

    it("network: create (blip-safe when first on the NIC) and read without drift", () =>
        createAndRead("l2BridgeNetwork", specs.l2BridgeNetwork));
    it("network: DNS updated in place", async () => {
        const changed = {
            ...specs.l2BridgeNetwork,
            dns: { servers: ["168.63.129.16", "1.1.1.1"], search: [] },
        };
        await updatesInPlace("l2BridgeNetwork", specs.l2BridgeNetwork, changed);
    });
    it("gatewayEndpoint: create, attach to the host, read without drift", () =>
        createAndRead("gatewayEndpoint", specs.gatewayEndpoint));
    it("gatewayEndpoint: forwarding disabled on the host is read as drift and restored", async () => {
        await onHost(
            "Set-NetIPInterface -InterfaceAlias $Params.alias -AddressFamily IPv4 -Forwarding Disabled; return '{}'",
            { alias: `vEthernet (${names.gateway})` },
        );
        await restores("gatewayEndpoint", specs.gatewayEndpoint);
    });
    it("containerRoute: create, read, deleted route restored", async () => {
        await createAndRead("containerRoute", specs.containerRoute);
        await onHost(
            "Remove-NetRoute -DestinationPrefix $Params.prefix -PolicyStore ActiveStore -Confirm:$false; return '{}'",
            { prefix: "198.51.100.0/24" },
        );
        await restores("containerRoute", specs.containerRoute);
    });
    it("containerEndpoint: create in the container, read, NAT exceptions updated in place", async function () {
        needsContainer(this);
        await createAndRead("containerEndpoint", specs.containerEndpoint);
        const changed = {
            ...specs.containerEndpoint,
            outboundNat: { enabled: true, exceptions: ["10.0.0.0/8"] },
        };
        await updatesInPlace("containerEndpoint", specs.containerEndpoint, changed);
    });
    it("portPublish: create and read", async function () {
        needsContainer(this);
        await createAndRead("portPublish", specs.portPublish);
    });
    it("endpointAcl: create, read, rule change updates in place", async function () {
        needsContainer(this);
        await createAndRead("endpointAcl", specs.endpointAcl);
        const changed = { ...specs.endpointAcl, defaultInbound: "allow" as const };
        await updatesInPlace("endpointAcl", specs.endpointAcl, changed);
    });
    it("loadBalancer: create and read", async function () {
        needsContainer(this);
        await createAndRead("hnsLoadBalancer", specs.hnsLoadBalancer);
    });
    it("connectivity: the container answers on the published port and through the load balancer", async function () {
        needsContainer(this);
        if (!config.containerServesHttp) {
            console.log(
                "    skipped: set L2B_WINDOWS_CONTAINER_HTTP=1 when the container serves HTTP on port 80",
            );
            this.skip();
        }
        const probe =
            "$r = Invoke-WebRequest -UseBasicParsing -TimeoutSec 10 -Uri $Params.uri; return ('{\"status\":' + [int]$r.StatusCode + '}')";
        for (const uri of [
            `http://${specs.containerEndpoint.ipAddress}/`,
            `http://${specs.hnsLoadBalancer.frontendVip}:18090/`,
        ]) {
            const answer = JSON.parse(JSON.parse(await onHost(probe, { uri })));
            expect(answer.status, uri).to.equal(200);
        }
    });
    const deletions: ObjectKind[] = [
        "hnsLoadBalancer",
        "endpointAcl",
        "portPublish",
        "containerEndpoint",
        "containerRoute",
        "gatewayEndpoint",
        "l2BridgeNetwork",
    ];
    for (const kind of deletions) {
        it(`${kind}: delete, then read finds nothing and a second delete succeeds`, async function () {
            if (
                ["hnsLoadBalancer", "endpointAcl", "portPublish", "containerEndpoint"].includes(
                    kind,
                )
            )
                needsContainer(this);
            const spec = specs[kind as keyof typeof specs] as KindSpecs[typeof kind];
            const observed = await driver.observe(kind, spec);
            expect(
                await driver.apply({ kind, action: "delete", desired: spec, observed }),
            ).to.equal(null);
            expect(await driver.observe(kind, spec)).to.equal(null);
            expect(
                await driver.apply({ kind, action: "delete", desired: spec, observed: null }),
            ).to.equal(null);
        });
    }
});
