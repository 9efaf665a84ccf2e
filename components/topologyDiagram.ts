/**
 * A Mermaid flowchart of a cluster plan: one node per host (OS, host IP, container subnet, gateway
 * endpoint) inside the hosts' subnet, and one edge per route, labelled with the destination prefix.
 */
import type { ClusterPlan } from "./clusterPlan";

/** Makes text safe inside a quoted Mermaid label. */
function label(text: string): string {
    return text.replace(/"/g, "#quot;");
}

/** Renders the plan as Mermaid `flowchart LR` source. */
export function renderTopologyDiagram(plan: ClusterPlan): string {
    const nodeIds = new Map(plan.hosts.map((host, index) => [host.name, `h${index}`]));
    const lines = [
        "flowchart LR",
        `    subgraph hostSubnet["hosts ${label(plan.hostSubnet)} · network ${label(plan.networkName)}"]`,
    ];
    plan.hosts.forEach((host, index) => {
        const text = [
            `${host.name} · ${host.os}`,
            `host ${host.hostIp}`,
            `containers ${host.containerSubnet}`,
            `gateway ${host.gatewayEndpointIp}`,
        ]
            .map(label)
            .join("<br/>");
        lines.push(`        h${index}["${text}"]`);
    });
    lines.push("    end");
    for (const host of plan.hosts) {
        for (const route of host.routes) {
            const target = nodeIds.get(route.peer);
            if (target !== undefined) {
                lines.push(
                    `    ${nodeIds.get(host.name)} -->|"${label(route.destinationPrefix)} via ${label(route.nextHop)}"| ${target}`,
                );
            }
        }
    }
    return lines.join("\n");
}
