/**
 * The Linux CNI configuration proven with the real plugins (Debian's containernetworking-plugins):
 * two lab hosts reached over SSH get a network, a gateway endpoint and the route mesh from the
 * driver, then RuntimeNetworkConfig writes each host's configuration list. The `bridge` plugin is
 * run for real with that configuration inside each host's namespace (CNI ADD into a fresh
 * container namespace, as a runtime does), the result is checked, a container on host 1 reaches an
 * HTTP server in the one on host 2 through the routes with its own address, and CNI DEL releases the addresses.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import { existsSync, readFileSync } from "fs";
import type { Lab } from "../../lab/lab";
import { createLab } from "../../lab/lab";
import { converge } from "../../lab/converge";
import type { LabHostPlan } from "../../lab/labOptions";
import { labUnavailableReason } from "../../lab/preflight";
import { inNamespace, ip } from "../../lab/system";
import { httpGet, LabProcesses } from "../../lab/traffic";
import { teardownLab } from "../../lab/teardown";
import { LinuxDriver } from "../../provider/drivers/linux/linuxDriver";
import { provider } from "../../provider/resources/runtimeNetworkConfig";
import { cidrContains, nthAddress } from "../../provider/validate";
import { closeAll, sessionFor } from "../../provider/transport/pool";

const prefix = "l2c-";
const pluginDirectory = "/usr/lib/cni";
const bridge = `${prefix}cbr0`;
const cluster = "10.200.148.0/24";
const subnets = ["10.200.148.0/25", "10.200.148.128/25"];

type Bag = Record<string, unknown>;

/** What CNI ADD printed that the test reads. */
interface AddResult {
    cniVersion: string;
    ips: { address: string; gateway?: string; interface?: number }[];
    interfaces: { name: string; sandbox?: string }[];
    routes?: { dst: string; gw?: string }[];
    dns?: { nameservers?: string[] };
}

/** Run a CNI plugin inside `hostNamespace` with `config` on stdin, as a runtime does. */
function runPlugin(
    hostNamespace: string,
    command: "ADD" | "DEL",
    container: string,
    config: object,
): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = execFile(
            "ip",
            [
                "netns",
                "exec",
                hostNamespace,
                "env",
                "-i",
                `CNI_COMMAND=${command}`,
                `CNI_CONTAINERID=${container}`,
                `CNI_NETNS=/var/run/netns/${container}`,
                "CNI_IFNAME=eth0",
                `CNI_PATH=${pluginDirectory}`,
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                `${pluginDirectory}/bridge`,
            ],
            { timeout: 20000 },
            (error, stdout, stderr) => {
                if (error) {
                    reject(new Error(`CNI ${command} in ${hostNamespace}: ${stdout}${stderr}`));
                } else {
                    resolve(stdout);
                }
            },
        );
        child.stdin?.end(JSON.stringify(config));
    });
}

/** The plugin's own configuration out of a configuration list, as libcni hands it over. */
function pluginConfig(list: Record<string, unknown>): object {
    const [plugin] = list.plugins as Record<string, unknown>[];
    return { ...plugin, name: list.name, cniVersion: list.cniVersion };
}

