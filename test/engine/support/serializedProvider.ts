/**
 * The `__provider` text of a provider object, produced exactly as `pulumi.dynamic.Resource` does:
 * `serializeFunction(() => provider, { allowSecrets: true })`.
 */
import * as pulumi from "@pulumi/pulumi";

/** Serialized provider text and whether it captured a secret. */
export interface SerializedProvider {
    text: string;
    containsSecrets: boolean;
}

export async function serializeProvider(
    provider: pulumi.dynamic.ResourceProvider,
): Promise<SerializedProvider> {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, {
        allowSecrets: true,
    });
    return { text: serialized.text, containsSecrets: serialized.containsSecrets };
}
