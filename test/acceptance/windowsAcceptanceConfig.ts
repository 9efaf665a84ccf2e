/**
 * Configuration of the opt-in Windows acceptance suite, read from the environment. Nothing here
 * has a default host: without L2B_WINDOWS_HOST the suite does not run.
 */
import { readFileSync } from "fs";
import type { HostConnection } from "../../sdk/hostConnection";

/** Settings of the acceptance run. */
export interface WindowsAcceptanceConfig {
    connection: HostConnection;
    /** Physical adapter to bridge (L2B_WINDOWS_ADAPTER); unset = the driver resolves it. */
    adapter?: string;
    /** Container subnet used only by the suite (L2B_WINDOWS_SUBNET, default 10.244.250.0/24). */
    subnet: string;
    /** A running container (ID or HNS namespace GUID) for endpoint kinds (L2B_WINDOWS_CONTAINER). */
    container?: string;
    /** The container serves HTTP on port 80 (L2B_WINDOWS_CONTAINER_HTTP=1): connectivity checks run. */
    containerServesHttp: boolean;
}

/** The variables a maintainer sets, for the "not run" message. */
export const requiredVariables =
    "L2B_WINDOWS_HOST, L2B_WINDOWS_USER and L2B_WINDOWS_PASSWORD or L2B_WINDOWS_KEY (a private key file)";

/** The configuration, or undefined when the suite is not configured. */
export function windowsAcceptanceConfig(
    env: NodeJS.ProcessEnv = process.env,
): WindowsAcceptanceConfig | undefined {
    const host = env.L2B_WINDOWS_HOST;
    const user = env.L2B_WINDOWS_USER;
    if (!host || !user || (!env.L2B_WINDOWS_PASSWORD && !env.L2B_WINDOWS_KEY)) {
        return undefined;
    }
    const transport = env.L2B_WINDOWS_TRANSPORT === "winrm" ? "winrm" : "ssh";
    const connection: HostConnection = {
        host,
        user,
        os: "windows",
        transport,
        port: env.L2B_WINDOWS_PORT ? Number(env.L2B_WINDOWS_PORT) : undefined,
        password: env.L2B_WINDOWS_PASSWORD,
        privateKey: env.L2B_WINDOWS_KEY ? readFileSync(env.L2B_WINDOWS_KEY, "utf8") : undefined,
        hostKey: env.L2B_WINDOWS_HOSTKEY,
        winrm: transport === "winrm" ? { https: env.L2B_WINDOWS_WINRM_HTTPS === "1" } : undefined,
        timeouts: { reconnectSeconds: 240 },
    };
    return {
        connection,
        adapter: env.L2B_WINDOWS_ADAPTER,
        subnet: env.L2B_WINDOWS_SUBNET ?? "10.244.250.0/24",
        container: env.L2B_WINDOWS_CONTAINER,
        containerServesHttp: env.L2B_WINDOWS_CONTAINER_HTTP === "1",
    };
}
