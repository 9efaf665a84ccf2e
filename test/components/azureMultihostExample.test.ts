/**
 * The azure-multihost example, previewed under Pulumi mocks from a stack config that holds only the
 * keys its README requires (no container IDs, no addresses): the program itself runs, with the
 * package from the repository sources, and the test reads what it registered. The container steps'
 * reports are answered by the mocks with addresses no host plan holds, so the policies can only
 * carry them if the program took them from the steps.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { powerShellSyntaxProblems } from "../support/powershellGrammar";
import {
    MockRecorder,
    isSecretInput,
    revealInput,
    unwrap,
} from "../../tools/pulumi-mocks/mockRecorder";

type ScriptsModule = typeof import("../../examples/azure-multihost/containerScripts");

const repoRoot = path.resolve(__dirname, "../..");
const exampleDir = path.join(repoRoot, "examples", "azure-multihost");
const project = "l2bridge-azure-multihost";

/** The stack config the README asks for; nothing about containers. */
const requiredConfig = {
    managementSourcePrefix: "203.0.113.7/32",
    adminPassword: "Example-Passw0rd!",
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey example",
    sshPrivateKey:
        "-----BEGIN OPENSSH PRIVATE KEY-----\nexample-key\n-----END OPENSSH PRIVATE KEY-----",
};
const secretKeys = ["adminPassword", "sshPrivateKey"];

/** What the mocked container step of each host reports: addresses HNS might have handed out. */
const reported: Record<string, { ipAddress: string; endpointId: string }> = {
    win1: { ipAddress: "10.244.1.37", endpointId: "6a1f0c3e-0000-4000-8000-000000000001" },
    win2: { ipAddress: "10.244.2.41", endpointId: "6a1f0c3e-0000-4000-8000-000000000002" },
};

const commandType = "command:remote:Command";
const dynamicType = (kind: string) => `pulumi-nodejs:dynamic/l2bridge:${kind}`;

/** The load balancer ID the mocked provider answers with. */
const loadBalancerId = "0d6c4a2e-0000-4000-8000-00000000000b";

/**
 * Mocks whose container steps print a report (after `ctr`'s progress, as the create script does),
 * and whose policy resources answer with the outputs a provider fills.
 */
class ExampleMocks extends MockRecorder {
    override newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const result = super.newResource(args);
        const inputs = args.inputs as Record<string, unknown>;
        const host = /^(win\d+)-web$/.exec(args.name)?.[1];
        const outputs: Record<string, unknown> =
            args.type === commandType && host
                ? { stdout: `unpacking windows/amd64 done\n${JSON.stringify(reported[host])}\n` }
                : args.type === dynamicType("PortPublish")
                  ? { mappingId: `ip:${String(inputs.endpointIp)}/tcp/${String(inputs.hostPort)}` }
                  : args.type === dynamicType("EndpointAcl")
                    ? { ruleCount: 3 }
                    : args.type === dynamicType("HnsLoadBalancer")
                      ? { loadBalancerId }
                      : {};
        return { id: result.id, state: { ...result.state, ...outputs } };
    }
}

/** Resolves the example's `pulumi-l2bridge` imports to the repository sources, its `@pulumi/*` to ours. */
function resolveExampleImports(): () => void {
    const Module = require("module") as {
        _resolveFilename: (
            request: string,
            parent: { filename?: string } | undefined,
            ...rest: unknown[]
        ) => string;
    };
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request, parent, ...rest) {
        if (request === "pulumi-l2bridge") return path.join(repoRoot, "index.ts");
        if (request === "pulumi-l2bridge/azure") return path.join(repoRoot, "azure.ts");
        if (request.startsWith("@pulumi/") && parent?.filename?.startsWith(exampleDir)) {
            return require.resolve(request, { paths: [repoRoot] });
        }
        return original.call(this, request, parent, ...rest);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

/** What the engine is told about one resource besides its inputs. */
interface RegisteredOptions {
    /** Names of the resources it depends on. */
    dependencies: string[];
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
}

/** Records, per registered resource name, its dependencies and replacement options. */
function recordOptions(): Map<string, RegisteredOptions> {
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor(): {
            registerResource(request: unknown, callback: unknown): unknown;
        };
    };
    const monitor = settings.getMonitor();
    const original = monitor.registerResource.bind(monitor);
    const options = new Map<string, RegisteredOptions>();
    monitor.registerResource = (request, callback) => {
        const registration = request as {
            getName(): string;
            getDependenciesList(): string[];
            getDeletebeforereplace(): boolean;
            getReplaceonchangesList(): string[];
        };
        options.set(registration.getName(), {
            dependencies: registration
                .getDependenciesList()
                .map((urn) => urn.split("::").pop() ?? urn),
            deleteBeforeReplace: registration.getDeletebeforereplace(),
            replaceOnChanges: registration.getReplaceonchangesList(),
        });
        return original(request, callback);
    };
    return options;
}

