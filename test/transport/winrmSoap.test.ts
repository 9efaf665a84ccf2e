import { expect } from "chai";
import { faultOf, receivedOutputOf, shellIdOf } from "../../provider/transport/winrm/responses";
import { buildEnvelope, commandRequest, sendRequest } from "../../provider/transport/winrm/soap";
import { parseXml, findFirst, attribute, deepText } from "../../provider/transport/winrm/xml";
import { maxStdinChunk } from "../../provider/transport/winrm/winrsClient";
import { resolveWinRmSettings } from "../../provider/transport/winrm/settings";
import { WinRmFaultError } from "../../provider/transport/winrm/errors";

const CONTEXT = {
    endpoint: "http://h:5985/wsman",
    maxEnvelopeSize: 153600,
    operationTimeoutSeconds: 20,
};

function faultEnvelope(subcode: string, code: number | undefined, message: string): string {
    const detail =
        code === undefined
            ? ""
            : `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="h"><f:Message><f:ProviderFault>${message}</f:ProviderFault></f:Message></f:WSManFault></s:Detail>`;
    return (
        `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>` +
        `<s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>` +
        `<s:Reason><s:Text xml:lang="en-US">reason text</s:Text></s:Reason>${detail}</s:Fault></s:Body></s:Envelope>`
    );
}

describe("WS-Man envelopes", () => {
    it("a Command envelope carries the shell selector, the options and the escaped command line", () => {
        const xml = buildEnvelope(CONTEXT, {
            ...commandRequest("SHELL-1", `a & b <c> "d"`),
            messageId: "uuid:1",
        });
        const envelope = parseXml(xml);
        expect(deepText(findFirst(envelope, "Selector")!)).to.equal("SHELL-1");
        expect(deepText(findFirst(envelope, "Command")!)).to.equal(`a & b <c> "d"`);
        expect(deepText(findFirst(envelope, "OperationTimeout")!)).to.equal("PT20S");
        expect(deepText(findFirst(envelope, "MaxEnvelopeSize")!)).to.equal("153600");
        expect(deepText(findFirst(envelope, "MessageID")!)).to.equal("uuid:1");
        expect(xml).to.contain(`<w:Option Name="WINRS_CONSOLEMODE_STDIN">FALSE</w:Option>`);
    });

    it("a Send envelope carries base64 stdin and End only on the last chunk", () => {
        const last = parseXml(
            buildEnvelope(CONTEXT, sendRequest("S", "C", Buffer.from("hi"), true)),
        );
        const middle = parseXml(
            buildEnvelope(CONTEXT, sendRequest("S", "C", Buffer.from("hi"), false)),
        );
        expect([
            attribute(findFirst(last, "Stream")!, "End"),
            attribute(findFirst(middle, "Stream")!, "End"),
        ]).to.deep.equal(["true", undefined]);
        expect(deepText(findFirst(last, "Stream")!)).to.equal(Buffer.from("hi").toString("base64"));
    });

    const envelopeSizes = [8192, 32768, 153600, 512000];
    for (const size of envelopeSizes) {
        it(`a full stdin chunk fits a ${size}-byte envelope limit`, () => {
            const settings = {
                ...resolveWinRmSettings({ host: "h", user: "u", password: "p", os: "windows" }),
                maxEnvelopeSize: size,
            };
            const chunk = maxStdinChunk(settings);
            const xml = buildEnvelope(
                CONTEXT,
                sendRequest(
                    "B7A1C0DE-0000-0000-0000-000000000000",
                    "C7A1C0DE-0000-0000-0000-000000000000",
                    Buffer.alloc(chunk),
                    true,
                ),
            );
            expect(Buffer.byteLength(xml)).to.be.at.most(size);
            expect(chunk).to.be.above((size - 2048) * 0.7);
        });
    }
});

