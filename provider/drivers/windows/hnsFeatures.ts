/**
 * Feature gates on the HNS version (`GET /globals/version`), with the version ranges hcsshim uses.
 * A missing feature fails with an error naming the host's version and the one required.
 */

/** An HNS version as `/globals/version` reports it. */
export interface HnsVersion {
    major: number;
    minor: number;
}

/** Optional features this package gates. */
export type HnsFeature = "v2Api" | "directServerReturn" | "dualStack" | "loadBalancerModify";

interface VersionRange {
    from: HnsVersion;
    /** Inclusive upper bound of the major version, when the range is closed. */
    toMajor?: number;
}

const featureRanges: Record<HnsFeature, { ranges: VersionRange[]; label: string }> = {
    v2Api: { ranges: [{ from: { major: 9, minor: 2 } }], label: "the HCN v2 API" },
    directServerReturn: {
        ranges: [{ from: { major: 9, minor: 3 }, toMajor: 9 }, { from: { major: 10, minor: 2 } }],
        label: "direct server return",
    },
    dualStack: { ranges: [{ from: { major: 11, minor: 10 } }], label: "IPv6 dual stack" },
    loadBalancerModify: {
        ranges: [{ from: { major: 15, minor: 4 } }],
        label: "modifying a load balancer in place",
    },
};

function atLeast(version: HnsVersion, from: HnsVersion): boolean {
    return (
        version.major > from.major || (version.major === from.major && version.minor >= from.minor)
    );
}

function inRange(version: HnsVersion, range: VersionRange): boolean {
    return (
        atLeast(version, range.from) &&
        (range.toMajor === undefined || version.major <= range.toMajor)
    );
}

/** True when `version` supports `feature`. */
export function supports(version: HnsVersion, feature: HnsFeature): boolean {
    return featureRanges[feature].ranges.some((range) => inRange(version, range));
}

/** The required versions of `feature` in words, such as `9.3–9.x or 10.2 and later`. */
export function requiredVersionText(feature: HnsFeature): string {
    return featureRanges[feature].ranges
        .map((r) =>
            r.toMajor === undefined
                ? `${r.from.major}.${r.from.minor} and later`
                : `${r.from.major}.${r.from.minor}–${r.toMajor}.x`,
        )
        .join(" or ");
}

/**
 * Undefined when `version` supports `feature`; otherwise the error text, naming the field that
 * asked for it, the host and both versions.
 */
export function featureProblem(
    feature: HnsFeature,
    version: HnsVersion,
    host: string,
    field: string,
): string | undefined {
    if (supports(version, feature)) {
        return undefined;
    }
    return (
        `${field}: ${featureRanges[feature].label} needs HNS ${requiredVersionText(feature)}, ` +
        `but host ${host} runs HNS ${version.major}.${version.minor}. ` +
        `Fix: turn ${field} off for this host or upgrade Windows on it.`
    );
}
