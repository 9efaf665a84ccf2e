/**
 * For each component: a base argument set and, per documented option, one change of that option.
 * The docs test builds the component with both and compares the children, so the Change column of
 * a component's doc is what the code does. An option with no row here fails the test, naming it.
 */

type Args = Record<string, unknown>;
type Host = Record<string, unknown>;

/** One component's base arguments and the change of each option. */
export interface ComponentSample {
    base(): Args;
    /** Host names in the base and changed arguments (stripped from child labels). */
    hostNames: string[];
    changes: Record<string, (args: Args) => void>;
}

const privateKey =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nfixture\n-----END OPENSSH PRIVATE KEY-----";

function firstHost(args: Args): Host {
    return (args.hosts as Host[])[0];
}

const clusterSample: ComponentSample = {
    base: () => ({
        hostSubnet: "10.0.0.0/24",
        hosts: [
            {
                name: "win1",
                connection: { host: "10.0.0.4", user: "admin", os: "windows", privateKey },
                hostIp: "10.0.0.4",
                containerSubnet: "10.244.1.0/24",
            },
            {
                name: "lin2",
                connection: { host: "10.0.0.5", user: "root", os: "linux", privateKey },
                hostIp: "10.0.0.5",
                containerSubnet: "10.244.2.0/24",
            },
        ],
        azure: { resourceGroupName: "rg", virtualNetworkName: "vnet", subnetName: "hosts" },
    }),
    hostNames: ["win1", "lin2", "win9"],
    changes: {
        "hosts[].name": (args) => (firstHost(args).name = "win9"),
        "hosts[].os": (args) => (firstHost(args).os = "windows"),
        "hosts[].hostIp": (args) => (firstHost(args).hostIp = "10.0.0.14"),
        "hosts[].containerSubnet": (args) => (firstHost(args).containerSubnet = "10.244.11.0/24"),
        "hosts[].loadBalancerVips": (args) => (firstHost(args).loadBalancerVips = ["10.0.0.100"]),
        "hosts[].adapter": (args) => (firstHost(args).adapter = "Ethernet 2"),
        hostSubnet: (args) => (args.hostSubnet = "10.0.0.0/23"),
        natExceptions: (args) => (args.natExceptions = ["192.168.0.0/16"]),
        "dns.servers": (args) => (args.dns = { servers: ["10.0.0.10"] }),
        "dns.suffix": (args) => (args.dns = { suffix: "corp.example" }),
        "dns.search": (args) => (args.dns = { search: ["corp.example"] }),
        networkName: (args) => (args.networkName = "l2b"),
    },
};

const routeTableSample: ComponentSample = {
    base: () => ({
        resourceGroupName: "rg",
        virtualNetworkName: "vnet",
        subnetName: "hosts",
        hostSubnet: "10.0.0.0/24",
        hosts: [
            { name: "win1", hostIp: "10.0.0.4", containerSubnet: "10.244.1.0/24" },
            { name: "win2", hostIp: "10.0.0.5", containerSubnet: "10.244.2.0/24" },
        ],
    }),
    hostNames: ["win1", "win2", "win9"],
    changes: {
        resourceGroupName: (args) => (args.resourceGroupName = "rg2"),
        location: (args) => (args.location = "westeurope"),
        routeTableName: (args) => (args.routeTableName = "udr2"),
        subnetId: (args) => {
            delete args.virtualNetworkName;
            delete args.subnetName;
            args.subnetId =
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/hosts2";
        },
        virtualNetworkName: (args) => (args.virtualNetworkName = "vnet2"),
        subnetName: (args) => (args.subnetName = "hosts2"),
        networkSecurityGroupId: (args) => (args.networkSecurityGroupId = "/nsg/hosts"),
        disableBgpRoutePropagation: (args) => (args.disableBgpRoutePropagation = true),
        routeMode: (args) => (args.routeMode = "standalone"),
        tags: (args) => (args.tags = { team: "network" }),
        "hosts[].name": (args) => (firstHost(args).name = "win9"),
        "hosts[].hostIp": (args) => (firstHost(args).hostIp = "10.0.0.14"),
        "hosts[].containerSubnet": (args) => (firstHost(args).containerSubnet = "10.244.11.0/24"),
        "hosts[].loadBalancerVips": (args) => (firstHost(args).loadBalancerVips = ["10.0.0.100"]),
        hostSubnet: (args) => (args.hostSubnet = "10.0.0.0/23"),
    },
};

const windowsHostSample: ComponentSample = {
    base: () => ({
        resourceGroupName: "rg",
        location: "westeurope",
        subnetId: "/subnets/hosts",
        privateIpAddress: "10.0.0.4",
        adminPassword: "Fixture-Passw0rd!",
        sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKey l2bridge",
        sshPrivateKey: privateKey,
        managementSourcePrefix: "203.0.113.7/32",
        publicIp: true,
        containerRuntime: "containerd",
    }),
    hostNames: [],
    changes: {
        resourceGroupName: (args) => (args.resourceGroupName = "rg2"),
        location: (args) => (args.location = "northeurope"),
        subnetId: (args) => (args.subnetId = "/subnets/other"),
        privateIpAddress: (args) => (args.privateIpAddress = "10.0.0.14"),
        vmSize: (args) => (args.vmSize = "Standard_D4s_v5"),
        imageSku: (args) => (args.imageSku = "2022-datacenter"),
        computerName: (args) => (args.computerName = "win9"),
        adminUsername: (args) => (args.adminUsername = "deploy"),
        adminPassword: (args) => (args.adminPassword = "Other-Passw0rd!"),
        sshPublicKey: (args) => (args.sshPublicKey = "ssh-ed25519 AAAAOther l2bridge"),
        sshPrivateKey: (args) => (args.sshPrivateKey = privateKey.replace("fixture", "other")),
        managementSourcePrefix: (args) => (args.managementSourcePrefix = "203.0.113.0/24"),
        allowWinRm: (args) => (args.allowWinRm = true),
        publicIp: (args) => (args.publicIp = false),
        waitUntilReady: (args) => (args.waitUntilReady = false),
        containerRuntime: (args) => (args.containerRuntime = "docker"),
        runtimeVersion: (args) => (args.runtimeVersion = "1.7.23"),
        cniPluginsVersion: (args) => (args.cniPluginsVersion = "0.3.2"),
        installHyperV: (args) => (args.installHyperV = false),
        tags: (args) => (args.tags = { team: "network" }),
    },
};

/** Samples by component class name. */
export const componentSamples: Record<string, ComponentSample> = {
    L2BridgeCluster: clusterSample,
    AzureRouteTable: routeTableSample,
    WindowsContainerHost: windowsHostSample,
};
