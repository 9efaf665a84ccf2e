/**
 * A Windows host double for the Windows driver: a `HostSession` that recognises each script the
 * driver sends (by its constant text), records it with its parameters, and answers like the real
 * host would, from an in-memory HNS (networks, endpoints, namespaces, load balancers), NetTCPIP
 * state (interfaces, routes, neighbors) and the package's records. Tests can make invokes fail
 * with transport errors to imitate the connectivity blip.
 */
import { HostSession } from "../../provider/transport/types";
import {
    detachedNetworkCreateScript,
    ScriptName,
    scriptNames,
    scriptText,
} from "../../provider/drivers/windows/scriptCatalog";
import { FakeWindowsHost } from "./fakeWindowsHost";

export { FakeRemoteScriptError, FakeTransportError, FakeWindowsHost } from "./fakeWindowsHost";

type Params = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One invoke as the double saw it. */
export interface RecordedInvoke {
    name: ScriptName;
    script: string;
    params: Params;
}

const scriptsByText = new Map<string, ScriptName>(scriptNames.map((n) => [scriptText(n), n]));

/** Decides, per invoke, whether the connection is down (return an error to throw). */
export type ConnectionFault = (name: ScriptName, invokeIndex: number) => Error | undefined;

/** The session double. */
export class FakeWindowsSession implements HostSession {
    readonly os = "windows";
    readonly calls: RecordedInvoke[] = [];
    /** Called after each successful invoke (for example to run a detached task). */
    afterInvoke: (name: ScriptName, params: Params) => void = () => undefined;

    /** Decides, per invoke, whether the response is lost after the host ran the script. */
    lostResponse: ConnectionFault = () => undefined;

    constructor(
        readonly host: FakeWindowsHost = new FakeWindowsHost(),
        private readonly fault: ConnectionFault = () => undefined,
    ) {}

    async invoke(script: string, params: Record<string, unknown> = {}): Promise<string> {
        const name = scriptsByText.get(script);
        if (!name) {
            throw new Error(
                `the Windows host double does not know this script (${script.length} characters)`,
            );
        }
        if (script.includes(detachedNetworkCreateScript)) {
            throw new Error("the detached script must travel as data, not run inline");
        }
        const data = JSON.parse(JSON.stringify(params)) as Params;
        this.calls.push({ name, script, params: data });
        const error = this.fault(name, this.calls.length - 1);
        if (error) {
            throw error;
        }
        const result = this.host.run(name, data);
        this.afterInvoke(name, data);
        const lost = this.lostResponse(name, this.calls.length - 1);
        if (lost) {
            throw lost;
        }
        return JSON.stringify(JSON.stringify(result));
    }

    hostKeyFingerprint(): string {
        return "";
    }

    /** Names of the scripts invoked so far, in order. */
    names(): ScriptName[] {
        return this.calls.map((c) => c.name);
    }
}
