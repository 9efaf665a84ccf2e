/** Arguments of `WindowsContainerHost`: an Azure Windows Server 2022 VM ready for l2bridge. */
import type * as pulumi from "@pulumi/pulumi";
import type { ContainerRuntime } from "./containerRuntimeScript";

/** Arguments of `WindowsContainerHost`. */
export interface WindowsContainerHostArgs {
    /** Resource group of the VM, its NIC, network security group and public IP. Required. */
    resourceGroupName: pulumi.Input<string>;
    /**
     * Azure region.
     * @default the resource group's region
     */
    location?: pulumi.Input<string>;
    /** Resource ID of the hosts' subnet the NIC joins. Required. */
    subnetId: pulumi.Input<string>;
    /**
     * Static private IPv4 address of the NIC. Set it so `L2BridgeCluster` can use the same plain
     * value as `hostIp` and validate the cluster at preview.
     * @default unset: Azure assigns an address dynamically (read it from `hostIp`)
     */
    privateIpAddress?: string;
    /**
     * VM size.
     * @default "Standard_D2s_v5"
     */
    vmSize?: pulumi.Input<string>;
    /**
     * Windows Server 2022 image SKU (publisher `MicrosoftWindowsServer`, offer `WindowsServer`).
     * @default "2022-datacenter-azure-edition"
     */
    imageSku?: pulumi.Input<string>;
    /**
     * Windows computer name: 1..15 letters, digits and `-`, not only digits. Cannot change later.
     * @default the component's name
     */
    computerName?: string;
    /**
     * Administrator account, which also logs in over SSH. Not `administrator`, `admin`, `user`,
     * `root`, `test` or another name Azure reserves. Cannot change later.
     * @default "l2bridgeadmin"
     */
    adminUsername?: string;
    /** Administrator password (secret), 8..123 characters with 3 of 4 character classes. Required. */
    adminPassword: pulumi.Input<string>;
    /** OpenSSH public key (`ssh-ed25519 AAAA…`) allowed to log in as the administrator. Required. */
    sshPublicKey: pulumi.Input<string>;
    /** Private key matching `sshPublicKey` (secret); it goes into the `connection` output. Required. */
    sshPrivateKey: pulumi.Input<string>;
    /**
     * Source address range (CIDR or single IPv4 address) allowed to reach SSH (and WinRM) through
     * the network security group, such as the deployment machine's address. Required.
     */
    managementSourcePrefix: string;
    /**
     * Also open WinRM (TCP 5985 and 5986) from `managementSourcePrefix`.
     * @default false
     */
    allowWinRm?: boolean;
    /**
     * Give the VM a static public IP and use it in `connection.host` (otherwise the private IP is
     * used, reachable over VPN or from inside the virtual network).
     * @default false
     */
    publicIp?: boolean;
    /**
     * After the setup script (and the reboot the Containers feature needs), log in over SSH and check
     * that the feature is installed and the container services run before `connection` resolves.
     * Needs the deployment machine to reach `connection.host` on port 22.
     * @default true
     */
    waitUntilReady?: boolean;
    /**
     * Container runtime installed and started after setup (and its reboot): `containerd` (with
     * Microsoft's Windows CNI plugins, l2bridge among them, in `%ProgramFiles%\containerd\cni\bin`),
     * `docker` (the static release), or `none`. The deployment waits until the runtime answers.
     * Changing it runs the install again in place; an installed runtime is not removed.
     * @default "none"
     */
    containerRuntime?: ContainerRuntime;
    /**
     * Version of the runtime, `MAJOR.MINOR.PATCH`.
     * @default containerd "1.7.22", docker "27.3.1"
     */
    runtimeVersion?: string;
    /**
     * Version of Microsoft's Windows CNI plugins (containerd only), `MAJOR.MINOR.PATCH`.
     * @default "0.3.1"
     */
    cniPluginsVersion?: string;
    /**
     * Also install the Hyper-V role (with its management tools), as the l2bridge walkthrough does
     * beside the Containers feature; needs a VM size with nested virtualization (the default size has
     * it). The reboot either feature needs is handled by the setup.
     * @default true
     */
    installHyperV?: boolean;
    /**
     * Tags on every Azure resource of the host.
     * @default {}
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}
