/**
 * examples/lab against the lab `npm run lab` builds: its container subnets never overlap what the
 * root lab program deploys on the same hosts, and what its README and example config state about
 * the lab (addresses, SSH path, key file, names, config keys, outputs) holds.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { validateCluster } from "../../components/clusterValidation";
import { labClientKeyFile } from "../../lab/hostSshd";
import { labProxyCommand } from "../../lab/lab";
import type { LabOptions } from "../../lab/labOptions";
import { planLab } from "../../lab/labOptions";
import { labTopology } from "../../lab/topology";
import { cidrsOverlap } from "../../provider/validate/cidr";

const repoRoot = path.resolve(__dirname, "../..");
const exampleDir = path.join(repoRoot, "examples", "lab");
const readme = fs.readFileSync(path.join(exampleDir, "README.md"), "utf8");
const program = fs.readFileSync(path.join(exampleDir, "index.ts"), "utf8");

/** js-yaml, as @pulumi/pulumi ships it. */
const yaml = require(
    require.resolve("js-yaml", {
        paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
    }),
) as { load(text: string): unknown };

interface ExampleHost {
    name: string;
    hostIp: string;
    containerSubnet: string;
    proxyCommand: string;
}

const projectName = /^name: (\S+)$/m.exec(
    fs.readFileSync(path.join(exampleDir, "Pulumi.yaml"), "utf8"),
)?.[1];
const exampleConfig = (
    yaml.load(fs.readFileSync(path.join(exampleDir, "Pulumi.example.yaml"), "utf8")) as {
        config: Record<string, unknown>;
    }
).config;
const exampleHosts = exampleConfig[`${projectName}:hosts`] as ExampleHost[];
const exampleHostSubnet = exampleConfig[`${projectName}:hostSubnet`] as string;

/** Every prefix the root lab program deploys or routes for a lab of this shape. */
function rootProgramPrefixes(options: LabOptions): string[] {
    const plan = planLab(options);
    const topology = labTopology(plan);
    const prefixes = new Set<string>();
    for (const host of topology.hosts) {
        prefixes.add(host.subnet);
        for (const object of host.objects) {
            const spec = object.spec as {
                subnet?: string;
                routes?: { destinationPrefix: string }[];
                frontendVip?: string;
                ipAddress?: string;
            };
            if (spec.subnet) prefixes.add(spec.subnet);
            for (const route of spec.routes ?? []) prefixes.add(route.destinationPrefix);
            if (spec.frontendVip) prefixes.add(`${spec.frontendVip}/32`);
            if (spec.ipAddress) prefixes.add(`${spec.ipAddress}/32`);
        }
    }
    return [...prefixes];
}

describe("examples/lab beside the root lab program", () => {
    const shapes: { what: string; options: LabOptions }[] = [
        { what: "the default lab (two hosts)", options: {} },
        { what: "two hosts with the VXLAN overlay", options: { vxlanId: 42 } },
        {
            what: "three Linux and two emulated Windows hosts",
            options: { hosts: 3, windowsHosts: 2, vxlanId: 42 },
        },
        { what: "the largest lab (50 hosts)", options: { hosts: 50, vxlanId: 42 } },
    ];
    for (const shape of shapes) {
        it(`no example container subnet overlaps a prefix of the root program in ${shape.what}`, () => {
            const rootPrefixes = rootProgramPrefixes(shape.options);
            expect(rootPrefixes.length).to.be.greaterThan(0);
            const clashes = exampleHosts.flatMap((host) =>
                rootPrefixes
                    .filter((prefix) => cidrsOverlap(host.containerSubnet, prefix))
                    .map((prefix) => `${host.name} ${host.containerSubnet} overlaps ${prefix}`),
            );
            expect(clashes).to.deep.equal([]);
        });
    }

    it("uses a bridge name other than the root program's", () => {
        const rootNetworks = labTopology(planLab()).hosts.flatMap((host) =>
            host.objects
                .filter((object) => object.kind === "l2BridgeNetwork")
                .map((object) => (object.spec as { name: string }).name),
        );
        const exampleBridge = /config\.get\("networkName"\) \?\? "([^"]+)"/.exec(program)?.[1];
        expect(exampleBridge).to.be.a("string");
        expect(rootNetworks).to.not.include(exampleBridge);
    });

    it("its example config passes the cluster's validation", () => {
        const problems = validateCluster({
            hosts: exampleHosts.map((host) => ({
                name: host.name,
                connection: { host: host.hostIp, user: "root", os: "linux" },
                hostIp: host.hostIp,
                containerSubnet: host.containerSubnet,
            })),
            hostSubnet: exampleHostSubnet,
        });
        expect(problems).to.deep.equal([]);
    });
});

