import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { WindowsContainerHostArgs } from "../../components/windowsContainerHostTypes";
import { containerRuntimeScript } from "../../components/containerRuntimeScript";
import {
    encodedPowerShellCommand,
    windowsHostReadinessScript,
    windowsHostSetupScript,
} from "../../components/windowsHostScripts";
import { powerShellSyntaxProblems } from "../support/powershellGrammar";
import {
    MockRecorder,
    isSecret,
    isSecretInput,
    mockValues,
    revealInput,
    unwrap,
} from "../../tools/pulumi-mocks/mockRecorder";

type HostModule = typeof import("../../components/windowsContainerHost");

const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKey l2bridge";

function args(extra: Partial<WindowsContainerHostArgs> = {}): WindowsContainerHostArgs {
    return {
        resourceGroupName: "rg",
        location: "westeurope",
        subnetId: "/subnets/hosts",
        privateIpAddress: "10.0.0.4",
        adminPassword: "Fixture-Passw0rd!",
        sshPublicKey: publicKey,
        sshPrivateKey:
            "-----BEGIN OPENSSH PRIVATE KEY-----\nfixture\n-----END OPENSSH PRIVATE KEY-----",
        managementSourcePrefix: "203.0.113.7/32",
        ...extra,
    };
}

function decodeEncodedCommand(commandLine: string): string {
    const encoded = commandLine.split(" ").pop() ?? "";
    return Buffer.from(encoded, "base64").toString("utf16le");
}

