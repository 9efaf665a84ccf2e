/**
 * The connectivity matrix of a deployed lab: every source (the outside world on the underlay, each
 * host, each container) against every destination (each container, each emulated Windows host's
 * gateway endpoint, the published port, the load balancer VIP, the outside server), checked with
 * real HTTP requests in parallel, each compared with what the topology says should happen. The
 * containers and load balancers of emulated Windows hosts have no datapath: their columns are state
 * checks, marked as such (a container: its HCN endpoint exists with its address in its container's
 * namespace; a VIP: the HCN load balancer serves it, the host's container endpoints carry its VIP
 * route, and every Linux host has the kernel route of its /32 via the Windows host).
 */
import type { LabPlan } from "./labOptions";
import type { Topology } from "./topology";
import { vipStateKey } from "./topology";
import { httpGet } from "./traffic";

/** One place traffic starts from. */
export interface MatrixSource {
    label: string;
    namespace: string;
    /** Container namespace (for ACL expectations), or "" for hosts and the outside. */
    container: string;
    kind: "outside" | "host" | "container";
}

/** One place traffic goes to. */
export interface MatrixTarget {
    label: string;
    url: string;
    /**
     * Container reached directly (a namespace, or a Windows container's ID), or "" for the gateway,
     * port, VIP and outside targets.
     */
    container: string;
    kind:
        | "container"
        | "windowsGateway"
        | "windowsContainer"
        | "windowsVip"
        | "publish"
        | "vip"
        | "outside";
    /** Real traffic, or a state check where the emulated host has no datapath. */
    check: "traffic" | "state";
    /** A state cell's key: the state checks that must all hold (see `StateCheck.stateKey`). */
    stateKey?: string;
}

/** One checked cell. */
export interface MatrixCell {
    source: MatrixSource;
    target: MatrixTarget;
    expected: boolean;
    reached: boolean;
}

/** Sources and targets of a lab. */
export function matrixAxes(
    plan: LabPlan,
    topology: Topology,
): {
    sources: MatrixSource[];
    targets: MatrixTarget[];
} {
    const containers = topology.hosts.flatMap((host) => host.containers);
    const sources: MatrixSource[] = [
        { label: "outside", namespace: plan.underlayNamespace, container: "", kind: "outside" },
        ...plan.hosts.map((host) => ({
            label: `host${host.index}`,
            namespace: host.namespace,
            container: "",
            kind: "host" as const,
        })),
        ...containers.map((container) => ({
            label: container.namespace.slice(plan.prefix.length),
            namespace: container.namespace,
            container: container.namespace,
            kind: "container" as const,
        })),
    ];
    const windowsHosts = topology.hosts.filter((host) => host.host.os === "windows");
    const targets: MatrixTarget[] = [
        ...containers.map((container) => ({
            label: container.namespace.slice(plan.prefix.length),
            url: `http://${container.address}/`,
            container: container.namespace,
            kind: "container" as const,
            check: "traffic" as const,
        })),
        ...windowsHosts.flatMap((host) => [
            {
                label: `gw${host.host.index}`,
                url: `http://${host.gatewayAddress}/`,
                container: "",
                kind: "windowsGateway" as const,
                check: "traffic" as const,
            },
            ...host.windowsContainers.map((container) => ({
                label: container.container.slice(plan.prefix.length),
                url: `http://${container.address}/`,
                container: container.container,
                kind: "windowsContainer" as const,
                check: "state" as const,
                stateKey: container.container,
            })),
        ]),
        ...topology.windowsVips.map((vip) => ({
            label: `vip${vip.host}`,
            url: `http://${vip.vip}:${vip.port}/`,
            container: "",
            kind: "windowsVip" as const,
            check: "state" as const,
            stateKey: vipStateKey(vip.host),
        })),
        {
            label: "publish",
            url: `http://${topology.publish.hostAddress}:${topology.publish.hostPort}/`,
            container: "",
            kind: "publish",
            check: "traffic",
        },
        {
            label: "vip",
            url: `http://${topology.loadBalancer.vip}:${topology.loadBalancer.port}/`,
            container: "",
            kind: "vip",
            check: "traffic",
        },
        {
            label: "outside",
            url: `http://${plan.switchAddress}/`,
            container: "",
            kind: "outside",
            check: "traffic",
        },
    ];
    return { sources, targets };
}

