/** Host views assembled from the HCN fixtures under test/fixtures/windows. */
import { readFileSync } from "fs";
import { join } from "path";
import type {
    EndpointView,
    HostRecord,
    InterfaceView,
    LoadBalancerView,
    NetworkView,
    RawHcn,
    RouteRow,
    RouteView,
} from "../../../provider/drivers/windows/hostViews";

const dir = join(__dirname, "..", "..", "fixtures", "windows");

/** One fixture file, parsed. */
export function fixture<T = RawHcn>(file: string): T {
    return JSON.parse(readFileSync(join(dir, file), "utf8")) as T;
}

const version = { major: 13, minor: 2 };

/** Records as this package writes them (ids in lower case, as the scripts format GUIDs). */
export const fixtureRecords: HostRecord[] = [
    {
        kind: "l2BridgeNetwork",
        name: "l2bridge",
        id: "6c2a7f3e-1b4d-4e8a-9c0f-2d3e4f5a6b7c",
        network: "l2bridge",
        data: JSON.stringify({
            outboundNat: { enabled: true, exceptions: ["10.244.0.0/16", "10.127.130.0/24"] },
        }),
    },
    {
        kind: "l2BridgeNetwork",
        name: "tenant-vlan",
        id: "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70",
        network: "tenant-vlan",
        data: JSON.stringify({ outboundNat: { enabled: false, exceptions: [] } }),
    },
    {
        kind: "gatewayEndpoint",
        name: "l2bridge_gw",
        id: "2f4e6d8c-0a1b-4c3d-9e5f-708192a3b4c5",
        network: "l2bridge",
        data: "",
    },
    {
        kind: "containerEndpoint",
        name: "web-eth0",
        id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        network: "l2bridge",
        data: '{"inheritsNat":true}',
    },
    {
        kind: "containerEndpoint",
        name: "app-back",
        id: "3e4d5c6b-7a89-4b0c-9d1e-2f3a4b5c6d7e",
        network: "tenant-vlan",
        data: '{"inheritsNat":false}',
    },
    {
        kind: "portPublish",
        name: "web-eth0/tcp/8080",
        id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        network: "",
        data: "",
    },
    {
        kind: "endpointAcl",
        name: "web-eth0",
        id: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        network: "",
        data: "",
    },
    {
        kind: "hnsLoadBalancer",
        name: "web-lb",
        id: "e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b",
        network: "l2bridge",
        data: "",
    },
    {
        kind: "containerRoute",
        name: "l2bridge",
        id: "",
        network: "",
        data: JSON.stringify({
            routes: [
                {
                    destinationPrefix: "10.244.2.0/24",
                    nextHop: "10.127.130.5",
                    interfaceAlias: "vEthernet (Ethernet)",
                    metric: 256,
                },
                {
                    destinationPrefix: "10.244.3.0/24",
                    nextHop: "10.127.130.6",
                    interfaceAlias: "vEthernet (Ethernet)",
                    metric: 100,
                },
            ],
            persistent: true,
        }),
    },
];

export function networkView(): NetworkView {
    return {
        records: fixtureRecords,
        networks: [
            fixture("hns-network-nat-docker.json"),
            fixture("hns-network-l2bridge.json"),
            fixture("hns-network-vlan.json"),
        ],
        managementIp: "10.127.130.4",
        defaultRouteAlias: "vEthernet (Ethernet)",
        physicalAdapters: [
            { name: "Ethernet", status: "Up" },
            { name: "Ethernet 2", status: "Up" },
        ],
    };
}

export function endpointView(
    endpointFiles: string[],
    networkFile: string | null,
    withInterfaces = false,
): EndpointView {
    return {
        records: fixtureRecords,
        network: networkFile ? fixture(networkFile) : null,
        endpoints: endpointFiles.map((f) => fixture(f)),
        namespaces: [fixture("hns-namespace-web.json")],
        interfaces: withInterfaces
            ? [
                  fixture<InterfaceView>("interface-gateway.json"),
                  fixture<InterfaceView>("interface-management.json"),
              ]
            : [],
        managementAlias: withInterfaces ? "vEthernet (Ethernet)" : "",
        managementIp: networkFile ? "10.127.130.4" : "",
    };
}

export function loadBalancerView(): LoadBalancerView {
    return {
        version,
        records: fixtureRecords,
        network: fixture("hns-network-l2bridge.json"),
        loadBalancers: [
            fixture("hns-loadbalancer-kube-proxy.json"),
            fixture("hns-loadbalancer-8090.json"),
        ],
        endpoints: [
            fixture("hns-endpoint-web.json"),
            fixture("hns-endpoint-web2.json"),
            fixture("hns-endpoint-gateway.json"),
        ],
    };
}

export function routeView(): RouteView {
    return {
        records: fixtureRecords,
        routes: fixture<RouteRow[]>("netroute-rows.json"),
        nextHopInterfaces: [],
    };
}