describe("WindowsContainerHost under mocks", () => {
    const mocks = new MockRecorder();
    let module: HostModule;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "project", "stack", false);
        module = await import("../../components/windowsContainerHost");
    });

    beforeEach(() => mocks.reset());

    async function create(hostArgs: WindowsContainerHostArgs, name = "win1") {
        const host = new module.WindowsContainerHost(name, hostArgs);
        await unwrap(pulumi.output(host.connection.host));
        return host;
    }

    it("creates exactly: network security group, NIC, VM, setup Run Command and SSH readiness step", async () => {
        await create(args());
        expect(mocks.registrations.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
            "l2bridge:index:WindowsContainerHost win1",
            "azure-native:network:NetworkSecurityGroup win1-nsg",
            "azure-native:network:NetworkInterface win1-nic",
            "azure-native:compute:VirtualMachine win1-vm",
            "azure-native:compute:VirtualMachineRunCommandByVirtualMachine win1-setup",
            "command:remote:Command win1-ready",
        ]);
    });

    it("enables IP forwarding on the NIC and pins the static private address", async () => {
        await create(args());
        const nic = mocks.named("win1-nic").inputs;
        expect(nic.enableIPForwarding).to.equal(true);
        expect(nic.ipConfigurations).to.deep.equal([
            {
                name: "primary",
                primary: true,
                subnet: { id: "/subnets/hosts" },
                privateIPAllocationMethod: "Static",
                privateIPAddress: "10.0.0.4",
            },
        ]);
    });

    it("admits SSH only from the management range", async () => {
        await create(args());
        expect(mocks.named("win1-nsg").inputs.securityRules).to.deep.equal([
            {
                name: "allow-management",
                priority: 1000,
                direction: "Inbound",
                access: "Allow",
                protocol: "Tcp",
                sourceAddressPrefix: "203.0.113.7/32",
                sourcePortRange: "*",
                destinationAddressPrefix: "*",
                destinationPortRanges: ["22"],
            },
        ]);
    });

    it("also admits WinRM (5985, 5986) when allowWinRm is set", async () => {
        await create(args({ allowWinRm: true }));
        const [rule] = mocks.named("win1-nsg").inputs.securityRules as Record<string, unknown>[];
        expect(rule.destinationPortRanges).to.deep.equal(["22", "5985", "5986"]);
    });

    it("boots Windows Server 2022 with the computer name and a secret administrator password", async () => {
        await create(args());
        const vm = mocks.named("win1-vm").inputs;
        expect(revealInput(vm.storageProfile).imageReference).to.deep.equal({
            publisher: "MicrosoftWindowsServer",
            offer: "WindowsServer",
            sku: "2022-datacenter-azure-edition",
            version: "latest",
        });
        expect(
            isSecretInput(vm.osProfile),
            "osProfile holds the password, so it is secret",
        ).to.equal(true);
        expect(revealInput(vm.osProfile)).to.include({
            computerName: "win1",
            adminUsername: "l2bridgeadmin",
            adminPassword: "Fixture-Passw0rd!",
        });
    });

    it("runs the setup script with the public key as a parameter, never inside the code", async () => {
        await create(args());
        const setup = mocks.named("win1-setup").inputs;
        expect(setup).to.deep.include({
            vmName: "win1-vm",
            source: { script: windowsHostSetupScript },
            parameters: [
                { name: "PublicKey", value: publicKey },
                { name: "InstallHyperV", value: "true" },
            ],
            treatFailureAsDeploymentFailure: true,
        });
        expect(windowsHostSetupScript).not.to.include("AAAAC3");
    });

    it("waits over SSH for the host to be ready, with the readiness script as an encoded command", async () => {
        await create(args());
        const ready = mocks.named("win1-ready").inputs;
        expect(revealInput(ready.connection)).to.include({
            host: "10.0.0.4",
            port: 22,
            user: "l2bridgeadmin",
            dialErrorLimit: -1,
        });
        expect(decodeEncodedCommand(String(ready.create))).to.equal(windowsHostReadinessScript);
        expect(ready.triggers).to.deep.equal(["win1-setup-id"]);
    });

    it("outputs an SSH connection for the cluster, with the private key secret", async () => {
        const host = await create(args());
        expect(await unwrap(pulumi.output(host.connection.host))).to.equal("10.0.0.4");
        expect(host.connection).to.include({
            user: "l2bridgeadmin",
            os: "windows",
            transport: "ssh",
            port: 22,
        });
        expect(await isSecret(pulumi.output(host.connection.privateKey))).to.equal(true);
        expect(await unwrap(host.hostIp)).to.equal("10.0.0.4");
    });

    it("with a public IP, connects to it while hostIp stays the private address", async () => {
        const host = await create(args({ publicIp: true }));
        expect(mocks.named("win1-ip").inputs).to.deep.include({
            publicIPAllocationMethod: "Static",
            sku: { name: "Standard" },
        });
        expect(await unwrap(pulumi.output(host.connection.host))).to.equal(mockValues.publicIp);
        expect(await unwrap(host.hostIp)).to.equal("10.0.0.4");
    });

    it("without a static address, reads hostIp from the NIC", async () => {
        const host = await create(args({ privateIpAddress: undefined }));
        expect(await unwrap(host.hostIp)).to.equal(mockValues.dynamicPrivateIp);
    });

    it("installs no runtime unless asked (containerRuntime defaults to none)", async () => {
        await create(args());
        expect(mocks.registrations.map((r) => r.name)).to.not.include("win1-runtime");
    });

    const runtimes: [string, Partial<WindowsContainerHostArgs>, string[]][] = [
        [
            "containerd with the pinned defaults",
            { containerRuntime: "containerd" },
            ["containerd", "1.7.22", "0.3.1"],
        ],
        [
            "docker at a chosen version",
            { containerRuntime: "docker", runtimeVersion: "26.1.4" },
            ["docker", "26.1.4", ""],
        ],
        [
            "containerd with chosen plugin versions",
            {
                containerRuntime: "containerd",
                runtimeVersion: "1.7.20",
                cniPluginsVersion: "0.3.0",
            },
            ["containerd", "1.7.20", "0.3.0"],
        ],
    ];
    for (const [what, extra, [runtime, version, plugins]] of runtimes) {
        it(`installs ${what} after the host is ready, versions as Run Command parameters, and the connection waits for it`, async () => {
            const host = await create(args(extra));
            const install = mocks.named("win1-runtime").inputs;
            expect(install).to.deep.include({
                vmName: "win1-vm",
                source: { script: containerRuntimeScript },
                parameters: [
                    { name: "Runtime", value: runtime },
                    { name: "Version", value: version },
                    { name: "CniPluginsVersion", value: plugins },
                ],
                treatFailureAsDeploymentFailure: true,
            });
            expect(await unwrap(pulumi.output(host.connection.host))).to.equal("10.0.0.4");
        });
    }

    it("skips the SSH readiness step when waitUntilReady is false", async () => {
        await create(args({ waitUntilReady: false }));
        expect(mocks.ofType("command:remote:Command")).to.have.length(0);
    });

    const badRows: {
        what: string;
        name: string;
        args: WindowsContainerHostArgs;
        expected: string;
    }[] = [
        {
            what: "a component name too long for a computer name",
            name: "windows-container-host-1",
            args: args(),
            expected:
                'computerName: "windows-container-host-1" (from the component name) is not a Windows computer name',
        },
        {
            what: "a reserved administrator name",
            name: "win1",
            args: args({ adminUsername: "Administrator" }),
            expected: 'adminUsername: "Administrator" is reserved by Azure',
        },
        {
            what: "a private address that is not IPv4",
            name: "win1",
            args: args({ privateIpAddress: "10.0.0" }),
            expected: 'privateIpAddress: "10.0.0" is not an IPv4 address',
        },
        {
            what: "a management range of *",
            name: "win1",
            args: args({ managementSourcePrefix: "*" }),
            expected: 'managementSourcePrefix: "*" is not an IPv4 address or CIDR',
        },
        {
            what: "a management range open to the whole internet",
            name: "win1",
            args: args({ managementSourcePrefix: "0.0.0.0/0" }),
            expected: 'managementSourcePrefix: "0.0.0.0/0" opens SSH to the whole internet',
        },
    ];

    badRows.push(
        {
            what: "a runtime version with a leading v",
            name: "win1",
            args: args({ containerRuntime: "containerd", runtimeVersion: "v1.7.22" }),
            expected:
                'runtimeVersion: "v1.7.22" is not a version; write MAJOR.MINOR.PATCH without a leading "v", such as "1.7.22"',
        },
        {
            what: "a plugin version that is not a version",
            name: "win1",
            args: args({ containerRuntime: "containerd", cniPluginsVersion: "latest" }),
            expected:
                'cniPluginsVersion: "latest" is not a version; write MAJOR.MINOR.PATCH without a leading "v", such as "0.3.1"',
        },
        {
            what: "a version without a runtime",
            name: "win1",
            args: args({ runtimeVersion: "1.7.22" }),
            expected:
                'runtimeVersion: "1.7.22" is set but containerRuntime is "none"; set containerRuntime or remove runtimeVersion',
        },
        {
            what: "CNI plugins with Docker",
            name: "win1",
            args: args({ containerRuntime: "docker", cniPluginsVersion: "0.3.1" }),
            expected:
                'cniPluginsVersion: "0.3.1" applies to containerd only; remove it for containerRuntime "docker"',
        },
        {
            what: "an unknown runtime",
            name: "win1",
            args: args({ containerRuntime: "podman" as never }),
            expected:
                'containerRuntime: "podman" is not a runtime this component installs; use one of "containerd", "docker", "none"',
        },
    );

    for (const row of badRows) {
        it(`rejects ${row.what} before creating anything`, () => {
            expect(() => new module.WindowsContainerHost(row.name, row.args)).to.throw(
                row.expected,
            );
            expect(mocks.registrations).to.have.length(0);
        });
    }
});

describe("Windows host scripts", () => {
    const scripts: [string, string][] = [
        ["setup", windowsHostSetupScript],
        ["readiness", windowsHostReadinessScript],
        ["runtime", containerRuntimeScript],
    ];
    for (const [name, script] of scripts) {
        it(`the ${name} script parses as PowerShell without errors`, () => {
            expect(powerShellSyntaxProblems(script)).to.deep.equal([]);
        });
    }

    it("the encoded command round-trips the script through UTF-16LE base64", () => {
        const script = "Write-Output 'é ‘quoted’'";
        const commandLine = encodedPowerShellCommand(script);
        expect(commandLine).to.match(
            /^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/,
        );
        expect(decodeEncodedCommand(commandLine)).to.equal(script);
    });

    it("the encoded readiness command fits cmd.exe's 8191-character command line", () => {
        expect(encodedPowerShellCommand(windowsHostReadinessScript).length).to.be.below(8191);
    });

    it("the setup script restricts the key file to Administrators and SYSTEM by SID", () => {
        expect(windowsHostSetupScript).to.include(
            "/inheritance:r /grant '*S-1-5-32-544:F' /grant '*S-1-5-18:F'",
        );
    });
});
