/** Cluster host lists used by the component tests and the preview benchmark. */
import type { ClusterHostArgs } from "../../components/l2BridgeClusterTypes";
import type { HostConnection } from "../../provider/model/hostConnection";

/** A cluster host whose connection is a plain value. */
export type FixtureHost = ClusterHostArgs & { connection: HostConnection };

/**
 * `count` Windows hosts `win1..winN` on 10.0.0.0/16: host i at 10.0.<i/250>.<i%250 + 4>, container
 * subnet 10.<244 + i/256>.<i%256>.0/24.
 */
export function windowsHosts(count: number): FixtureHost[] {
    return Array.from({ length: count }, (_, index) => ({
        name: `win${index + 1}`,
        connection: {
            host: `win${index + 1}.example`,
            user: "l2bridgeadmin",
            os: "windows" as const,
            privateKey:
                "-----BEGIN OPENSSH PRIVATE KEY-----\nfixture\n-----END OPENSSH PRIVATE KEY-----",
        },
        hostIp: `10.0.${Math.floor(index / 250)}.${(index % 250) + 4}`,
        containerSubnet: `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`,
    }));
}
