/**
 * The default name of a container endpoint: `<container>-<network>`, shortened with a hash suffix
 * when it would not fit a Linux interface name.
 */
import { createHash } from "crypto";
import { linuxInterfaceNameMaxBytes } from "./names";

/** `<container>-<network>`, or its first 10 bytes + `-` + 4 hex digits of its SHA-1 when longer than 15 bytes. */
export function defaultEndpointName(container: string, network: string): string {
    const full = `${container}-${network}`;
    if (Buffer.byteLength(full, "utf8") <= linuxInterfaceNameMaxBytes) {
        return full;
    }
    const hash = createHash("sha1").update(full).digest("hex").slice(0, 4);
    return `${full.slice(0, linuxInterfaceNameMaxBytes - 5)}-${hash}`;
}
