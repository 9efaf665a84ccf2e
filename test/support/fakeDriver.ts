/**
 * A HostDriver over in-memory hosts, recording every observe and apply, for provider tests.
 * Objects are found by the same identity a real driver uses: name for networks, endpoints, route
 * sets and load balancers; the endpoint for an ACL; protocol and host port for a port mapping.
 */
import type { HostConnection } from "../../sdk/hostConnection";
import type {
    ApplyOp,
    DetailValue,
    HostDriver,
    Observation,
} from "../../provider/drivers/hostDriver";
import { setDriverFactory } from "../../provider/drivers/registry";
import type { KindSpecs, ObjectKind } from "../../provider/model/kinds";

/** One object on a fake host. */
export interface FakeObject {
    id: string;
    owned: boolean;
    state: Record<string, unknown>;
    details: Record<string, DetailValue>;
}

/** One recorded driver call. */
export interface DriverCall {
    host: string;
    method: "observe" | "apply";
    kind: ObjectKind;
    action?: ApplyOp["action"];
}

/** The identity of an object of `kind` described by (a possibly partial) `spec`. */
export function identityOf(kind: ObjectKind, spec: Record<string, unknown>): string {
    switch (kind) {
        case "endpointAcl":
            return String(spec.endpoint);
        case "portPublish":
            return `${String(spec.protocol)}/${String(spec.hostPort)}`;
        case "runtimeNetworkConfig":
            return `${String(spec.configDirectory)}/${String(spec.priority)}-${String(spec.network)}`;
        default:
            return String(spec.name);
    }
}

/** In-memory hosts and the calls made on them. */
export class FakeHosts {
    readonly calls: DriverCall[] = [];
    private readonly hosts = new Map<string, Map<string, FakeObject>>();
    private nextId = 1;
    private pendingFailure: { action: ApplyOp["action"]; error: Error } | undefined;

    /** Objects of one host, keyed by `<kind>:<identity>`. */
    objectsOf(host: string): Map<string, FakeObject> {
        let objects = this.hosts.get(host);
        if (!objects) {
            objects = new Map();
            this.hosts.set(host, objects);
        }
        return objects;
    }

    /** Put an object on a host directly (out of band), as another tool or an earlier run would. */
    place(
        host: string,
        kind: ObjectKind,
        object: Omit<FakeObject, "id"> & { id?: string },
    ): FakeObject {
        const placed: FakeObject = {
            id: object.id ?? `${kind}-${this.nextId++}`,
            ...object,
        } as FakeObject;
        this.objectsOf(host).set(`${kind}:${identityOf(kind, object.state)}`, placed);
        return placed;
    }

    /** The object of `kind` named by `spec` on `host`, if any. */
    find(host: string, kind: ObjectKind, spec: Record<string, unknown>): FakeObject | undefined {
        return this.objectsOf(host).get(`${kind}:${identityOf(kind, spec)}`);
    }

    /** Remove an object out of band (a reboot, an HNS restart). */
    remove(host: string, kind: ObjectKind, spec: Record<string, unknown>): void {
        this.objectsOf(host).delete(`${kind}:${identityOf(kind, spec)}`);
    }

    /** Make the next apply with `action` throw `error` after changing nothing. */
    failNext(action: ApplyOp["action"], error: Error): void {
        this.pendingFailure = { action, error };
    }

    /** Calls of one method (and action). */
    callsOf(method: DriverCall["method"], action?: ApplyOp["action"]): DriverCall[] {
        return this.calls.filter(
            (call) => call.method === method && (!action || call.action === action),
        );
    }

    /** A driver for one host. */
    driverFor(connection: HostConnection): HostDriver {
        return new FakeDriver(this, connection);
    }

    /** Install as the driver factory; returns the function that restores the previous one. */
    install(): () => void {
        return setDriverFactory((connection) => this.driverFor(connection));
    }

    /** Called by the drivers. */
    takeFailure(action: ApplyOp["action"]): Error | undefined {
        if (this.pendingFailure?.action !== action) {
            return undefined;
        }
        const { error } = this.pendingFailure;
        this.pendingFailure = undefined;
        return error;
    }

    /** Called by the drivers. */
    newId(kind: ObjectKind): string {
        return `${kind}-${this.nextId++}`;
    }
}

function observationOf<K extends ObjectKind>(object: FakeObject): Observation<K> {
    return {
        id: object.id,
        owned: object.owned,
        state: JSON.parse(JSON.stringify(object.state)) as KindSpecs[K],
        details: { ...object.details },
    };
}

/** Details a real driver would report for a newly created object. */
function detailsFor(kind: ObjectKind, spec: Record<string, unknown>): Record<string, DetailValue> {
    switch (kind) {
        case "l2BridgeNetwork":
            return { hostInterface: String(spec.name), managementIp: "" };
        case "gatewayEndpoint":
            return { interfaceAlias: String(spec.network), macAddress: "02-00-00-00-00-02" };
        case "containerEndpoint":
            return { macAddress: "02-00-00-00-00-0a" };
        case "containerRoute":
            return { resolvedInterface: "eth0" };
        case "runtimeNetworkConfig":
            return { configPath: `/etc/cni/net.d/10-${String(spec.network)}.conflist` };
        default:
            return {};
    }
}

class FakeDriver implements HostDriver {
    readonly os: "windows" | "linux";

    constructor(
        private readonly hosts: FakeHosts,
        private readonly connection: HostConnection,
    ) {
        this.os = connection.os;
    }

    async observe<K extends ObjectKind>(
        kind: K,
        spec: KindSpecs[K],
    ): Promise<Observation<K> | null> {
        this.hosts.calls.push({ host: this.connection.host, method: "observe", kind });
        const found = this.hosts.find(this.connection.host, kind, spec as Record<string, unknown>);
        return found ? observationOf<K>(found) : null;
    }

    async apply<K extends ObjectKind>(op: ApplyOp<K>): Promise<Observation<K> | null> {
        const host = this.connection.host;
        this.hosts.calls.push({ host, method: "apply", kind: op.kind, action: op.action });
        const failure = this.hosts.takeFailure(op.action);
        if (failure) {
            throw failure;
        }
        const desired = JSON.parse(JSON.stringify(op.desired)) as Record<string, unknown>;
        const existing = this.hosts.find(host, op.kind, desired);
        if (op.action === "delete") {
            this.hosts.remove(host, op.kind, desired);
            return null;
        }
        const object: FakeObject = {
            id: existing?.id ?? this.hosts.newId(op.kind),
            owned: true,
            state: { ...(existing?.state ?? {}), ...desired },
            details: existing?.details ?? detailsFor(op.kind, desired),
        };
        this.hosts.objectsOf(host).set(`${op.kind}:${identityOf(op.kind, desired)}`, object);
        return observationOf<K>(object);
    }

    async hostKeyFingerprint(): Promise<string> {
        return this.connection.transport === "winrm"
            ? ""
            : "SHA256:fakefakefakefakefakefakefakefakefakefakefak";
    }
}