function decode(commandLine: unknown): string {
    const encoded = String(commandLine).split(" ").pop() ?? "";
    return Buffer.from(encoded, "base64").toString("utf16le");
}

describe("examples/azure-multihost previewed under mocks from the README's config", function () {
    this.timeout(120_000);
    const mocks = new ExampleMocks();
    const savedEnvironment = {
        config: process.env.PULUMI_CONFIG,
        secretKeys: process.env.PULUMI_CONFIG_SECRET_KEYS,
    };
    let restoreResolution: () => void = () => undefined;
    let registered = new Map<string, RegisteredOptions>();
    let program: Record<string, unknown>;
    let scripts: ScriptsModule;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, project, "dev", true);
        pulumi.runtime.setAllConfig(
            Object.fromEntries(
                Object.entries(requiredConfig).map(([key, value]) => [`${project}:${key}`, value]),
            ),
            secretKeys.map((key) => `${project}:${key}`),
        );
        registered = recordOptions();
        restoreResolution = resolveExampleImports();
        program = require(path.join(exampleDir, "index.ts")) as Record<string, unknown>;
        scripts = require(path.join(exampleDir, "containerScripts.ts")) as ScriptsModule;
        // Registrations finish asynchronously; wait until every pending call of the runtime is done.
        const settings = require("@pulumi/pulumi/runtime/settings") as {
            waitForRPCs(): Promise<void>;
        };
        await settings.waitForRPCs();
    });

    after(() => {
        restoreResolution();
        for (const [name, value] of [
            ["PULUMI_CONFIG", savedEnvironment.config],
            ["PULUMI_CONFIG_SECRET_KEYS", savedEnvironment.secretKeys],
        ] as const) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    });

    const hosts = ["win1", "win2"] as const;
    const dependenciesOf = (name: string) => registered.get(name)?.dependencies ?? [];

    it("creates two Windows VMs whose runtime step installs containerd with Microsoft's CNI plugins", () => {
        for (const host of hosts) {
            const runtime = mocks.named(`${host}-runtime`);
            expect(runtime.type).to.equal(
                "azure-native:compute:VirtualMachineRunCommandByVirtualMachine",
            );
            expect(runtime.inputs.parameters).to.deep.equal([
                { name: "Runtime", value: "containerd" },
                { name: "Version", value: "1.7.22" },
                { name: "CniPluginsVersion", value: "0.3.1" },
            ]);
        }
        expect(mocks.ofType("azure-native:compute:VirtualMachine")).to.have.length(2);
    });

    it("routes both container subnets and the VIP in Azure and on the hosts", () => {
        const table = mocks.ofType("azure-native:network:RouteTable")[0];
        expect(
            (table.inputs.routes as { addressPrefix: string; nextHopIpAddress: string }[]).map(
                (route) => `${route.addressPrefix} via ${route.nextHopIpAddress}`,
            ),
        ).to.have.members([
            "10.244.1.0/24 via 10.0.0.4",
            "10.244.2.0/24 via 10.0.0.5",
            "10.96.0.10/32 via 10.0.0.4",
        ]);
        const win2Routes = mocks.named("l2bridge-win2-routes").inputs.routes as {
            destinationPrefix: string;
        }[];
        expect(win2Routes.map((route) => route.destinationPrefix)).to.have.members([
            "10.244.1.0/24",
            "10.96.0.10/32",
        ]);
    });

    for (const [index, host] of hosts.entries()) {
        it(`${host}: writes the sdnbridge CNI configuration for the l2bridge network after its network and gateway`, () => {
            const cni = mocks.named(`${host}-cni`);
            expect(cni.type).to.equal(dynamicType("RuntimeNetworkConfig"));
            expect(cni.inputs).to.include({
                network: "l2bridge",
                subnet: `10.244.${index + 1}.0/24`,
                gateway: `10.244.${index + 1}.2`,
            });
            expect(cni.inputs.encapRoutes).to.deep.equal([
                `10.0.0.${index + 4}/32`,
                "10.96.0.10/32",
            ]);
            // The same outbound NAT exceptions as the host's network: both container subnets, the
            // hosts' subnet and the VIP.
            const networkNat = mocks.named(`l2bridge-${host}-network`).inputs.outboundNat;
            expect(cni.inputs.outboundNat).to.deep.equal(networkNat);
            expect((networkNat as { exceptions: string[] }).exceptions).to.include.members([
                "10.244.1.0/24",
                "10.244.2.0/24",
                "10.0.0.0/24",
                "10.96.0.10/32",
            ]);
            expect(dependenciesOf(`${host}-cni`)).to.include.members([
                `l2bridge-${host}-network`,
                `l2bridge-${host}-gateway`,
            ]);
        });

        it(`${host}: starts one web container with containerd's CLI after the CNI configuration and the routes`, () => {
            const container = mocks.named(`${host}-web`);
            expect(container.type).to.equal(commandType);
            expect(decode(container.inputs.create)).to.include("'run', '--cni', '--detach'");
            expect(decode(container.inputs.delete)).to.include("'containers', 'delete'");
            expect(JSON.parse(String(container.inputs.stdin))).to.deep.equal({
                image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
                name: "web",
                network: "l2bridge",
            });
            expect(container.inputs.addPreviousOutputInEnv).to.equal(false);
            const connection = revealInput(container.inputs.connection);
            expect(connection).to.include({
                host: "203.0.113.10",
                port: 22,
                user: "l2bridgeadmin",
            });
            expect(
                isSecretInput(connection.privateKey) || isSecretInput(container.inputs.connection),
            ).to.equal(true);
            expect(dependenciesOf(`${host}-web`)).to.include.members([
                `${host}-cni`,
                `l2bridge-${host}-routes`,
            ]);
        });

        it(`${host}: attaches the ACL and port 8080 to the address the container step reported, after the container`, () => {
            const acl = mocks.named(`${host}-web-acl`);
            expect(acl.type).to.equal(dynamicType("EndpointAcl"));
            expect(acl.inputs.endpointIp).to.equal(reported[host].ipAddress);
            expect(acl.inputs.endpoint).to.equal(undefined);
            expect(acl.inputs.rules).to.deep.equal([
                {
                    action: "allow",
                    direction: "in",
                    priority: 100,
                    protocol: "tcp",
                    localPorts: ["80"],
                },
            ]);
            expect(acl.inputs).to.include({ defaultInbound: "block", defaultOutbound: "allow" });
            const port = mocks.named(`${host}-web-8080`);
            expect(port.type).to.equal(dynamicType("PortPublish"));
            expect(port.inputs).to.include({
                endpointIp: reported[host].ipAddress,
                hostPort: 8080,
                containerPort: 80,
            });
            expect(dependenciesOf(`${host}-web-acl`)).to.include(`${host}-web`);
            expect(dependenciesOf(`${host}-web-8080`)).to.include(`${host}-web`);
        });
    }

    it("spreads the VIP on win1 over both containers' reported addresses, after both containers", () => {
        const loadBalancer = mocks.named("web-vip");
        expect(loadBalancer.type).to.equal(dynamicType("HnsLoadBalancer"));
        expect(loadBalancer.inputs).to.include({
            network: "l2bridge",
            frontendVip: "10.96.0.10",
            frontendPort: 80,
        });
        expect(loadBalancer.inputs.backends).to.deep.equal([
            reported.win1.ipAddress,
            reported.win2.ipAddress,
        ]);
        expect(revealInput(loadBalancer.inputs.connection)).to.include({ user: "l2bridgeadmin" });
        expect(dependenciesOf("web-vip")).to.include.members(["win1-web", "win2-web"]);
    });

    it("deletes a container step before replacing it, and takes the load balancer along even when addresses repeat", () => {
        for (const host of hosts) {
            expect(registered.get(`${host}-web`)?.deleteBeforeReplace).to.equal(true);
            // @pulumi/command adds its own triggers[*].
            expect(registered.get(`${host}-web`)?.replaceOnChanges).to.include("stdin");
        }
        expect(registered.get("web-vip")?.replaceOnChanges).to.deep.equal(["backends"]);
    });

    it("registers no container endpoint of its own: every policy sits on an endpoint containerd made", () => {
        expect(mocks.ofType(dynamicType("ContainerEndpoint"))).to.deep.equal([]);
    });

    it("exports how to reach each host, its container and published port, and the VIP", async () => {
        const hostsOutput = await unwrap(pulumi.output(program.hosts as pulumi.Input<unknown[]>));
        expect(hostsOutput).to.deep.equal(
            hosts.map((host, index) => ({
                name: host,
                publicIp: "203.0.113.10",
                privateIp: `10.0.0.${index + 4}`,
                ssh: "ssh l2bridgeadmin@203.0.113.10",
                containerSubnet: `10.244.${index + 1}.0/24`,
                container: {
                    name: "web",
                    image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
                    ipAddress: reported[host].ipAddress,
                    endpointId: reported[host].endpointId,
                    url: `http://${reported[host].ipAddress}:80/`,
                },
                publishedPort: {
                    hostPort: 8080,
                    containerPort: 80,
                    mappingId: `ip:${reported[host].ipAddress}/tcp/8080`,
                    url: `http://10.0.0.${index + 4}:8080/`,
                },
                aclRules: 3,
            })),
        );
        const vip = await unwrap(
            pulumi.output(program.loadBalancerVip as pulumi.Input<Record<string, unknown>>),
        );
        expect(vip).to.include({
            host: "win1",
            vip: "10.96.0.10",
            port: 80,
            url: "http://10.96.0.10:80/",
            loadBalancerId,
        });
        expect(vip.backends).to.deep.equal([reported.win1.ipAddress, reported.win2.ipAddress]);
        expect(Object.keys(program).sort()).to.deep.equal(
            ["azureRoutes", "diagram", "hosts", "loadBalancerVip", "routePlan"].sort(),
        );
    });

    describe("every remote command is a constant script with the values on standard input", () => {
        const configValues = [
            ...Object.values(requiredConfig),
            "mcr.microsoft.com/windows/servercore/iis",
            "l2bridge",
            "10.244.",
            "10.0.0.",
            "10.96.0.10",
            "win1",
            "win2",
        ];

        it("gives each container step exactly the exported create and delete command lines", () => {
            const steps = mocks.ofType(commandType).filter((command) => /-web$/.test(command.name));
            expect(steps.map((step) => step.name).sort()).to.deep.equal(["win1-web", "win2-web"]);
            for (const step of steps) {
                expect(step.inputs.create, step.name).to.equal(scripts.containerCreateCommand);
                expect(step.inputs.delete, step.name).to.equal(scripts.containerDeleteCommand);
                expect(decode(step.inputs.create)).to.equal(scripts.containerCreateScript);
                expect(decode(step.inputs.delete)).to.equal(scripts.containerDeleteScript);
            }
        });

        it("runs remote commands whose text holds no template residue and none of the program's values", () => {
            const commands = mocks.ofType(commandType);
            expect(commands.length).to.be.greaterThan(2);
            for (const command of commands) {
                for (const field of ["create", "update", "delete"] as const) {
                    const line = command.inputs[field];
                    if (line === undefined) continue;
                    const script = decode(line);
                    expect(script, `${command.name} ${field}`).to.not.include("${");
                    for (const value of configValues) {
                        expect(script, `${command.name} ${field} holds ${value}`).to.not.include(
                            value,
                        );
                        expect(
                            String(line),
                            `${command.name} ${field} holds ${value}`,
                        ).to.not.include(value);
                    }
                }
            }
        });

        it("sends container scripts that parse as PowerShell", () => {
            expect(powerShellSyntaxProblems(scripts.containerCreateScript)).to.deep.equal([]);
            expect(powerShellSyntaxProblems(scripts.containerDeleteScript)).to.deep.equal([]);
        });

        it("keeps each command line within cmd.exe's 8191 characters (the default shell of Windows OpenSSH)", () => {
            for (const command of mocks.ofType(commandType)) {
                for (const field of ["create", "delete"] as const) {
                    const line = command.inputs[field];
                    if (line !== undefined)
                        expect(String(line).length, `${command.name} ${field}`).to.be.at.most(8191);
                }
            }
        });
    });
});

