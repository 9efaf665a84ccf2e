import { expect } from "chai";
import * as net from "net";
import { hostHeader, HttpConnection } from "../../provider/transport/winrm/httpConnection";
import { WinRmConnectionError } from "../../provider/transport/winrm/errors";

/** A raw TCP server answering each request with the given byte pieces, written one by one. */
async function rawServer(
    pieces: (string | Buffer)[],
): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
    const requests: string[] = [];
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("data", async (data) => {
            requests.push(data.toString("latin1"));
            for (const piece of pieces) {
                if (socket.destroyed) return;
                socket.write(piece);
                await new Promise((resolve) => setTimeout(resolve, 10));
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as net.AddressInfo).port,
        requests,
        close: async () => {
            sockets.forEach((socket) => socket.destroy());
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

function connection(port: number): HttpConnection {
    return new HttpConnection({
        host: "127.0.0.1",
        port,
        https: false,
        trust: {},
        connectTimeoutMs: 2000,
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
            const pending = http.request(REQUEST, 2000).catch((error: Error) => error);
            await new Promise((resolve) => setTimeout(resolve, 50));
            await server.close();
            const error = await pending;
            expect(error).to.be.instanceOf(WinRmConnectionError);
            expect((error as WinRmConnectionError).beforeReply).to.equal(true);
        } finally {
            http.close();
        }
    });

    it("a listener that never answers fails the request at its timeout", async () => {
        const server = await rawServer([]);
        const http = connection(server.port);
        try {
            await http.open();
            const error = await http.request(REQUEST, 200).catch((caught: Error) => caught);
            expect((error as Error).message).to.match(/did not answer within 200 ms/);
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
