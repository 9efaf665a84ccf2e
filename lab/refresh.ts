/**
 * Refresh cleanliness: every deployed object observed again through its host's driver, as
 * `pulumi refresh` reads it, compared with its spec. An object that is gone or differs is drift.
 */
import type { HostDriver } from "../provider/drivers/hostDriver";
import { matchesSpec } from "./converge";
import type { HostTopology, Topology } from "./topology";

/** One object that did not read back as deployed. */
export interface Drift {
    host: number;
    label: string;
    /** What was observed (undefined when the object is gone). */
    observed?: unknown;
}

/** Observe every object of `topology` again; returns the objects that drifted (none when clean). */
export async function observeForDrift(
    topology: Topology,
    driverOf: (host: HostTopology) => HostDriver,
): Promise<{ observed: number; drift: Drift[] }> {
    const perHost = await Promise.all(
        topology.hosts.map(async (host) => {
            const driver = driverOf(host);
            const drift: Drift[] = [];
            for (const object of host.objects) {
                const observation = await driver.observe(object.kind, object.spec);
                if (!observation || !matchesSpec(observation, object.spec)) {
                    drift.push({
                        host: host.host.index,
                        label: object.label,
                        observed: observation?.state,
                    });
                }
            }
            return drift;
        }),
    );
    const observed = topology.hosts.reduce((sum, host) => sum + host.objects.length, 0);
    return { observed, drift: perHost.flat() };
}