describe("examples/azure-multihost documents the config it reads", () => {
    const source = fs.readFileSync(path.join(exampleDir, "index.ts"), "utf8");
    const readme = fs.readFileSync(path.join(exampleDir, "README.md"), "utf8");
    const projectFile = fs.readFileSync(path.join(exampleDir, "Pulumi.yaml"), "utf8");
    /** Rows of the README's configuration table: key → default column. */
    const table = new Map(
        [...readme.matchAll(/^\| `([^`]+)` +\|[^|]*\|([^|]*)\|/gm)].map((row) => [
            row[1],
            row[2].trim().replace(/^`|`$/g, ""),
        ]),
    );
    const read = [...source.matchAll(/config\.(?:get|require)\w*\("([^"]+)"\)/g)].map(
        (match) => match[1],
    );
    const programDefaults = {
        hostCount: "2",
        containerImage: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
    };

    it("lists every key the program reads, the Azure region, and nothing else", () => {
        expect([...table.keys()].sort()).to.deep.equal([...read, "azure-native:location"].sort());
    });

    for (const [key, value] of Object.entries(programDefaults)) {
        it(`gives ${key} the program's default in the README and in Pulumi.yaml`, () => {
            expect(source).to.include(
                `${key}: ${key === "hostCount" ? value : JSON.stringify(value)},`,
            );
            expect(table.get(key)).to.equal(value);
            expect(projectFile).to.match(
                new RegExp(
                    `^    ${key}:\\n(?:        .*\\n)*?        default: ${value.replace(/[.]/g, "\\.")}$`,
                    "m",
                ),
            );
        });
    }
});
