/**
 * Preloaded (`node --require=…`) into every program the language host starts: `util.inspect`
 * formats without colors, so a program that throws reports its error at once.
 *
 * Why: `@pulumi/pulumi/cmd/run` reports an unhandled error with `util.inspect(err, { colors: true })`.
 * With colors, Node's stack formatter underlines module names after `node_modules/`, and in Node
 * 20.20 that loop never ends on a frame whose path has no separator after the module name
 * (nodejs/node#64011, fixed by nodejs/node#64022): it appends to a string until V8's string length
 * limit throws, which took about 55 s before cmd/run's fallback printed the error. Every error
 * raised under cmd/run has such a frame: `@pulumi/pulumi`'s source maps name `../resource.ts`, which
 * source-map-support resolves to `node_modules/@pulumi/resource.ts`. The formatter can be reached
 * by any value holding an Error, so colors are off for every call; the text is otherwise the same.
 */

type Inspect = typeof import("util").inspect;

/** `inspect` with colors forced off, keeping its properties (`custom`, `defaultOptions`, …). */
export function colorlessInspect(original: Inspect): Inspect {
    const guarded = function inspect(this: unknown, value: unknown, ...rest: unknown[]): string {
        const [options] = rest;
        if (typeof options === "object" && options !== null) {
            rest[0] = { ...options, colors: false };
        } else if (rest.length >= 3) {
            // The legacy form: inspect(value, showHidden, depth, colors).
            rest[2] = false;
        }
        return (original as (...args: unknown[]) => string).call(this, value, ...rest);
    };
    Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(original));
    return guarded as unknown as Inspect;
}

/** Replaces `util.inspect` for every module that looks it up after this preload ran. */
export function installColorlessInspect(): void {
    const util = require("util") as { inspect: Inspect };
    util.inspect = colorlessInspect(util.inspect);
}

installColorlessInspect();
