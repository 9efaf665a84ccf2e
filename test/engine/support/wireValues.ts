/**
 * Property values as the Pulumi engine exchanges them with a provider that does not accept
 * secrets (the Node dynamic-provider host answers Configure with `acceptSecrets: false`): secret
 * wrappers are stripped before Check/Diff/Create/Update/Read, and the engine marks an output
 * secret again when an input under the same property path was secret.
 */

/** Signature key of a secret value in the wire form (`sig.Secret`). */
export const secretSignatureKey = "4dabf18193072939515e22adb298388d";
/** Signature value that marks a secret. */
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
/** The string the engine sends for a value that is not known yet (preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A JSON-like property value. */
export type WireValue =
    null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

/** A secret in wire form. */
export function secretOf(value: WireValue): WireValue {
    return { [secretSignatureKey]: secretSignature, value };
}

/** True when the value is a secret wrapper. */
export function isSecret(value: WireValue | undefined): boolean {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        value[secretSignatureKey] === secretSignature
    );
}

/** What the engine sends to a provider that does not accept secrets: every wrapper removed. */
export function stripSecrets(value: WireValue): WireValue {
    if (Array.isArray(value)) return value.map(stripSecrets);
    if (typeof value === "object" && value !== null) {
        if (isSecret(value)) return stripSecrets((value as { value: WireValue }).value);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripSecrets(v)]));
    }
    return value;
}

/** Every plaintext string held in a secret wrapper anywhere inside the value. */
export function secretPlaintexts(value: WireValue, insideSecret = false): string[] {
    if (typeof value === "string") return insideSecret && value !== "" ? [value] : [];
    if (Array.isArray(value)) return value.flatMap((item) => secretPlaintexts(item, insideSecret));
    if (typeof value === "object" && value !== null) {
        if (isSecret(value)) return secretPlaintexts((value as { value: WireValue }).value, true);
        return Object.values(value).flatMap((item) => secretPlaintexts(item, insideSecret));
    }
    return [];
}

/**
 * The engine's re-marking of outputs (`annotateSecrets`): wherever the inputs held a secret at a
 * property path that also exists in the outputs, the output there becomes secret. Objects are
 * followed key by key; arrays element by element.
 */
export function annotateSecrets(outputs: WireValue, inputs: WireValue | undefined): WireValue {
    if (inputs === undefined) return outputs;
    if (isSecret(inputs)) return isSecret(outputs) ? outputs : secretOf(outputs);
    if (Array.isArray(outputs) && Array.isArray(inputs)) {
        return outputs.map((item, index) => annotateSecrets(item, inputs[index]));
    }
    if (
        typeof outputs === "object" &&
        outputs !== null &&
        !Array.isArray(outputs) &&
        typeof inputs === "object" &&
        inputs !== null &&
        !Array.isArray(inputs)
    ) {
        return Object.fromEntries(
            Object.entries(outputs).map(([key, item]) => [key, annotateSecrets(item, inputs[key])]),
        );
    }
    return outputs;
}

/**
 * Property paths (`a.b[2].c`) where one of the given plaintexts appears outside a secret wrapper,
 * i.e. where it would be stored in state and shown in diffs in the clear.
 */
export function exposedPlaintextPaths(
    value: WireValue,
    plaintexts: readonly string[],
    path = "",
): string[] {
    if (plaintexts.length === 0 || isSecret(value)) return [];
    if (typeof value === "string") {
        return plaintexts.some((secret) => value.includes(secret)) ? [path || "(root)"] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((item, index) =>
            exposedPlaintextPaths(item, plaintexts, `${path}[${index}]`),
        );
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([key, item]) =>
            exposedPlaintextPaths(item, plaintexts, path ? `${path}.${key}` : key),
        );
    }
    return [];
}
