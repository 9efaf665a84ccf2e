/**
 * The in-memory Windows host behind the session double: HNS networks, endpoints, namespaces and
 * load balancers, NetTCPIP interfaces and routes, and the package's records, changed by each
 * script the way the real host scripts change them.
 */
import { ScriptName } from "../../provider/drivers/windows/scriptCatalog";
import {
    HostRecord,
    InterfaceView,
    OperationState,
    RawHcn,
    RouteRow,
} from "../../provider/drivers/windows/hostViews";

type Params = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Error the double throws when a script fails on the host. */
export class FakeRemoteScriptError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RemoteScriptError";
    }
}

/** Error the double throws while the connection is down. */
export class FakeTransportError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConnectError";
    }
}

function sameId(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/** The in-memory host. Public fields so tests can arrange state and inspect results. */
export class FakeWindowsHost {
    version = { major: 15, minor: 1 };
    networks: RawHcn[] = [];
    endpoints: RawHcn[] = [];
    namespaces: RawHcn[] = [];
    loadBalancers: RawHcn[] = [];
    records: HostRecord[] = [];
    routes: RouteRow[] = [];
    interfaces = new Map<string, InterfaceView>();
    physicalAdapters = [{ name: "Ethernet", status: "Up" }];
    defaultRouteAlias = "Ethernet";
    operations = new Map<string, { params: Params; result?: OperationState; taskScript: string }>();
    /** Number of HcnCreateNetwork calls. */
    networkCreates = 0;
    private nextId = 1;

    newId(): string {
        const n = (this.nextId++).toString(16).padStart(12, "0").toUpperCase();
        return `0A1B2C3D-0000-4000-8000-${n}`;
    }

    /** Run one script by name, as the host would. */
    run(name: ScriptName, p: Params): unknown {
        switch (name) {
            case "observeVersion":
                return { version: this.version };
            case "observeNetwork":
                return this.networkView(p);
            case "createNetwork":
                return { outcome: this.createNetworkIfAbsent(p), view: this.networkView(p) };
            case "startNetworkCreate":
                return this.startOperation(p);
            case "pollNetworkCreate":
                return {
                    operation:
                        this.operations.get(p.operationId)?.result ??
                        (this.operations.has(p.operationId)
                            ? { state: "running", detail: "" }
                            : { state: "unknown", detail: "" }),
                    view: this.networkView(p),
                };
            case "updateNetwork":
                this.updateNetwork(p);
                return this.networkView(p);
            case "deleteNetwork":
                this.networks = this.networks.filter((n) => !sameId(n.ID, p.id));
                this.dropRecord("network", p.name);
                return this.networkView(p);
            case "observeEndpoint":
                return this.endpointView(p);
            case "createGatewayEndpoint": {
                const id = this.createEndpointIfAbsent(p, "gatewayEndpoint");
                this.attachToHost(id, p);
                this.tuneGateway(p);
                return this.endpointView(p);
            }
            case "updateGatewayEndpoint":
                this.setRecord("gatewayEndpoint", p.name, p.id, p.network, p.recordData);
                this.attachToHost(p.id, p);
                this.tuneGateway(p);
                return this.endpointView(p);
            case "createContainerEndpoint": {
                const id = this.createEndpointIfAbsent(p, "containerEndpoint");
                this.attachToContainer(id, p.container);
                return this.endpointView(p);
            }
            case "updateEndpointPolicies":
                this.updatePolicies(p);
                return this.endpointView(p);
            case "deleteEndpoint":
                this.deleteEndpoint(p);
                return this.endpointView(p);
            case "observeLoadBalancer":
                return this.loadBalancerView(p);
            case "createLoadBalancer":
                this.createLoadBalancer(p);
                return this.loadBalancerView(p);
            case "deleteLoadBalancer":
                this.loadBalancers = this.loadBalancers.filter((lb) => !sameId(lb.ID, p.id));
                this.dropRecord("loadBalancer", p.name);
                this.removeUnusedRemoteEndpoints();
                return this.loadBalancerView(p);
            case "observeRoutes":
                return this.routeView(p);
            case "applyRoutes":
                this.applyRoutes(p);
                return this.routeView(p);
        }
    }

    /** Let the detached create of `operationId` run now (the scheduled task). */
    runDetached(operationId: string): void {
        const op = this.operations.get(operationId);
        if (!op || op.result) {
            return;
        }
        try {
            op.result = { state: "succeeded", detail: this.createNetworkIfAbsent(op.params) };
        } catch (error) {
            op.result = { state: "failed", detail: (error as Error).message };
        }
    }

    private fail(message: string): never {
        throw new FakeRemoteScriptError(`pulumi-l2bridge: ${message}`);
    }

    private setRecord(kind: string, name: string, id: string, network: string, data: string): void {
        this.dropRecord(kind, name);
        this.records.push({ kind, name, id: id ?? "", network: network ?? "", data: data ?? "" });
    }

    private dropRecord(kind: string, name: string): void {
        this.records = this.records.filter((r) => !(r.kind === kind && r.name === name));
    }

    private networkByName(name: string): RawHcn | undefined {
        return this.networks.find((n) => n.Name === name);
    }

    private networkView(p: Params) {
        const network = this.networkByName(p.name);
        return {
            version: this.version,
            records: this.records,
            networks: this.networks,
            managementIp: network ? "10.127.130.4" : "",
            defaultRouteAlias: this.defaultRouteAlias,
            physicalAdapters: this.physicalAdapters,
        };
    }

    private createNetworkIfAbsent(p: Params): string {
        const existing = this.networkByName(p.name);
        if (existing) {
            return `exists:${existing.ID}`;
        }
        this.networkCreates += 1;
        const network: RawHcn = { ...JSON.parse(p.document), ID: this.newId(), Health: {} };
        this.networks.push(network);
        const adapter = (
            network.Policies as { Type: string; Settings: { NetworkAdapterName: string } }[]
        ).find((x) => x.Type === "NetAdapterName")?.Settings.NetworkAdapterName;
        if (adapter && !this.interfaces.has(`vEthernet (${adapter})`)) {
            this.defaultRouteAlias = `vEthernet (${adapter})`;
            this.interfaces.set(`vEthernet (${adapter})`, {
                alias: `vEthernet (${adapter})`,
                exists: true,
                ifIndex: 14,
                forwarding: "Disabled",
                macAddress: "00-0D-3A-1F-22-33",
                addresses: ["10.127.130.4"],
                neighbors: [],
            });
        }
        this.setRecord("network", p.name, String(network.ID), p.name, p.recordData);
        return `created:${network.ID}`;
    }

    private startOperation(p: Params) {
        if (!/^[0-9a-f]{32}$/.test(p.operationId)) {
            this.fail("operationId must be 32 lower-case hex digits");
        }
        if (this.operations.has(p.operationId)) {
            return { operation: "already-started" };
        }
        this.operations.set(p.operationId, {
            params: JSON.parse(p.taskParams),
            taskScript: p.taskScript,
        });
        return { operation: "started" };
    }

    private updateNetwork(p: Params): void {
        const network = this.networks.find((n) => sameId(n.ID, p.id));
        if (!network) {
            this.fail(`network ${p.id} not found`);
        }
        if (p.dnsRequest) {
            const settings = JSON.parse(p.dnsRequest).Settings;
            const dns: Record<string, unknown> = {};
            if (settings.Domain) dns.Domain = settings.Domain;
            if (settings.Search?.length) dns.Search = settings.Search;
            if (settings.ServerList?.length) dns.ServerList = settings.ServerList;
            network.Dns = dns;
        }
        this.setRecord("network", p.name, String(network.ID), p.name, p.recordData);
        for (const record of this.records) {
            if (
                record.kind === "containerEndpoint" &&
                record.network === p.name &&
                record.data &&
                JSON.parse(record.data).inheritsNat
            ) {
                const endpoint = this.endpoints.find((e) => sameId(e.ID, record.id));
                if (endpoint) {
                    this.replacePolicies(endpoint, p.natMatch, JSON.parse(p.natPolicies));
                }
            }
        }
    }

    private endpointsNamed(p: Params): RawHcn[] {
        const filter = JSON.parse(JSON.parse(p.endpointQuery).Filter ?? "{}");
        return this.endpoints.filter((e) => e.Name === filter.Name);
    }

    private endpointView(p: Params) {
        const endpoints = this.endpointsNamed(p);
        const network = p.network ? (this.networkByName(p.network) ?? null) : null;
        // A namespace lists its Resources only in a Detailed query (Flags 1).
        const detailed = JSON.parse(p.detailedQuery ?? "{}").Flags === 1;
        const namespaces = this.namespaces
            .filter((ns) => endpoints.some((e) => sameId(e.HostComputeNamespace, ns.ID)))
            .map((ns) => (detailed ? ns : { ...ns, Resources: undefined }));
        const interfaces: InterfaceView[] = [];
        let managementAlias = "";
        if (p.hostInterface) {
            interfaces.push(
                this.interfaces.get(p.hostInterface) ?? { alias: p.hostInterface, exists: false },
            );
            const adapter = network
                ? (
                      network.Policies as {
                          Type: string;
                          Settings: { NetworkAdapterName: string };
                      }[]
                  ).find((x) => x.Type === "NetAdapterName")?.Settings.NetworkAdapterName
                : undefined;
            const management = adapter ? this.interfaces.get(`vEthernet (${adapter})`) : undefined;
            if (management) {
                managementAlias = management.alias;
                interfaces.push(management);
            }
        }
        return {
            version: this.version,
            records: this.records,
            network,
            endpoints,
            namespaces,
            interfaces,
            managementAlias,
            managementIp: network ? "10.127.130.4" : "",
        };
    }

    private createEndpointIfAbsent(p: Params, kind: string): string {
        const existing = this.endpointsNamed(p);
        if (existing.length > 1) {
            this.fail(`${existing.length} HNS endpoints are named "${p.name}"`);
        }
        if (existing.length === 1) {
            return String(existing[0].ID);
        }
        const network = this.networkByName(p.network);
        if (!network) {
            this.fail(`HNS network "${p.network}" not found; create the L2BridgeNetwork first`);
        }
        const document = JSON.parse(p.document);
        if (document.HostComputeNamespace !== undefined) {
            this.fail("HostComputeNamespace is read-only at create");
        }
        const id = this.newId();
        this.endpoints.push({
            ...document,
            ID: id,
            HostComputeNetwork: network.ID,
            MacAddress:
                document.MacAddress ??
                `00-15-5D-52-C0-${(this.endpoints.length + 2).toString(16).padStart(2, "0").toUpperCase()}`,
        });
        this.setRecord(kind, p.name, id, p.network, p.recordData);
        return id;
    }

    private attachToHost(id: string, p: Params): void {
        const endpoint = this.endpoints.find((e) => sameId(e.ID, id));
        if (!endpoint) {
            this.fail(`endpoint ${id} not found`);
        }
        const alias = p.hostInterface as string;
        if (!this.interfaces.get(alias)?.exists) {
            const address = (endpoint.IpConfigurations as { IpAddress: string }[])[0].IpAddress;
            this.interfaces.set(alias, {
                alias,
                exists: true,
                ifIndex: 23,
                forwarding: "Disabled",
                macAddress: String(endpoint.MacAddress),
                addresses: [address],
                neighbors: [],
            });
        }
    }

    private tuneGateway(p: Params): void {
        const gateway = this.interfaces.get(p.hostInterface);
        if (!gateway) return;
        gateway.forwarding = p.forwarding ? "Enabled" : "Disabled";
        if (p.forwarding) {
            for (const i of this.interfaces.values()) {
                if (
                    i.alias !== gateway.alias &&
                    i.alias.startsWith("vEthernet (") &&
                    i.addresses?.includes("10.127.130.4")
                ) {
                    i.forwarding = "Enabled";
                }
            }
        }
        if (p.neighborIp) {
            gateway.neighbors = (gateway.neighbors ?? []).filter(
                (n) => n.ipAddress !== p.neighborIp,
            );
            if (p.neighborMac) {
                gateway.neighbors.push({
                    ipAddress: p.neighborIp,
                    linkLayerAddress: p.neighborMac,
                    state: "Permanent",
                });
            }
        }
    }

    private attachToContainer(id: string, container: string): void {
        const namespace =
            this.namespaces.find((ns) => sameId(ns.ID, container)) ??
            this.namespaces.find((ns) =>
                (ns.Resources as { Type: string; Data: { Id: string } }[]).some(
                    (r) => r.Type === "Container" && r.Data.Id === container,
                ),
            );
        if (!namespace) {
            this.fail(`container "${container}" has no HNS namespace on this host`);
        }
        const endpoint = this.endpoints.find((e) => sameId(e.ID, id))!;
        endpoint.HostComputeNamespace = namespace.ID;
        (namespace.Resources as unknown[]).push({ Type: "Endpoint", Data: { Id: id } });
    }

    private replacePolicies(
        endpoint: RawHcn,
        match: { type: string; settings?: Record<string, unknown> },
        add: unknown[],
    ): void {
        const policies =
            (endpoint.Policies as { Type: string; Settings: Record<string, unknown> }[]) ?? [];
        endpoint.Policies = [
            ...policies.filter(
                (policy) =>
                    !(
                        policy.Type === match.type &&
                        Object.entries(match.settings ?? {}).every(
                            ([k, v]) => String(policy.Settings[k]) === String(v),
                        )
                    ),
            ),
            ...(add as typeof policies),
        ];
    }

    private updatePolicies(p: Params): void {
        const found = this.endpointsNamed(p);
        if (found.length !== 1) {
            this.fail(`HNS endpoint "${p.name}" not found; create the ContainerEndpoint first`);
        }
        if (p.recordKind) {
            this.setRecord(
                p.recordKind,
                p.recordName,
                String(found[0].ID),
                p.recordNetwork,
                p.recordData,
            );
        }
        this.replacePolicies(found[0], p.match, JSON.parse(p.policies));
        if (p.dropRecord) {
            this.dropRecord(p.recordKind, p.recordName);
        }
    }

    private deleteEndpoint(p: Params): void {
        const endpoint = this.endpoints.find((e) => sameId(e.ID, p.id));
        if (endpoint) {
            for (const ns of this.namespaces) {
                ns.Resources = (ns.Resources as { Type: string; Data: { Id: string } }[]).filter(
                    (r) => !(r.Type === "Endpoint" && sameId(r.Data.Id, p.id)),
                );
            }
            if (p.hostAttached) {
                this.interfaces.delete(`vEthernet (${endpoint.Name})`);
            }
            this.endpoints = this.endpoints.filter((e) => e !== endpoint);
        }
        this.dropRecord(p.kind, p.name);
    }

    private loadBalancerView(p: Params) {
        return {
            version: this.version,
            records: this.records,
            network: this.networkByName(p.network) ?? null,
            loadBalancers: this.loadBalancers,
            endpoints: this.endpoints,
        };
    }

    private createLoadBalancer(p: Params): void {
        const ids: string[] = [];
        for (const backend of p.remoteBackends as {
            address: string;
            name: string;
            document: string;
        }[]) {
            const local = this.endpoints.find(
                (e) =>
                    ((e.Flags as number) ?? 0) % 2 === 0 &&
                    (e.IpConfigurations as { IpAddress: string }[]).some(
                        (c) => c.IpAddress === backend.address,
                    ),
            );
            if (local) {
                ids.push(String(local.ID));
                continue;
            }
            let remote = this.endpoints.find(
                (e) => e.Name === backend.name && ((e.Flags as number) ?? 0) % 2 === 1,
            );
            if (!remote) {
                const network = this.networkByName(p.network);
                if (!network) {
                    this.fail(
                        `HNS network "${p.network}" not found; create the L2BridgeNetwork first`,
                    );
                }
                const created: RawHcn = {
                    ...JSON.parse(backend.document),
                    ID: this.newId(),
                    HostComputeNetwork: network.ID,
                };
                this.endpoints.push(created);
                this.setRecord("remoteEndpoint", backend.name, String(created.ID), p.network, "");
                remote = created;
            }
            ids.push(String(remote.ID));
        }
        if (p.replaceId) {
            this.loadBalancers = this.loadBalancers.filter((lb) => !sameId(lb.ID, p.replaceId));
        }
        const id = this.newId();
        this.loadBalancers.push({ HostComputeEndpoints: ids, ...JSON.parse(p.document), ID: id });
        this.setRecord("loadBalancer", p.name, id, p.network, p.recordData);
        this.removeUnusedRemoteEndpoints();
    }

    private removeUnusedRemoteEndpoints(): void {
        const used = new Set(
            this.loadBalancers.flatMap((lb) =>
                (lb.HostComputeEndpoints as string[]).map((x) => x.toLowerCase()),
            ),
        );
        for (const record of this.records.filter((r) => r.kind === "remoteEndpoint")) {
            if (!used.has(record.id.toLowerCase())) {
                this.endpoints = this.endpoints.filter((e) => !sameId(e.ID, record.id));
                this.dropRecord("remoteEndpoint", record.name);
            }
        }
    }

    private routeView(p: Params) {
        const prefixes = new Set<string>(p.prefixes ?? []);
        const record = this.records.find((r) => r.kind === "routeSet" && r.name === p.name);
        if (record?.data) {
            for (const r of JSON.parse(record.data).routes ?? []) prefixes.add(r.destinationPrefix);
        }
        return {
            records: this.records,
            routes: this.routes.filter((r) => prefixes.has(r.destinationPrefix)),
            nextHopInterfaces: (p.nextHops ?? []).map((nextHop: string) => ({
                nextHop,
                interfaceAlias: nextHop.startsWith("10.127.130.") ? "vEthernet (Ethernet)" : "",
            })),
        };
    }

    private applyRoutes(p: Params): void {
        for (const r of p.remove ?? []) {
            this.routes = this.routes.filter(
                (x) =>
                    !(
                        x.store === r.store &&
                        x.destinationPrefix === r.destinationPrefix &&
                        x.nextHop === r.nextHop &&
                        x.interfaceAlias === r.interfaceAlias
                    ),
            );
        }
        for (const r of p.add ?? []) {
            if (
                this.routes.some(
                    (x) =>
                        x.store === r.store &&
                        x.destinationPrefix === r.destinationPrefix &&
                        x.nextHop === r.nextHop &&
                        x.interfaceAlias === r.interfaceAlias,
                )
            ) {
                this.fail(
                    `New-NetRoute: Instance MSFT_NetRoute already exists (${r.destinationPrefix})`,
                );
            }
            this.routes.push({
                destinationPrefix: r.destinationPrefix,
                nextHop: r.nextHop,
                interfaceAlias: r.interfaceAlias,
                metric: r.metric,
                store: r.store,
            });
        }
        if (p.deleteRecord) this.dropRecord("routeSet", p.name);
        else this.setRecord("routeSet", p.name, "", "", p.recordData);
    }
}
