/**
 * Literal text replacement in POSIX sh. Host scripts complete templates with values (a gateway,
 * an endpoint's address) by parameter expansion with quoted patterns, which match as plain text,
 * instead of building a sed program from the values: no value is ever read as a sed command.
 */

/**
 * Shell function `replace_all TEXT FROM TO`: prints TEXT with every occurrence of FROM replaced by
 * TO, all three taken literally.
 */
export const replaceAllFunction = `
replace_all() {
    rest=$1; out=
    while [ -n "$2" ]; do
        case "$rest" in
            *"$2"*) out=$out\${rest%%"$2"*}$3; rest=\${rest#*"$2"} ;;
            *) break ;;
        esac
    done
    printf '%s' "$out$rest"
}
`;
