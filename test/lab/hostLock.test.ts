/**
 * Changes from several processes on one host never interleave: endpoints created at the same time
 * through separate sessions (as separate provider processes would) into one container all land,
 * and the host's name file keeps every one of them.
 */
import { expect } from "chai";
import { readFileSync, statSync } from "fs";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { converge } from "../../lab/converge";
import { labUnavailableReason } from "../../lab/preflight";
import { teardownLab } from "../../lab/teardown";
import { LinuxDriver } from "../../provider/drivers/linux/linuxDriver";
import type { ContainerEndpointSpec, L2BridgeNetworkSpec } from "../../provider/model/kinds";
import { NetnsSession } from "../support/netnsSession";

const prefix = "lbt-";

describe("lab: concurrent changes on one host", function () {
    this.timeout(30000);
    let lab: Lab | undefined;

    before(async function () {
        const reason = labUnavailableReason();
        if (reason) {
            console.log(`    lab suite did not run: ${reason}`);
            this.skip();
        }
        lab = await createLab({ prefix, hosts: 1, ssh: false });
    });
    after(async () => {
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    it("six endpoints into one container from three sessions at once all exist and are named", async () => {
        const host = lab!.plan.hosts[0];
        const driver = () =>
            new LinuxDriver(new NetnsSession(host.namespace), {
                host: `${host.address}-${Math.random()}`,
                user: "root",
                os: "linux",
            });
        const network: L2BridgeNetworkSpec = {
            name: `${prefix}cbr0`,
            subnet: "10.201.1.0/24",
            outboundNat: { enabled: false, exceptions: [] },
            serveNames: true,
        };
        await converge(driver(), "l2BridgeNetwork", network);
        const endpoints: ContainerEndpointSpec[] = [1, 2, 3, 4, 5, 6].map((n) => ({
            network: network.name,
            subnet: network.subnet,
            container: `${prefix}cshared`,
            name: `${prefix}vs${n}`,
            interfaceName: `eth${n}`,
            ipAddress: `10.201.1.${20 + n}`,
            defaultRoute: n === 1,
        }));
        const drivers = [driver(), driver(), driver()];
        const results = await Promise.all(
            endpoints.map((spec, index) => converge(drivers[index % 3], "containerEndpoint", spec)),
        );
        expect(results.map((result) => result.action)).to.deep.equal(Array(6).fill("create"));
        const inode = statSync(`/run/netns/${host.namespace}`).ino;
        const names = readFileSync(`/run/l2bridge/${inode}/hosts-${network.name}`, "utf8");
        expect(names.trim().split("\n").sort()).to.deep.equal(
            endpoints.map((spec) => `${spec.ipAddress} ${spec.container} # ep=${spec.name}`).sort(),
        );
    });
});