describe("examples/lab README and example config state what the lab does", () => {
    const plan = planLab();
    const rows: { statement: string; check(): void }[] = [
        {
            statement: "the example config names the default lab's hosts, in order",
            check() {
                expect(exampleHosts.map((host) => host.hostIp)).to.deep.equal(
                    plan.hosts.map((host) => host.address),
                );
            },
        },
        {
            statement: "hostSubnet is the lab's underlay",
            check() {
                expect(exampleHostSubnet).to.equal(plan.underlay);
                expect(readme).to.include(`the lab's underlay, \`${plan.underlay}\` by default`);
            },
        },
        {
            statement: "every host's proxyCommand is the one the lab's own connections use",
            check() {
                for (const host of exampleHosts) {
                    expect(host.proxyCommand).to.equal(labProxyCommand(plan));
                }
            },
        },
        {
            statement: "host i has the address 10.200.0.<10 + i>",
            check() {
                expect(readme).to.include("host `i` has the address `10.200.0.<10 + i>`");
                for (const host of planLab({ hosts: 5 }).hosts) {
                    expect(host.address).to.equal(`10.200.0.${10 + host.index}`);
                }
            },
        },
        {
            statement: "the lab's SSH key for root is the file the README names",
            check() {
                const keyFile = labClientKeyFile(plan.directory);
                expect(readme).to.include(`\`${keyFile}\``);
                expect(readme).to.include(`pulumi config set --secret sshPrivateKey < ${keyFile}`);
            },
        },
        {
            statement: "npm run lab prints no key (the README says so; lab/main.ts reads none)",
            check() {
                expect(readme).to.include("The lab prints no key");
                expect(readme).to.not.match(/prints (the|its)\b[^.:]*\bkey/);
                const main = fs.readFileSync(path.join(repoRoot, "lab", "main.ts"), "utf8");
                expect(main).to.not.match(/privateKey|client_ed25519|labClientKeyFile/);
            },
        },
        {
            statement: "npm run lab takes --keep and --down, as the README's steps use them",
            check() {
                expect(readme).to.include("npm run lab -- --keep");
                expect(readme).to.include("npm run lab -- --down");
                const script = fs.readFileSync(path.join(repoRoot, "scripts", "lab"), "utf8");
                expect(script).to.include("[--keep]");
                expect(script).to.include("npm run lab -- --down");
            },
        },
        {
            statement:
                "the root program's subnets, overlay and bridge are the ones the README names",
            check() {
                const topology = labTopology(planLab({ vxlanId: 42 }));
                const first = topology.hosts[0];
                expect(first.subnet).to.equal("10.201.1.0/24");
                expect(readme).to.include("`10.201.<i>.0/24`");
                const networks = first.objects
                    .filter((object) => object.kind === "l2BridgeNetwork")
                    .map((object) => object.spec as { name: string; subnet: string });
                expect(networks.map((network) => network.name)).to.include("lbt-cbr0");
                expect(readme).to.include("`lbt-cbr0`");
                expect(networks.map((network) => network.subnet)).to.include("10.202.0.0/24");
                expect(readme).to.include("overlay `10.202.0.0/24`");
            },
        },
        {
            statement: "the example's subnets are the ones the README names",
            check() {
                expect(readme).to.include("(`10.203.<i>.0/24`)");
                exampleHosts.forEach((host, index) =>
                    expect(host.containerSubnet).to.equal(`10.203.${index + 1}.0/24`),
                );
            },
        },
        {
            statement:
                "the config table lists exactly the keys the program reads, required as it requires them",
            check() {
                const read = [
                    ...program.matchAll(/config\.(require|get)(\w*)(?:<[^>]*>)?\("(\w+)"\)/g),
                ].map((match) => ({
                    key: match[3],
                    required: match[1] === "require",
                    secret: match[2] === "Secret",
                }));
                const documented = [...readme.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map(
                    (match) => ({
                        key: match[1],
                        required: match[2].trim().startsWith("yes"),
                        secret: match[2].includes("secret"),
                    }),
                );
                const byKey = (a: { key: string }, b: { key: string }) =>
                    a.key.localeCompare(b.key);
                expect(documented.sort(byKey)).to.deep.equal(read.sort(byKey));
            },
        },
        {
            statement: "the default bridge name in the table is the program's",
            check() {
                const exampleBridge = /config\.get\("networkName"\) \?\? "([^"]+)"/.exec(
                    program,
                )?.[1];
                expect(readme).to.include(`| \`networkName\` | no (\`${exampleBridge}\`) |`);
                expect(readme).to.include(`and bridge\n(\`${exampleBridge}\`)`);
            },
        },
        {
            statement: "the outputs line lists exactly the program's exports",
            check() {
                const exported = [...program.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
                const line = /^Outputs: (.+)\.$/m.exec(readme)?.[1] ?? "";
                const documented = [...line.matchAll(/`(\w+)`/g)].map((m) => m[1]);
                expect(documented.sort()).to.deep.equal(exported.sort());
            },
        },
        {
            statement: "the example config's keys belong to the project of Pulumi.yaml",
            check() {
                expect(projectName).to.equal("l2bridge-lab-cluster");
                for (const key of Object.keys(exampleConfig)) {
                    expect(key.startsWith(`${projectName}:`), key).to.equal(true);
                }
            },
        },
    ];
    for (const row of rows) {
        it(row.statement, () => row.check());
    }
});
