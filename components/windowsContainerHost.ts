/**
 * `WindowsContainerHost`: an Azure Windows Server 2022 VM ready to carry l2bridge container
 * networks. Its NIC forwards IP traffic (Azure drops packets for container addresses otherwise), a
 * network security group admits SSH (and optionally WinRM) from one range, and a Run Command
 * installs the Containers feature and the OpenSSH server with the given key. When the feature needs
 * a reboot the script schedules it, and a one-shot SSH step waits until the host is back and ready.
 * The `connection` output resolves only after that, so resources on the host wait for it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as remote from "@pulumi/command/remote";
import type { HostConnectionArgs } from "../sdk/hostConnection";
import {
    containerRuntimeScript,
    runtimeDefaults,
    runtimeParameters,
} from "./containerRuntimeScript";
import { ComponentValidationError } from "./validationError";
import type { WindowsContainerHostArgs } from "./windowsContainerHostTypes";
import {
    encodedPowerShellCommand,
    hyperVParameter,
    publicKeyParameter,
    windowsHostReadinessScript,
    windowsHostSetupScript,
} from "./windowsHostScripts";
import { defaultAdminUsername, validateWindowsHost } from "./windowsHostValidation";

/** Type token of the component. */
export const windowsContainerHostType = "l2bridge:index:WindowsContainerHost";

/** Defaults of the optional arguments. */
export const windowsHostDefaults = {
    vmSize: "Standard_D2s_v5",
    imageSku: "2022-datacenter-azure-edition",
    sshPort: 22,
    winRmPorts: ["5985", "5986"],
    managementRulePriority: 1000,
    setupTimeoutSeconds: 3600,
    perDialTimeoutSeconds: 10,
    readinessTimeout: "30m",
} as const;

/** An Azure Windows Server 2022 VM prepared for l2bridge, reachable over SSH. */
export class WindowsContainerHost extends pulumi.ComponentResource {
    /** Network security group of the NIC. */
    readonly securityGroup: network.NetworkSecurityGroup;
    /** Public IP, when `publicIp` is set. */
    readonly publicIpAddress?: network.PublicIPAddress;
    /** The NIC, with IP forwarding enabled. */
    readonly networkInterface: network.NetworkInterface;
    /** The VM. */
    readonly virtualMachine: compute.VirtualMachine;
    /** Run Command installing the Containers feature and the OpenSSH server. */
    readonly setup: compute.VirtualMachineRunCommandByVirtualMachine;
    /** The SSH readiness check, when `waitUntilReady` is on. */
    readonly readiness?: remote.Command;
    /** The container runtime install, unless `containerRuntime` is `none`. */
    readonly runtime?: compute.VirtualMachineRunCommandByVirtualMachine;
    /** The host's private IP address on the hosts' subnet (the cluster's `hostIp`). */
    readonly hostIp: pulumi.Output<string>;
    /**
     * How to reach the host over SSH as the administrator; `privateKey` is secret. Its `host`
     * resolves only once the host is ready.
     */
    readonly connection: HostConnectionArgs;

    /**
     * @throws ComponentValidationError listing every invalid input (at preview, before anything is created)
     */
    constructor(
        name: string,
        args: WindowsContainerHostArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const problems = validateWindowsHost(name, args);
        if (problems.length > 0) {
            throw new ComponentValidationError(`WindowsContainerHost "${name}"`, problems);
        }
        super(windowsContainerHostType, name, {}, opts);
        const adminUsername = args.adminUsername ?? defaultAdminUsername;
        const common = {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            tags: args.tags,
        };

        this.securityGroup = new network.NetworkSecurityGroup(
            `${name}-nsg`,
            {
                ...common,
                securityRules: [
                    {
                        name: "allow-management",
                        priority: windowsHostDefaults.managementRulePriority,
                        direction: "Inbound",
                        access: "Allow",
                        protocol: "Tcp",
                        sourceAddressPrefix: args.managementSourcePrefix,
                        sourcePortRange: "*",
                        destinationAddressPrefix: "*",
                        destinationPortRanges: [
                            String(windowsHostDefaults.sshPort),
                            ...(args.allowWinRm ? windowsHostDefaults.winRmPorts : []),
                        ],
                    },
                ],
            },
            { parent: this },
        );
        this.publicIpAddress = args.publicIp
            ? new network.PublicIPAddress(
                  `${name}-ip`,
                  { ...common, publicIPAllocationMethod: "Static", sku: { name: "Standard" } },
                  { parent: this },
              )
            : undefined;
        this.networkInterface = new network.NetworkInterface(
            `${name}-nic`,
            {
                ...common,
                enableIPForwarding: true,
                networkSecurityGroup: { id: this.securityGroup.id },
                ipConfigurations: [
                    {
                        name: "primary",
                        primary: true,
                        subnet: { id: args.subnetId },
                        privateIPAllocationMethod:
                            args.privateIpAddress === undefined ? "Dynamic" : "Static",
                        privateIPAddress: args.privateIpAddress,
                        publicIPAddress: this.publicIpAddress
                            ? { id: this.publicIpAddress.id }
                            : undefined,
                    },
                ],
            },
            { parent: this },
        );
        this.virtualMachine = new compute.VirtualMachine(
            `${name}-vm`,
            {
                ...common,
                hardwareProfile: { vmSize: args.vmSize ?? windowsHostDefaults.vmSize },
                networkProfile: {
                    networkInterfaces: [{ id: this.networkInterface.id, primary: true }],
                },
                storageProfile: {
                    imageReference: {
                        publisher: "MicrosoftWindowsServer",
                        offer: "WindowsServer",
                        sku: args.imageSku ?? windowsHostDefaults.imageSku,
                        version: "latest",
                    },
                    osDisk: {
                        createOption: "FromImage",
                        managedDisk: { storageAccountType: "Premium_LRS" },
                        deleteOption: "Delete",
                    },
                },
                osProfile: {
                    computerName: args.computerName ?? name,
                    adminUsername,
                    adminPassword: pulumi.secret(args.adminPassword),
                    allowExtensionOperations: true,
                    windowsConfiguration: { provisionVMAgent: true },
                },
            },
            { parent: this },
        );
        this.setup = new compute.VirtualMachineRunCommandByVirtualMachine(
            `${name}-setup`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                vmName: this.virtualMachine.name,
                source: { script: windowsHostSetupScript },
                parameters: [
                    { name: publicKeyParameter, value: args.sshPublicKey },
                    { name: hyperVParameter, value: String(args.installHyperV ?? true) },
                ],
                treatFailureAsDeploymentFailure: true,
                timeoutInSeconds: windowsHostDefaults.setupTimeoutSeconds,
            },
            { parent: this },
        );

