/**
 * Runs `@pulumi/pulumi`'s dynamic-provider host as a child process and calls it over gRPC the way
 * the engine does: properties as `google.protobuf.Struct`, secret wrappers stripped before every
 * call (the host declares `acceptSecrets: false`), unknown values as the sentinel string.
 */
import type { ChildProcess } from "child_process";
import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import type { WireValue } from "./wireValues";
import { stripSecrets } from "./wireValues";

const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb: typeof providerPbTypes = require("@pulumi/pulumi/proto/provider_pb");
const structPb: typeof structPbTypes = require("google-protobuf/google/protobuf/struct_pb");

/** A property bag. */
export type PropertyBag = Record<string, WireValue>;

/** How the host answered Configure. */
export interface ConfigureResult {
    acceptSecrets: boolean;
    supportsPreview: boolean;
}

/** One check failure as the engine receives it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** Diff outcome, with the engine's names for the `changes` field. */
export interface DiffResult {
    changes: "unknown" | "none" | "some";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** A failed gRPC call: status code and the message the engine would print. */
export class ProviderCallError extends Error {
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
    ) {
        super(`${method} failed with gRPC status ${code}: ${details}`);
    }
}

/** Options of a host process. */
export interface HostOptions {
    /** Working directory: where the serialized provider's `require`s resolve. */
    cwd: string;
    /** `PULUMI_NODEJS_PROJECT`. @default "l2bridge-engine" */
    project?: string;
    /** Directories for `NODE_PATH` (where `pulumi-l2bridge` resolves). @default none */
    nodePath?: string[];
    /** Longest wait for the port line, in milliseconds. @default 20000 */
    startTimeoutMs?: number;
    /** Deadline of each call, in milliseconds. @default 120000 */
    callTimeoutMs?: number;
}

