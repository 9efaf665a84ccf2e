/**
 * The connectivity matrix of a deployed lab: every source (the outside world on the underlay, each
 * host, each container) against every destination (each container, the published port, the load
 * balancer VIP, the outside server), checked with real HTTP requests in parallel, each compared
 * with what the topology says should happen.
 */
import { LabPlan } from "./labOptions";
import { Topology } from "./topology";
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
    /** Container namespace reached directly, or "" for the port, VIP and outside targets. */
    container: string;
    kind: "container" | "publish" | "vip" | "outside";
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
    const targets: MatrixTarget[] = [
        ...containers.map((container) => ({
            label: container.namespace.slice(plan.prefix.length),
            url: `http://${container.address}/`,
            container: container.namespace,
            kind: "container" as const,
        })),
        {
            label: "publish",
            url: `http://${topology.publish.hostAddress}:${topology.publish.hostPort}/`,
            container: "",
            kind: "publish",
        },
        {
            label: "vip",
            url: `http://${topology.loadBalancer.vip}:${topology.loadBalancer.port}/`,
            container: "",
            kind: "vip",
        },
        { label: "outside", url: `http://${plan.switchAddress}/`, container: "", kind: "outside" },
    ];
    return { sources, targets };
}

/**
 * Whether `source` should reach `target`: the outside world reaches containers only through the
 * published port and the VIP (their subnets are not routed there), and the ACL admits only its
 * one source to the protected container.
 */
export function expectedReach(
    source: MatrixSource,
    target: MatrixTarget,
    topology: Topology,
): boolean {
    if (source.kind === "outside" && target.kind === "container") {
        return false;
    }
    const acl = topology.acl;
    if (acl && target.container === acl.protected) {
        return source.container === acl.admitted || source.container === acl.protected;
    }
    return true;
}

/** Check every cell (at most `parallel` requests at a time, `seconds` each). */
export async function checkMatrix(
    plan: LabPlan,
    topology: Topology,
    parallel = 16,
    seconds = 1,
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
            const answer = await httpGet(next.source.namespace, next.target.url, seconds);
            cells.push({
                ...next,
                expected: expectedReach(next.source, next.target, topology),
                reached: answer.ok,
            });
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
                          : cell.reached
                            ? "✓"
                            : "·";
                    return column(mark);
                })
                .join(""),
    );
    const wrong = cells.filter((cell) => cell.reached !== cell.expected);
    const legend = "✓ reached   · blocked as expected   ! not as expected   - not checked";
    const summary = `${cells.length - wrong.length}/${cells.length} cells as expected`;
    return [header, ...rows, "", legend, summary].join("\n");
}
