/** Parsing of HTTP/1.1 responses: status line and headers, chunked bodies. */
import { WinRmConnectionError } from "./errors";

/** Parsed head of a response. */
export interface ResponseHead {
    status: number;
    headers: Record<string, string>;
    bodyStart: number;
}

export function parseHead(buffer: Buffer): ResponseHead | undefined {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
    if (!status) throw new WinRmConnectionError(`the listener sent a malformed HTTP status line`);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) {
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
        }
    }
    return { status: Number(status[1]), headers, bodyStart: end + 4 };
}

/** Decodes a chunked body; undefined while incomplete. */
export function decodeChunked(data: Buffer): Buffer | undefined {
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
        const lineEnd = data.indexOf("\r\n", offset);
        if (lineEnd < 0) return undefined;
        const size = parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
        if (Number.isNaN(size))
            throw new WinRmConnectionError("the listener sent a malformed chunk");
        const start = lineEnd + 2;
        if (size === 0) {
            return data.indexOf("\r\n", start) < 0 ? undefined : Buffer.concat(parts);
        }
        if (data.length < start + size + 2) return undefined;
        parts.push(data.subarray(start, start + size));
        offset = start + size + 2;
    }
}
