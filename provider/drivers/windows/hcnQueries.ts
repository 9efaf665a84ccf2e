/** HCN query documents (`HostComputeQuery`). `Filter` is JSON text inside the JSON, as HNS expects. */
import { schemaV2 } from "./hcnTypes";

/** All objects of a kind with every property (Flags 1 = Detailed). */
export const detailedQuery = JSON.stringify({ SchemaVersion: schemaV2, Flags: 1 });

/** Standard properties, no filter. */
export const plainQuery = JSON.stringify({ SchemaVersion: schemaV2, Flags: 0 });

/** Objects whose `Name` equals `name`. */
export function queryByName(name: string): string {
    return JSON.stringify({
        SchemaVersion: schemaV2,
        Flags: 1,
        Filter: JSON.stringify({ Name: name }),
    });
}
