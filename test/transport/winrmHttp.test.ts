import { expect } from "chai";
import * as net from "net";
import { hostHeader, HttpConnection } from "../../provider/transport/winrm/httpConnection";
import { WinRmConnectionError } from "../../provider/transport/winrm/errors";
import type { Clock } from "../../provider/transport/clock";
import { FakeClock } from "../support/fakeClock";

/** One full turn of the event loop: a poll phase runs before it resolves. */
const nextLoopTurn = (): Promise<void> =>
    new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * A raw TCP server answering each request with the given byte pieces, written one by one. Over
 * loopback a write is in the client's receive queue as soon as it returns, and the event loop's
 * next poll phase reads it, so each piece reaches the client in a read of its own.
 */
async function rawServer(pieces: (string | Buffer)[]): Promise<{
    port: number;
    requests: string[];
    /** Resolves when the next request arrives. */
    arrival: () => Promise<void>;
    close: () => Promise<void>;
}> {
    const requests: string[] = [];
    const sockets = new Set<net.Socket>();
    const arrivals: (() => void)[] = [];
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.setNoDelay(true);
        socket.on("close", () => sockets.delete(socket));
        socket.on("data", async (data) => {
            requests.push(data.toString("latin1"));
            arrivals.splice(0).forEach((arrived) => arrived());
            for (const piece of pieces) {
                if (socket.destroyed) return;
                await new Promise((resolve) => socket.write(piece, resolve));
                await nextLoopTurn();
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as net.AddressInfo).port,
        requests,
        arrival: () => new Promise((resolve) => arrivals.push(resolve)),
        close: async () => {
            sockets.forEach((socket) => socket.destroy());
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

function connection(port: number, clock?: Clock): HttpConnection {
    return new HttpConnection({
        host: "127.0.0.1",
        port,
        https: false,
        trust: {},
        connectTimeoutMs: 2000,
        clock,
    });
}

const REQUEST = {
    method: "POST" as const,
    path: "/wsman",
    headers: { "Content-Type": "application/soap+xml;charset=UTF-8" },
    body: Buffer.from("<x/>"),
};

describe("HTTP/1.1 connection of the WinRM transport", () => {
    const responses: { name: string; pieces: string[]; status: number; body: string }[] = [
        {
            name: "a Content-Length body split across packets",
            pieces: ["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 11\r\n\r\nhello", " world"],
            status: 200,
            body: "hello world",
        },
        {
            name: "a chunked body",
            pieces: [
                "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfault\r\n",
                "3\r\n!!!\r\n0\r\n\r\n",
            ],
            status: 500,
            body: "fault!!!",
        },
        {
            name: "a 401 without a body",
            pieces: [
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nContent-Length: 0\r\n\r\n",
            ],
            status: 401,
            body: "",
        },
    ];
    for (const row of responses) {
        it(`reads ${row.name}`, async () => {
            const server = await rawServer(row.pieces);
            const http = connection(server.port);
            try {
                await http.open();
                const response = await http.request(REQUEST, 2000);
                expect({ status: response.status, body: response.body.toString() }).to.deep.equal({
                    status: row.status,
                    body: row.body,
                });
            } finally {
                http.close();
                await server.close();
            }
        });
    }

    it("writes Host, Content-Length and keep-alive headers with the body", async () => {
        const server = await rawServer(["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"]);
        const http = connection(server.port);
        try {
            await http.open();
            await http.request(REQUEST, 2000);
            expect(server.requests[0]).to.match(
                /^POST \/wsman HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nContent-Type: application\/soap\+xml;charset=UTF-8\r\nContent-Length: 4\r\nConnection: keep-alive\r\n\r\n<x\/>$/,
            );
        } finally {
            http.close();
            await server.close();
        }
    });

    it("a response with Connection: close leaves the connection closed for the next request", async () => {
        const server = await rawServer([
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
        ]);
        const http = connection(server.port);
        try {
            await http.open();
            const response = await http.request(REQUEST, 2000);
            expect([response.body.toString(), http.isOpen]).to.deep.equal(["ok", false]);
        } finally {
            http.close();
            await server.close();
        }
    });

    it("a listener that closes before replying fails the request, marked as before any reply byte", async () => {
        const server = await rawServer([]);
        const http = connection(server.port);
        try {
            await http.open();
            const arrived = server.arrival();
            const pending = http.request(REQUEST, 2000).catch((error: Error) => error);
            await arrived;
            await server.close();
            const error = await pending;
            expect(error).to.be.instanceOf(WinRmConnectionError);
            expect((error as WinRmConnectionError).beforeReply).to.equal(true);
        } finally {
            http.close();
        }
    });

    it("a listener that never answers fails the request when its timeout passes on the connection's clock", async () => {
        const server = await rawServer([]);
        const clock = new FakeClock();
        const http = connection(server.port, clock);
        try {
            await http.open();
            const arrived = server.arrival();
            const pending = http.request(REQUEST, 200).catch((caught: Error) => caught);
            await arrived;
            clock.advance(199);
            expect(http.isOpen, "still waiting 1 ms before the timeout").to.equal(true);
            clock.advance(1);
            const error = await pending;
            expect(error).to.be.instanceOf(WinRmConnectionError);
            expect((error as Error).message).to.match(/did not answer within 200 ms/);
            expect(http.isOpen).to.equal(false);
        } finally {
            http.close();
            await server.close();
        }
    });

    const hosts: [string, string][] = [
        ["win1.corp.example", "win1.corp.example:5985"],
        ["10.0.0.4", "10.0.0.4:5985"],
        ["fd00::5", "[fd00::5]:5985"],
    ];
    for (const [host, header] of hosts) {
        it(`Host header for ${host} is ${header}`, () => {
            expect(hostHeader(host, 5985)).to.equal(header);
        });
    }
});
