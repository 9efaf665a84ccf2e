/**
 * Endpoints that policies (port mappings, ACLs, load balancer backends) sit on but that this
 * package may not have made: a container's endpoint made by Docker or containerd through CNI, found
 * on the host by its address (or, on Windows, its HNS endpoint ID). What a driver found is a
 * finding; what the resource does with it (refuse, report) is decided here, in one place for both
 * platforms, so every message names the field, the value, the host and the fix.
 */

/** One of the host's networks, as lookups report it. */
export interface HostNetworkSummary {
    name: string;
    /** Subnet in CIDR form ("" when the host does not say). */
    subnet: string;
}

/** What a host says about the endpoint at one address or with one HNS ID. */
export type EndpointFinding =
    | {
          status: "found";
          /** The endpoint's address. */
          address: string;
          /** Network (Linux bridge, HNS network name) the endpoint is on. */
          network: string;
          subnet: string;
          /** Linux: the bridge port it answers on (its host-side veth); Windows: its HNS endpoint ID. */
          id: string;
      }
    | {
          /** Inside a network of the host, but no endpoint answers or HNS has no such endpoint. */
          status: "missing";
          network?: HostNetworkSummary;
      }
    | {
          /** Not inside any network of the host: on another host, or a mistake. */
          status: "outside";
      }
    | {
          /** Inside a network, but not a container endpoint of this host (`why` says what it is). */
          status: "notEndpoint";
          why: string;
      };

/** The policy resource a message is about, and how it is removed. */
export interface PolicyOwner {
    /** `PortPublish`, `EndpointAcl`, `HnsLoadBalancer`. */
    className: string;
    /** The host as the connection names it. */
    host: string;
}

function networkList(networks: HostNetworkSummary[]): string {
    if (networks.length === 0) {
        return "it has no L2BridgeNetwork";
    }
    return networks.map((network) => `${network.name} ${network.subnet || "?"}`).join(", ");
}

function networkText(network: HostNetworkSummary | undefined): string {
    return network ? ` on network ${network.name} (${network.subnet || "?"})` : "";
}

/**
 * The message for a policy resource whose one endpoint (`field` = `endpointIp` or `endpointId`)
 * is not usable, or undefined when it was found.
 */
export function policyEndpointProblem(
    owner: PolicyOwner,
    field: string,
    value: string,
    finding: EndpointFinding,
    networks: HostNetworkSummary[],
): string | undefined {
    const removal = `remove this ${owner.className}`;
    switch (finding.status) {
        case "found":
            return undefined;
        case "outside":
            return `${field}: ${value} is outside every network of host ${owner.host} (${networkList(networks)}); use the address of a container on one of them, or ${removal}`;
        case "notEndpoint":
            return `${field}: ${value} ${finding.why} on host ${owner.host}, not a container endpoint; use a container's address`;
        case "missing":
            return field === "endpointId"
                ? `${field}: ${value} names no endpoint on host ${owner.host} (HNS has no endpoint with this ID); start the container whose endpoint this is (its policies are added to it; no endpoint is ever created), or ${removal}`
                : `${field}: ${value} has no endpoint on host ${owner.host}: nothing answers at this address${networkText(finding.network)}; start the container that has this address (its policies are added to its endpoint; no endpoint is ever created), or ${removal}`;
    }
}

/**
 * The message for a load balancer backend, or undefined when it is usable: found on this host, or
 * outside every network of this host (a backend on another host). `field` is `backends[i]` or
 * `backendEndpointIds[i]` (an ID is found or missing, never outside).
 */
export function backendProblem(
    owner: PolicyOwner,
    field: string,
    value: string,
    finding: EndpointFinding,
): string | undefined {
    switch (finding.status) {
        case "found":
        case "outside":
            return undefined;
        case "notEndpoint":
            return `${field}: ${value} ${finding.why} on host ${owner.host}, not a container endpoint; remove it from backends`;
        case "missing":
            return field.startsWith("backendEndpointIds")
                ? `${field}: ${value} names no endpoint on host ${owner.host} (HNS has no endpoint with this ID); start the container whose endpoint this is, or remove it from backendEndpointIds`
                : `${field}: ${value} has no endpoint on host ${owner.host}: nothing answers at this address${networkText(finding.network)}, which is this host's; start the container that has this address, or remove it from backends`;
    }
}

/** Problems joined into one message (each on its own, in field order). */
export function joinedProblems(problems: (string | undefined)[]): string {
    return problems.filter((problem): problem is string => problem !== undefined).join("; and ");
}
