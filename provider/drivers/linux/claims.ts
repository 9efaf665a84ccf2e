/**
 * What a policy object holds on its host, so two resources never hold the same thing: a port
 * mapping holds its protocol and host port (on one host address or all), an ACL holds its
 * endpoint's address (an endpoint has one ACL), a load balancer holds its frontend. Nothing in nft
 * stops a second table from matching the same packets, so each object records its claim in the
 * host's state directory (`claim-<kind>-<table>`) under the host lock; a claim whose nft table no
 * longer exists is stale and ignored. Another object's claim on the same thing refuses the change,
 * naming that object, and a delete removes only its own claim.
 */

/** The claim kinds: port mappings, ACLs, load balancers. */
export type ClaimKind = "pub" | "acl" | "lb";

/**
 * Shell function `claim KIND FAMILY TABLE A B C OWNER PROBLEM FIX` (needs `$D`, the state
 * directory): when another object of KIND whose nft table FAMILY `<table>` exists claims A and B,
 * and C or `*` on either side, prints `PROBLEM <its owner>; FIX` and exits 3; otherwise records
 * this object's claim.
 */
export const claimFunction = `
claim() {
    for l2b_f in "$D"/claim-"$1"-*; do
        [ -f "$l2b_f" ] || continue
        l2b_t=\${l2b_f##*/claim-"$1"-}
        [ "$l2b_t" = "$3" ] && continue
        nft list table "$2" "$l2b_t" >/dev/null 2>&1 || continue
        { read -r l2b_a l2b_b l2b_c; read -r l2b_owner; } < "$l2b_f" || continue
        [ "$l2b_a" = "$4" ] && [ "$l2b_b" = "$5" ] || continue
        [ "$l2b_c" = "$6" ] || [ "$l2b_c" = "*" ] || [ "$6" = "*" ] || continue
        printf '%s %s; %s\\n' "$8" "$l2b_owner" "$9" >&2
        exit 3
    done
    printf '%s %s %s\\n%s\\n' "$4" "$5" "$6" "$7" > "$D/claim-$1-$3"
}
`;

/** One word of a claim file: no spaces, line breaks or shell-meaningful characters. */
export function claimWord(field: string, value: string): string {
    if (!/^[A-Za-z0-9_.:/*-]{1,200}$/.test(value)) {
        throw new Error(
            `${field} ${JSON.stringify(value)} cannot be written into a claim; use letters, digits and . : / - _ only`,
        );
    }
    return value;
}

/** What an object claims and how a conflict is told: parameters of `claim`. */
export interface ClaimText {
    /** The three words claimed; the third may be `*` (any). */
    words: [string, string, string];
    /** How other objects' messages name this one. */
    owner: string;
    /** Start of the message: field, value, what is wrong, ending with the owner's class. */
    problem: string;
    /** The fix. */
    fix: string;
}

/** The parameters `claim` reads as `$P_claim…`, each word checked. */
export function claimParams(claim: ClaimText): Record<string, string> {
    const [a, b, c] = claim.words;
    return {
        claimA: claimWord("claim", a),
        claimB: claimWord("claim", b),
        claimC: claimWord("claim", c),
        claimOwner: claimWord("owner", claim.owner),
        claimProblem: claim.problem.replace(/[\r\n]/g, " "),
        claimFix: claim.fix.replace(/[\r\n]/g, " "),
    };
}