describe("lab: the CNI configuration with the real bridge and host-local plugins", function () {
    this.timeout(120000);
    let lab: Lab | undefined;
    const configs = new Map<number, Bag>();
    const containers = new Map<number, string>();
    const added = new Set<number>();
    const results = new Map<number, AddResult>();
    let processes: LabProcesses | undefined;

    const hostOf = (index: number): LabHostPlan => lab!.plan.hosts[index - 1];
    const container = (index: number) => `${prefix}h${index}c`;
    const listOf = (index: number) =>
        JSON.parse(readFileSync(String(configs.get(index)!.configPath), "utf8")) as Bag;

    before(async function () {
        const reason =
            labUnavailableReason() ??
            (existsSync(`${pluginDirectory}/bridge`) && existsSync(`${pluginDirectory}/host-local`)
                ? undefined
                : `${pluginDirectory}/bridge or host-local is missing; install Debian's containernetworking-plugins (scripts/install-system-deps)`);
        if (reason) {
            console.log(`    CNI plugin suite did not run: ${reason}`);
            this.skip();
        }
        lab = await createLab({ prefix, underlay: "10.200.147.0/24", hosts: 2 });
        for (const index of [1, 2]) {
            const connection = lab.connectionOf(index);
            const driver = new LinuxDriver(sessionFor(connection), connection);
            const subnet = subnets[index - 1];
            const other = index === 1 ? 2 : 1;
            await converge(driver, "l2BridgeNetwork", {
                name: bridge,
                mode: "l2bridge",
                subnet,
                gateway: nthAddress(subnet, 1),
                outboundNat: { enabled: true, exceptions: [cluster] },
                serveNames: false,
            });
            await converge(driver, "gatewayEndpoint", {
                network: bridge,
                subnet,
                ipAddress: nthAddress(subnet, 2),
                forwarding: true,
            });
            await converge(driver, "containerRoute", {
                name: "l2bridge",
                routes: [
                    {
                        destinationPrefix: subnets[other - 1],
                        nextHop: hostOf(other).address,
                    },
                ],
            });
            const checked = await provider.check(
                {},
                {
                    connection,
                    network: bridge,
                    subnet,
                    configDirectory: `${lab.plan.directory}/host${index}/cni`,
                    ipamDataDirectory: `${lab.plan.directory}/host${index}/ipam`,
                    dns: { servers: [nthAddress(subnet, 2)] },
                },
            );
            expect(checked.failures).to.deep.equal([]);
            const { outs } = await provider.create(checked.inputs as Bag);
            configs.set(index, outs);
            await ip("netns", "add", container(index));
            containers.set(index, container(index));
        }
    });

    after(async () => {
        await processes?.stop();
        for (const index of added) {
            await runPlugin(
                hostOf(index).namespace,
                "DEL",
                container(index),
                pluginConfig(listOf(index)),
            ).catch(() => undefined);
        }
        for (const outs of configs.values()) {
            await provider.delete(String(outs.configPath), outs).catch(() => undefined);
        }
        await closeAll();
        await (lab ? lab.teardown() : teardownLab(prefix));
    });

    it("RuntimeNetworkConfig wrote each host's list for the bridge plugin on the network's bridge", () => {
        for (const index of [1, 2]) {
            const list = listOf(index);
            expect(list.name).to.equal(bridge);
            expect((list.plugins as Bag[])[0]).to.include({ type: "bridge", bridge });
        }
    });

    it("CNI ADD gives each container the first address of the range (.3), the gateway endpoint as gateway and DNS", async () => {
        for (const index of [1, 2]) {
            const subnet = subnets[index - 1];
            const output = await runPlugin(
                hostOf(index).namespace,
                "ADD",
                container(index),
                pluginConfig(listOf(index)),
            );
            added.add(index);
            const result = JSON.parse(output) as AddResult;
            results.set(index, result);
            const [address, length] = result.ips[0].address.split("/");
            expect(cidrContains(subnet, address), `${address} in ${subnet}`).to.equal(true);
            expect(address).to.equal(nthAddress(subnet, 3));
            expect(length).to.equal("25");
            expect(result.ips[0].gateway).to.equal(nthAddress(subnet, 2));
            expect(result.dns?.nameservers).to.deep.equal([nthAddress(subnet, 2)]);
        }
    });

    it("the container's veth is a port of the network's bridge and its default route is the gateway endpoint", async () => {
        for (const index of [1, 2]) {
            const ports = await inNamespace(hostOf(index).namespace, [
                "ip",
                "-o",
                "link",
                "show",
                "master",
                bridge,
            ]);
            expect(ports.trim().split("\n")).to.have.length(1);
            const routes = await inNamespace(container(index), ["ip", "route", "show", "default"]);
            expect(routes).to.include(`default via ${nthAddress(subnets[index - 1], 2)} dev eth0`);
        }
    });

    it("the container on host 1 reaches the container on host 2 through the routes, keeping its own address", async () => {
        const target = results.get(2)!.ips[0].address.split("/")[0];
        const source = results.get(1)!.ips[0].address.split("/")[0];
        processes = new LabProcesses(prefix);
        processes.responder(container(2), "h2c");
        await processes.waitForListener(container(2), 80);
        const answer = await httpGet(container(1), `http://${target}/`);
        expect(answer).to.include({ ok: true, server: "h2c", peer: source });
    });

    it("CNI DEL releases each address in host-local's records and removes the veth", async () => {
        for (const index of [1, 2]) {
            const address = results.get(index)!.ips[0].address.split("/")[0];
            const record = `${lab!.plan.directory}/host${index}/ipam/${bridge}/${address}`;
            expect(existsSync(record), `${record} while attached`).to.equal(true);
            await runPlugin(
                hostOf(index).namespace,
                "DEL",
                container(index),
                pluginConfig(listOf(index)),
            );
            added.delete(index);
            expect(existsSync(record), `${record} after DEL`).to.equal(false);
            const ports = await inNamespace(hostOf(index).namespace, [
                "ip",
                "-o",
                "link",
                "show",
                "master",
                bridge,
            ]);
            expect(ports.trim()).to.equal("");
        }
    });
});
