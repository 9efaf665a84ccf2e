/**
 * The binary frame format spoken between the native shim and the emulator (see shim/hcnShim.c):
 * request = u32 count + fields, response = i32 HRESULT + u32 count + fields, each field a u32
 * byte length (0xFFFFFFFF for NULL) followed by UTF-8 bytes. All integers little-endian.
 */

const nullLength = 0xffffffff;

/** One request: the function name and its arguments (null = a NULL string). */
export interface CallFrame {
    function: string;
    args: (string | null)[];
}

/** One response: HRESULT and the result string, error record and handle (decimal text). */
export interface ReplyFrame {
    hresult: number;
    result: string | null;
    errorRecord: string | null;
    handle: string | null;
}

function encodeFields(fields: (string | null)[]): Buffer[] {
    const parts: Buffer[] = [];
    for (const field of fields) {
        const length = Buffer.alloc(4);
        if (field === null) {
            length.writeUInt32LE(nullLength);
            parts.push(length);
        } else {
            const bytes = Buffer.from(field, "utf8");
            length.writeUInt32LE(bytes.length);
            parts.push(length, bytes);
        }
    }
    return parts;
}

/** Decodes `count` fields starting at `offset`; throws on a truncated frame. */
function decodeFields(frame: Buffer, offset: number, count: number): (string | null)[] {
    const fields: (string | null)[] = [];
    let at = offset;
    for (let i = 0; i < count; i++) {
        if (at + 4 > frame.length) throw new Error("truncated frame");
        const length = frame.readUInt32LE(at);
        at += 4;
        if (length === nullLength) {
            fields.push(null);
            continue;
        }
        if (at + length > frame.length) throw new Error("truncated frame");
        fields.push(frame.toString("utf8", at, at + length));
        at += length;
    }
    return fields;
}

/** Serialises a call the way the shim does. */
export function encodeCall(call: CallFrame): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32LE(call.args.length + 1);
    return Buffer.concat([count, ...encodeFields([call.function, ...call.args])]);
}

/** Parses a complete request frame. */
export function decodeCall(frame: Buffer): CallFrame {
    if (frame.length < 4) throw new Error("truncated frame");
    const [name, ...args] = decodeFields(frame, 4, frame.readUInt32LE(0));
    if (typeof name !== "string") throw new Error("frame without a function name");
    return { function: name, args };
}

/** Serialises a reply. */
export function encodeReply(reply: ReplyFrame): Buffer {
    const head = Buffer.alloc(8);
    head.writeInt32LE(reply.hresult | 0, 0);
    head.writeUInt32LE(3, 4);
    return Buffer.concat([head, ...encodeFields([reply.result, reply.errorRecord, reply.handle])]);
}

/** Parses a complete reply frame. */
export function decodeReply(frame: Buffer): ReplyFrame {
    if (frame.length < 8) throw new Error("truncated frame");
    const [result = null, errorRecord = null, handle = null] = decodeFields(
        frame,
        8,
        frame.readUInt32LE(4),
    );
    return { hresult: frame.readInt32LE(0) >>> 0, result, errorRecord, handle };
}
