/**
 * Await the value of a Pulumi output in a test. Rejects after `timeoutMs` instead of hanging when
 * the output is unknown (apply callbacks never run for unknown values).
 */
import * as pulumi from "@pulumi/pulumi";

export function unwrap<T>(output: pulumi.Output<T>, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
            () => reject(new Error(`output did not resolve within ${timeoutMs} ms (unknown?)`)),
            timeoutMs,
        );
        output.apply((value) => {
            clearTimeout(timer);
            resolve(value);
            return value;
        });
    });
}

/** Await whether an output is secret. */
export function secretness(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}
