/**
 * The engine side a Node.js program talks to while it runs: a gRPC server with the `Engine`
 * service (logs, root resource) and the `ResourceMonitor` service (feature probes, resource
 * registrations), enough for `@pulumi/pulumi/cmd/run` to run a program that registers no
 * resource but its stack. It records what the program logged and registered.
 *
 * Services come from the protocol code shipped in `@pulumi/pulumi/proto` and the gRPC library
 * that package uses, like the real engine's counterpart in the language host.
 */
import * as path from "path";

/** One `Engine.Log` call. */
export interface EngineLog {
    /** 0 debug, 1 info, 2 warning, 3 error (`pulumirpc.LogSeverity`). */
    severity: number;
    message: string;
}

/** A running fake engine; `address` serves both services. */
export interface FakeEngine {
    address: string;
    logs: EngineLog[];
    /** `type name` of every RegisterResource call. */
    registrations: string[];
    /** Stops serving at once, cutting open calls. */
    close(): Promise<void>;
}

type Callback = (error: unknown, response?: unknown) => void;
interface Call {
    request: Record<string, () => unknown>;
}
type Messages = Record<string, new () => Record<string, (value: unknown) => void>>;

const sdkDirectory = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromSdk<T>(id: string): T {
    return require(require.resolve(id, { paths: [sdkDirectory] })) as T;
}

/** `pulumirpc.LogSeverity.ERROR`. */
export const errorSeverity = 3;

/** Starts the fake engine on a free loopback port. */
export function startFakeEngine(): Promise<FakeEngine> {
    const grpc = fromSdk<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
    const resourceGrpc = fromSdk<Record<string, unknown>>("@pulumi/pulumi/proto/resource_grpc_pb");
    const resourcePb = fromSdk<Messages>("@pulumi/pulumi/proto/resource_pb");
    const engineGrpc = fromSdk<Record<string, unknown>>("@pulumi/pulumi/proto/engine_grpc_pb");
    const enginePb = fromSdk<Messages>("@pulumi/pulumi/proto/engine_pb");
    const emptyPb = fromSdk<Messages>("google-protobuf/google/protobuf/empty_pb");
    const empty = () => new emptyPb.Empty();

    const logs: EngineLog[] = [];
    const registrations: string[] = [];
    let rootUrn = "";

    const monitor = {
        supportsFeature(_call: Call, callback: Callback) {
            const response = new resourcePb.SupportsFeatureResponse();
            response.setHassupport(false);
            callback(null, response);
        },
        registerResource(call: Call, callback: Callback) {
            const type = String(call.request.getType());
            const name = String(call.request.getName());
            registrations.push(`${type} ${name}`);
            const response = new resourcePb.RegisterResourceResponse();
            response.setUrn(`urn:pulumi:stack::project::${type}::${name}`);
            callback(null, response);
        },
        registerResourceOutputs(_call: Call, callback: Callback) {
            callback(null, empty());
        },
        signalAndWaitForShutdown(_call: Call, callback: Callback) {
            callback(null, empty());
        },
    };
    const engine = {
        log(call: Call, callback: Callback) {
            logs.push({
                severity: Number(call.request.getSeverity()),
                message: String(call.request.getMessage()),
            });
            callback(null, empty());
        },
        getRootResource(_call: Call, callback: Callback) {
            const response = new enginePb.GetRootResourceResponse();
            response.setUrn(rootUrn);
            callback(null, response);
        },
        setRootResource(call: Call, callback: Callback) {
            rootUrn = String(call.request.getUrn());
            callback(null, new enginePb.SetRootResourceResponse());
        },
    };

    const server = new grpc.Server();
    server.addService(
        resourceGrpc.ResourceMonitorService as import("@grpc/grpc-js").ServiceDefinition,
        monitor as unknown as import("@grpc/grpc-js").UntypedServiceImplementation,
    );
    server.addService(
        engineGrpc.EngineService as import("@grpc/grpc-js").ServiceDefinition,
        engine as unknown as import("@grpc/grpc-js").UntypedServiceImplementation,
    );
    return new Promise((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
            if (error) {
                reject(error);
                return;
            }
            resolve({
                address: `127.0.0.1:${port}`,
                logs,
                registrations,
                close: async () => server.forceShutdown(),
            });
        });
    });
}
