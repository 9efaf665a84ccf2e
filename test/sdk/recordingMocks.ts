/**
 * Pulumi mocks that record every resource registration, for tests of resource classes.
 */
import type * as pulumi from "@pulumi/pulumi";

/** One registration seen by the mock monitor. */
export interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/** Mocks whose `newResource` records the registration and returns the inputs as state. */
export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registrations: Registration[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string;
        state: Record<string, unknown>;
    } {
        this.registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return args.inputs;
    }

    /** The registration of resource `name`; fails when there is none. */
    registration(name: string): Registration {
        const found = this.registrations.find((entry) => entry.name === name);
        if (!found) {
            throw new Error(`no resource named ${name} was registered`);
        }
        return found;
    }
}
