/** A Node client of the emulator speaking the shim's frames: what tests use instead of the DLLs. */
import { connect } from "net";
import { decodeReply, encodeCall, type ReplyFrame } from "./frames";

/** Calls one emulated HCN function (arguments as the shim sends them: GUID text, handle text, UTF-8). */
export function callHcn(
    socketPath: string,
    fn: string,
    args: (string | null)[],
    timeoutMs = 30_000,
): Promise<ReplyFrame> {
    return new Promise((resolve, reject) => {
        const socket = connect({ path: socketPath, allowHalfOpen: true });
        const chunks: Buffer[] = [];
        socket.setTimeout(timeoutMs, () =>
            socket.destroy(new Error(`${fn}: no answer within ${timeoutMs} ms`)),
        );
        socket.on("connect", () => socket.end(encodeCall({ function: fn, args })));
        socket.on("data", (c) => chunks.push(c));
        socket.on("error", reject);
        socket.on("end", () => {
            try {
                resolve(decodeReply(Buffer.concat(chunks)));
            } catch (e) {
                reject(e);
            }
        });
    });
}

/** Convenience wrappers mirroring the HCN functions, bound to one emulator socket. */
export class HcnClient {
    /** @param socketPath the emulator's socket. */
    constructor(readonly socketPath: string) {}

    /** Any function by name. */
    call(fn: string, ...args: (string | null)[]): Promise<ReplyFrame> {
        return callHcn(this.socketPath, fn, args);
    }

    /** HcnEnumerate<Kind>s. */
    enumerate(kind: string, query: string | null): Promise<ReplyFrame> {
        return this.call(`HcnEnumerate${kind}s`, query);
    }

    /** HcnCreate<Kind> (not Endpoint) with an empty GUID unless `id` is given. */
    create(
        kind: string,
        settings: unknown,
        id = "00000000-0000-0000-0000-000000000000",
    ): Promise<ReplyFrame> {
        return this.call(
            `HcnCreate${kind}`,
            id,
            typeof settings === "string" ? settings : JSON.stringify(settings),
        );
    }

    /** HcnCreateEndpoint on an open network handle. */
    createEndpoint(
        networkHandle: string,
        settings: unknown,
        id = "00000000-0000-0000-0000-000000000000",
    ): Promise<ReplyFrame> {
        return this.call(
            "HcnCreateEndpoint",
            networkHandle,
            id,
            typeof settings === "string" ? settings : JSON.stringify(settings),
        );
    }

    /** HcnOpen<Kind>. */
    open(kind: string, id: string): Promise<ReplyFrame> {
        return this.call(`HcnOpen${kind}`, id.toLowerCase());
    }

    /** HcnQuery<Kind>Properties. */
    query(kind: string, handle: string, query: unknown): Promise<ReplyFrame> {
        return this.call(
            `HcnQuery${kind}Properties`,
            handle,
            typeof query === "string" ? query : JSON.stringify(query),
        );
    }

    /** HcnModify<Kind>. */
    modify(kind: string, handle: string, request: unknown): Promise<ReplyFrame> {
        return this.call(
            `HcnModify${kind}`,
            handle,
            typeof request === "string" ? request : JSON.stringify(request),
        );
    }

    /** HcnDelete<Kind>. */
    delete(kind: string, id: string): Promise<ReplyFrame> {
        return this.call(`HcnDelete${kind}`, id.toLowerCase());
    }

    /** HcnClose<Kind>. */
    close(kind: string, handle: string): Promise<ReplyFrame> {
        return this.call(`HcnClose${kind}`, handle);
    }

    /** v1 HNSCall. */
    v1(method: string, path: string, body: string | null = ""): Promise<ReplyFrame> {
        return this.call("HNSCall", method, path, body);
    }
}