type Struct = structPbTypes.Struct;
type UnaryCall = (
    request: unknown,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => void;

function toStruct(bag: PropertyBag): Struct {
    return structPb.Struct.fromJavaScript(
        stripSecrets(bag) as Record<string, structPbTypes.JavaScriptValue>,
    );
}

function fromStruct(struct: Struct | undefined): PropertyBag {
    return (struct?.toJavaScript() ?? {}) as PropertyBag;
}

/** A running dynamic-provider host and a client connected to it. */
export class DynamicProviderHost {
    private readonly output: string[] = [];

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: grpc.Client & Record<string, UnaryCall>,
        private readonly callTimeoutMs: number,
    ) {
        child.stdout?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    }

    /** Starts `node <@pulumi/pulumi/cmd/dynamic-provider> <address>` and connects to its port. */
    static async start(options: HostOptions): Promise<DynamicProviderHost> {
        const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", {
            paths: [options.cwd],
        });
        const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
            cwd: options.cwd,
            env: {
                ...process.env,
                PULUMI_NODEJS_PROJECT: options.project ?? "l2bridge-engine",
                ...(options.nodePath ? { NODE_PATH: options.nodePath.join(path.delimiter) } : {}),
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let seen = "";
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(
                    new Error(`dynamic-provider host printed no port within the limit: ${seen}`),
                );
            }, options.startTimeoutMs ?? 20000);
            const onData = (chunk: Buffer): void => {
                seen += chunk.toString();
                const line = seen.split("\n")[0];
                if (seen.includes("\n") && /^\d+$/.test(line.trim())) {
                    clearTimeout(timer);
                    child.stdout?.off("data", onData);
                    resolve(Number(line.trim()));
                }
            };
            child.stdout?.on("data", onData);
            child.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString()));
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(
                    new Error(`dynamic-provider host exited with ${code} before serving: ${seen}`),
                );
            });
        });
        const client = new providerGrpc.ResourceProviderClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
        );
        return new DynamicProviderHost(child, client, options.callTimeoutMs ?? 120000);
    }

    /** Process id of the host (tests end it by this id only). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Everything the host printed after its port line (console output of providers). */
    get printed(): string {
        return this.output.join("");
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            const deadline = new Date(Date.now() + this.callTimeoutMs);
            this.client[method](request, new grpc.Metadata(), { deadline }, (error, response) => {
                if (error) {
                    reject(new ProviderCallError(method, error.code, error.details));
                } else {
                    resolve(response as T);
                }
            });
        });
    }

    async configure(config: Record<string, string> = {}): Promise<ConfigureResult> {
        const request = new providerPb.ConfigureRequest();
        request.setArgs(structPb.Struct.fromJavaScript(config));
        request.setAcceptsecrets(true);
        request.setAcceptresources(true);
        const response = await this.call<providerPbTypes.ConfigureResponse>("configure", request);
        return {
            acceptSecrets: response.getAcceptsecrets(),
            supportsPreview: response.getSupportspreview(),
        };
    }

    async check(
        urn: string,
        olds: PropertyBag,
        news: PropertyBag,
    ): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
        const request = new providerPb.CheckRequest();
        request.setUrn(urn);
        request.setOlds(toStruct(olds));
        request.setNews(toStruct(news));
        const response = await this.call<providerPbTypes.CheckResponse>("check", request);
        return {
            inputs: fromStruct(response.getInputs()),
            failures: response.getFailuresList().map((failure) => ({
                property: failure.getProperty(),
                reason: failure.getReason(),
            })),
        };
    }

    async diff(urn: string, id: string, olds: PropertyBag, news: PropertyBag): Promise<DiffResult> {
        const request = new providerPb.DiffRequest();
        request.setUrn(urn);
        request.setId(id);
        request.setOlds(toStruct(olds));
        request.setNews(toStruct(news));
        const response = await this.call<providerPbTypes.DiffResponse>("diff", request);
        const names = ["unknown", "none", "some"] as const;
        return {
            changes: names[response.getChanges()] ?? "unknown",
            replaces: response.getReplacesList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(urn: string, properties: PropertyBag): Promise<{ id: string; outs: PropertyBag }> {
        const request = new providerPb.CreateRequest();
        request.setUrn(urn);
        request.setProperties(toStruct(properties));
        const response = await this.call<providerPbTypes.CreateResponse>("create", request);
        return { id: response.getId(), outs: fromStruct(response.getProperties()) };
    }

    async read(
        urn: string,
        id: string,
        state: PropertyBag,
        inputs: PropertyBag,
    ): Promise<{ id: string; outs: PropertyBag; inputs: PropertyBag }> {
        const request = new providerPb.ReadRequest();
        request.setUrn(urn);
        request.setId(id);
        request.setProperties(toStruct(state));
        request.setInputs(toStruct(inputs));
        const response = await this.call<providerPbTypes.ReadResponse>("read", request);
        return {
            id: response.getId(),
            outs: fromStruct(response.getProperties()),
            inputs: fromStruct(response.getInputs()),
        };
    }

    async update(
        urn: string,
        id: string,
        olds: PropertyBag,
        news: PropertyBag,
    ): Promise<{ outs: PropertyBag }> {
        const request = new providerPb.UpdateRequest();
        request.setUrn(urn);
        request.setId(id);
        request.setOlds(toStruct(olds));
        request.setNews(toStruct(news));
        const response = await this.call<providerPbTypes.UpdateResponse>("update", request);
        return { outs: fromStruct(response.getProperties()) };
    }

    async delete(urn: string, id: string, state: PropertyBag): Promise<void> {
        const request = new providerPb.DeleteRequest();
        request.setUrn(urn);
        request.setId(id);
        request.setProperties(toStruct(state));
        await this.call<unknown>("delete", request);
    }

    /** Closes the client and ends the host process (by its pid), waiting for it to exit. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
                this.child.kill("SIGKILL");
            }, 3000);
            this.child.once("exit", () => {
                clearTimeout(timer);
                resolve();
            });
            this.child.kill("SIGTERM");
        });
    }
}

/** The URN the engine would give a dynamic resource of this package. */
export function dynamicUrn(kind: string, name: string): string {
    return `urn:pulumi:engine::l2bridge-engine::pulumi-nodejs:dynamic/l2bridge:${kind}::${name}`;
}