describe("WS-Man responses", () => {
    const faults: { name: string; xml: string; code: number | undefined; message: RegExp }[] = [
        {
            name: "command line too long",
            xml: faultEnvelope(
                "w:InternalError",
                2147942606,
                "The filename or extension is too long. ",
            ),
            code: 2147942606,
            message:
                /code 2147942606 \(0x800700ce\) w:InternalError: The filename or extension is too long\. — the filename or extension is too long/,
        },
        {
            name: "operation quota exhausted",
            xml: faultEnvelope("w:QuotaLimit", 2150859174, "quota"),
            code: 2150859174,
            message: /0x803381a6.*operation quota is exhausted/,
        },
        {
            name: "a fault without WSManFault detail uses the reason",
            xml: faultEnvelope("w:AccessDenied", undefined, ""),
            code: undefined,
            message: /w:AccessDenied: reason text$/,
        },
    ];
    for (const row of faults) {
        it(`fault: ${row.name}`, () => {
            const error = faultOf(parseXml(row.xml), "h");
            expect(error).to.be.instanceOf(WinRmFaultError);
            expect(error!.wsmanCode).to.equal(row.code);
            expect(error!.message).to.match(row.message);
        });
    }

    it("a response without a fault yields none", () => {
        expect(faultOf(parseXml("<s:Envelope><s:Body/></s:Envelope>"), "h")).to.equal(undefined);
    });

    it("reads the ShellId from the Create response selector", () => {
        const xml = `<s:Envelope><s:Body><x:ResourceCreated><a:ReferenceParameters><w:SelectorSet><w:Selector Name="ShellId">ABC</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated></s:Body></s:Envelope>`;
        expect(shellIdOf(parseXml(xml), "h")).to.equal("ABC");
    });

    it("reads streams, Done state and a negative exit code (unsigned on the wire) from Receive", () => {
        const b64 = (text: string) => Buffer.from(text).toString("base64");
        const xml =
            `<s:Envelope><s:Body><rsp:ReceiveResponse>` +
            `<rsp:Stream Name="stdout" CommandId="C">${b64("a")}</rsp:Stream><rsp:Stream Name="stderr" CommandId="C">${b64("e")}</rsp:Stream>` +
            `<rsp:Stream Name="stdout" CommandId="C">${b64("b")}</rsp:Stream><rsp:Stream Name="stdout" CommandId="C" End="true"></rsp:Stream>` +
            `<rsp:CommandState CommandId="C" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>2147942405</rsp:ExitCode></rsp:CommandState>` +
            `</rsp:ReceiveResponse></s:Body></s:Envelope>`;
        const output = receivedOutputOf(parseXml(xml));
        expect({
            ...output,
            stdout: output.stdout.toString(),
            stderr: output.stderr.toString(),
        }).to.deep.equal({
            stdout: "ab",
            stderr: "e",
            done: true,
            exitCode: 2147942405 | 0,
        });
    });

    it("a Running state is not done and has no exit code", () => {
        const xml = `<s:Envelope><s:Body><rsp:ReceiveResponse><rsp:CommandState CommandId="C" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Running"/></rsp:ReceiveResponse></s:Body></s:Envelope>`;
        expect(receivedOutputOf(parseXml(xml))).to.include({ done: false, exitCode: null });
    });
});

describe("XML reader", () => {
    const rows: { name: string; xml: string; text: string }[] = [
        { name: "entities", xml: "<a>&lt;&amp;&gt;&quot;&apos;&#65;&#x42;</a>", text: `<&>"'AB` },
        { name: "CDATA", xml: "<a><![CDATA[<raw>&]]></a>", text: "<raw>&" },
        {
            name: "declaration and comment",
            xml: `<?xml version="1.0"?><!-- c --><a>x</a>`,
            text: "x",
        },
    ];
    for (const row of rows) {
        it(`decodes ${row.name}`, () => {
            expect(deepText(parseXml(row.xml))).to.equal(row.text);
        });
    }

    it("refuses mismatched tags", () => {
        expect(() => parseXml("<a><b></a></b>")).to.throw(/malformed/);
    });
});
