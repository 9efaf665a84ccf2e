/**
 * HNS feature availability by version (hns.md §8.1, from hcsshim hcn/hcnglobals.go): a feature is
 * present when the host's version falls in one of its ranges.
 */
import type { HnsVersion } from "./state";

/** [min, max) version ranges; max omitted = open-ended. */
type Range = { min: [number, number]; max?: [number, number] };

const atLeast = (major: number, minor: number): Range => ({ min: [major, minor] });
const within = (major: number, minor: number, maxMajor: number): Range => ({
    min: [major, minor],
    max: [maxMajor, 0],
});

/** Feature → the version ranges that support it. */
export const featureRanges = {
    aclAddressListsAndPortRanges: [atLeast(7, 2)],
    v2Api: [atLeast(9, 2)],
    directServerReturn: [within(9, 3, 10), atLeast(10, 2)],
    slash32EndpointPrefixes: [within(9, 3, 10), atLeast(10, 4)],
    l4Proxy: [
        within(9, 5, 10),
        within(10, 5, 11),
        within(11, 11, 12),
        within(12, 1, 13),
        atLeast(13, 1),
    ],
    vxlanPort: [atLeast(10, 3)],
    sessionAffinity: [atLeast(12, 0)],
    setPolicy: [atLeast(13, 0)],
    l4WfpProxy: [atLeast(13, 2)],
    tierAcl: [atLeast(14, 0)],
    networkAcl: [atLeast(15, 0)],
    disableHostPort: [atLeast(15, 1)],
    modifyLoadBalancer: [atLeast(15, 4)],
} satisfies Record<string, Range[]>;

/** A feature name of {@link featureRanges}. */
export type HnsFeature = keyof typeof featureRanges;

function compare(v: HnsVersion, [major, minor]: [number, number]): number {
    return v.major !== major ? v.major - major : v.minor - minor;
}

/** Whether an HNS of version `version` supports `feature`. */
export function supports(version: HnsVersion, feature: HnsFeature): boolean {
    return featureRanges[feature].some(
        (r: Range) => compare(version, r.min) >= 0 && (!r.max || compare(version, r.max) < 0),
    );
}
