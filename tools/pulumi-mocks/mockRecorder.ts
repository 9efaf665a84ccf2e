/**
 * Pulumi mocks that record every resource registration and answer with realistic state (IDs,
 * Azure names, addresses), so component tests can assert exact child types, names and inputs
 * (the preview benchmark uses them too).
 */
import * as pulumi from "@pulumi/pulumi";

/** One recorded registration. */
export interface Registration {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    custom: boolean;
}

/** Fixed values the mocks hand out, so tests can compare against them. */
export const mockValues = {
    subscription: "/subscriptions/00000000-0000-0000-0000-000000000000",
    publicIp: "203.0.113.10",
    dynamicPrivateIp: "10.0.0.99",
    readinessStdout: "containers=Installed vmcompute=Running hns=Running",
};

function computedState(type: string, name: string, inputs: Record<string, unknown>) {
    const group = `${mockValues.subscription}/resourceGroups/${String(inputs.resourceGroupName)}`;
    switch (type) {
        case "azure-native:network:RouteTable":
            return {
                name: inputs.routeTableName ?? name,
                id: `${group}/providers/Microsoft.Network/routeTables/${String(inputs.routeTableName ?? name)}`,
            };
        case "azure-native:network:Subnet":
            return {
                id: `${group}/providers/Microsoft.Network/virtualNetworks/${String(inputs.virtualNetworkName)}/subnets/${String(inputs.subnetName)}`,
            };
        case "azure-native:network:PublicIPAddress":
            return { ipAddress: mockValues.publicIp };
        case "azure-native:network:NetworkInterface": {
            const configurations = (inputs.ipConfigurations as Record<string, unknown>[]) ?? [];
            return {
                ipConfigurations: configurations.map((configuration) => ({
                    ...configuration,
                    privateIPAddress: configuration.privateIPAddress ?? mockValues.dynamicPrivateIp,
                })),
            };
        }
        case "azure-native:compute:VirtualMachine":
            return { name: inputs.vmName ?? name };
        case "command:remote:Command":
            return { stdout: mockValues.readinessStdout, stderr: "" };
        default:
            return {};
    }
}

/** Mocks that record registrations; `reset()` between tests. */
export class MockRecorder implements pulumi.runtime.Mocks {
    registrations: Registration[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs = args.inputs as Record<string, unknown>;
        this.registrations.push({
            type: args.type,
            name: args.name,
            inputs,
            custom: args.custom ?? false,
        });
        const state = { ...inputs, ...computedState(args.type, args.name, inputs) };
        const id = typeof state.id === "string" ? state.id : `${args.name}-id`;
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return args.inputs as Record<string, unknown>;
    }

    reset(): void {
        this.registrations = [];
    }

    /** Registrations of one type, in registration order. */
    ofType(type: string): Registration[] {
        return this.registrations.filter((registration) => registration.type === type);
    }

    /** The registration with this logical name; fails when there is none. */
    named(name: string): Registration {
        const found = this.registrations.find((registration) => registration.name === name);
        if (!found) {
            throw new Error(`no resource named "${name}" was registered`);
        }
        return found;
    }
}

/** Resolves an output's value (never use it on values that stay unknown: it would not settle). */
export function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((value) => resolve(value)));
}

/** Whether an output is marked secret. */
export function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(output);
}

/** The secret signature Pulumi puts on serialized secret values. */
const secretSignature = "4dabf18193072939515e22adb298388d";

/** Whether a recorded input value was sent as a secret. */
export function isSecretInput(value: unknown): boolean {
    return typeof value === "object" && value !== null && secretSignature in value;
}

/** A recorded input value with its secret wrapper removed. */
export function revealInput(value: unknown): Record<string, unknown> {
    return isSecretInput(value)
        ? ((value as { value: Record<string, unknown> }).value ?? {})
        : (value as Record<string, unknown>);
}
