/**
 * Deploys a lab topology by driving each host's driver directly: the objects of one host in
 * order, the hosts in parallel. Reports what was applied so callers can prove idempotency.
 */
import type { HostDriver, Observation } from "../provider/drivers/hostDriver";
import type { ObjectKind } from "../provider/model/kinds";
import { converge } from "./converge";
import type { HostTopology, Topology, TopologyObject } from "./topology";

/** What deploying one object did. */
export interface DeployedObject {
    host: number;
    label: string;
    kind: ObjectKind;
    action: "create" | "update" | "none";
    observation: Observation;
}

/** Converge every object of `topology`, getting each host's driver from `driverOf`. */
export async function deployTopology(
    topology: Topology,
    driverOf: (host: HostTopology) => HostDriver,
): Promise<DeployedObject[]> {
    const perHost = await Promise.all(
        topology.hosts.map(async (host) => {
            const driver = driverOf(host);
            const results: DeployedObject[] = [];
            for (const object of host.objects) {
                results.push(await deployObject(driver, host, object));
            }
            return results;
        }),
    );
    return perHost.flat();
}

async function deployObject(
    driver: HostDriver,
    host: HostTopology,
    object: TopologyObject,
): Promise<DeployedObject> {
    try {
        const result = await converge(driver, object.kind, object.spec);
        return {
            host: host.host.index,
            label: object.label,
            kind: object.kind,
            action: result.action,
            observation: result.observation as Observation,
        };
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`host ${host.host.index} ${object.label}: ${message}`, { cause: error });
    }
}