/**
 * Whether `source` should reach `target`: the outside world reaches containers only through the
 * published port and the VIP (their subnets are not routed there), nor an emulated Windows host's
 * gateway endpoint (on a container subnet too) or load balancer VIP (routed by the cluster's hosts
 * only), and the ACL admits only its one source to the protected container.
 */
export function expectedReach(
    source: MatrixSource,
    target: MatrixTarget,
    topology: Topology,
): boolean {
    if (
        source.kind === "outside" &&
        ["container", "windowsGateway", "windowsContainer", "windowsVip"].includes(target.kind)
    ) {
        return false;
    }
    const acl = topology.acl;
    if (acl && target.container === acl.protected) {
        return source.container === acl.admitted || source.container === acl.protected;
    }
    return true;
}

/**
 * Check every cell (at most `parallel` requests at a time, `seconds` each). A state cell reads as
 * reached when `stateHolds(target)` says its state (a Windows container's, or a Windows load
 * balancer's) is in place and the source is expected to reach it.
 */
export async function checkMatrix(
    plan: LabPlan,
    topology: Topology,
    parallel = 16,
    seconds = 1,
    stateHolds: (target: MatrixTarget) => boolean = () => false,
): Promise<MatrixCell[]> {
    const { sources, targets } = matrixAxes(plan, topology);
    const pending = sources.flatMap((source) =>
        targets
            .filter((target) => !(source.kind === "outside" && target.kind === "outside"))
            .map((target) => ({ source, target })),
    );
    const cells: MatrixCell[] = [];
    const worker = async (): Promise<void> => {
        for (let next = pending.shift(); next; next = pending.shift()) {
            const expected = expectedReach(next.source, next.target, topology);
            const reached =
                next.target.check === "state"
                    ? expected && stateHolds(next.target)
                    : (await httpGet(next.source.namespace, next.target.url, seconds)).ok;
            cells.push({ ...next, expected, reached });
        }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return cells;
}

/** The matrix as text: ✓ reached, · blocked as expected, ! not as expected. */
export function formatMatrix(plan: LabPlan, topology: Topology, cells: MatrixCell[]): string {
    const { sources, targets } = matrixAxes(plan, topology);
    const width = Math.max(...sources.map((source) => source.label.length)) + 2;
    const column = (text: string) => text.padStart(Math.max(8, text.length + 1));
    const header =
        "from \\ to".padEnd(width) + targets.map((target) => column(target.label)).join("");
    const rows = sources.map(
        (source) =>
            source.label.padEnd(width) +
            targets
                .map((target) => {
                    const cell = cells.find(
                        (c) => c.source.label === source.label && c.target.label === target.label,
                    );
                    const mark = !cell
                        ? "-"
                        : cell.reached !== cell.expected
                          ? "!"
                          : !cell.reached
                            ? "·"
                            : target.check === "state"
                              ? "s"
                              : "✓";
                    return column(mark);
                })
                .join(""),
    );
    const wrong = cells.filter((cell) => cell.reached !== cell.expected);
    const stateColumns = targets.filter((target) => target.check === "state");
    const legend = [
        "✓ reached by real traffic   · blocked as expected   ! not as expected   - not checked",
        ...(stateColumns.length > 0
            ? [
                  `s state check held: ${stateColumns.map((target) => target.label).join(", ")} are on emulated Windows hosts, which have no datapath (a container: its HCN endpoint in its container's namespace; a vip: the HCN load balancer, the VIP route on the host's container endpoints, the /32 kernel route on every Linux host); every other column is real traffic`,
              ]
            : []),
    ];
    const stateCells = cells.filter((cell) => cell.target.check === "state").length;
    const summary = `${cells.length - wrong.length}/${cells.length} cells as expected (${cells.length - stateCells} real traffic, ${stateCells} state checks)`;
    return [header, ...rows, "", ...legend, summary].join("\n");
}