        this.hostIp =
            args.privateIpAddress !== undefined
                ? pulumi.output(args.privateIpAddress)
                : this.networkInterface.ipConfigurations.apply(
                      (configurations) => configurations?.[0]?.privateIPAddress ?? "",
                  );
        const address = this.publicIpAddress
            ? this.publicIpAddress.ipAddress.apply((ip) => ip ?? "")
            : this.hostIp;
        const privateKey = pulumi.secret(args.sshPrivateKey);
        this.readiness =
            args.waitUntilReady === false
                ? undefined
                : new remote.Command(
                      `${name}-ready`,
                      {
                          connection: {
                              host: address,
                              port: windowsHostDefaults.sshPort,
                              user: adminUsername,
                              privateKey,
                              dialErrorLimit: -1,
                              perDialTimeout: windowsHostDefaults.perDialTimeoutSeconds,
                          },
                          create: encodedPowerShellCommand(windowsHostReadinessScript),
                          triggers: [this.setup.id],
                      },
                      {
                          parent: this,
                          dependsOn: [this.setup],
                          customTimeouts: {
                              create: windowsHostDefaults.readinessTimeout,
                              update: windowsHostDefaults.readinessTimeout,
                          },
                      },
                  );
        this.runtime = this.installRuntime(name, args);
        const readyHost = pulumi
            .all([
                address,
                this.readiness ? this.readiness.stdout : this.setup.id,
                this.runtime ? this.runtime.id : "",
            ])
            .apply(([host]) => host);
        this.connection = {
            host: readyHost,
            port: windowsHostDefaults.sshPort,
            user: adminUsername,
            os: "windows",
            transport: "ssh",
            privateKey,
        };
        this.registerOutputs({ hostIp: this.hostIp, connection: this.connection });
    }

    /** The runtime install (a second Run Command, after setup and its reboot), unless `none`. */
    private installRuntime(
        name: string,
        args: WindowsContainerHostArgs,
    ): compute.VirtualMachineRunCommandByVirtualMachine | undefined {
        const runtime = args.containerRuntime ?? "none";
        if (runtime === "none") {
            return undefined;
        }
        const version =
            args.runtimeVersion ??
            (runtime === "docker"
                ? runtimeDefaults.dockerVersion
                : runtimeDefaults.containerdVersion);
        const cniPluginsVersion =
            runtime === "containerd"
                ? (args.cniPluginsVersion ?? runtimeDefaults.cniPluginsVersion)
                : "";
        return new compute.VirtualMachineRunCommandByVirtualMachine(
            `${name}-runtime`,
            {
                resourceGroupName: args.resourceGroupName,
                location: args.location,
                vmName: this.virtualMachine.name,
                source: { script: containerRuntimeScript },
                parameters: [
                    { name: runtimeParameters.runtime, value: runtime },
                    { name: runtimeParameters.version, value: version },
                    { name: runtimeParameters.cniPluginsVersion, value: cniPluginsVersion },
                ],
                treatFailureAsDeploymentFailure: true,
                timeoutInSeconds: windowsHostDefaults.setupTimeoutSeconds,
            },
            { parent: this, dependsOn: [this.readiness ?? this.setup] },
        );
    }
}
