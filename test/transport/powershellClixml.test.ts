import { expect } from "chai";
import {
    clixmlToText,
    decodeClixmlEscapes,
    decodeClixmlRecords,
    isClixml,
} from "../../provider/transport/powershell/clixml";

const OBJS_OPEN =
    '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';

/** Recorded shape of PowerShell 5.1 stderr for `Write-Error 'Cannot bind <x> & "y"'`. */
const SINGLE_ERROR =
    "#< CLIXML\r\n" +
    OBJS_OPEN +
    '<S S="Error">Cannot bind &lt;x&gt; &amp; "y"_x000D__x000A_</S>' +
    '<S S="Error">    + CategoryInfo          : NotSpecified_x000D__x000A_</S>' +
    "</Objs>";

/** A progress record first, then a second document after a repeated header (two roots). */
const PROGRESS_THEN_TWO_ROOTS =
    "#< CLIXML\r\n" +
    OBJS_OPEN +
    '<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN>' +
    '<MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV></PR></MS></Obj>' +
    "</Objs>\r\n#< CLIXML\r\n" +
    OBJS_OPEN +
    '<S S="warning">disk almost full</S><S S="Error">boom_x000A_</S>' +
    "</Objs>";

describe("CLIXML stderr decoding", () => {
    const escapes: [string, string, string][] = [
        ["CRLF", "a_x000D__x000A_b", "a\r\nb"],
        ["a surrogate pair joins into one character", "_xD83D__xDE00_", "😀"],
        ["an escaped underscore keeps the following text literal", "_x005F_x000A_", "_x000A_"],
        ["ESC of an ANSI colour sequence", "_x001B_[91mred", "\u001b[91mred"],
        ["text without escapes is unchanged", "plain_text_x", "plain_text_x"],
    ];
    for (const [what, input, expected] of escapes) {
        it(`escape: ${what}`, () => {
            expect(decodeClixmlEscapes(input)).to.equal(expected);
        });
    }

    it("recognises CLIXML by its header only", () => {
        expect([isClixml(SINGLE_ERROR), isClixml("plain error text")]).to.deep.equal([true, false]);
    });

    it("decodes the records of one document with XML entities and escapes", () => {
        expect(decodeClixmlRecords(SINGLE_ERROR)).to.deep.equal([
            { stream: "Error", text: 'Cannot bind <x> & "y"\r\n' },
            { stream: "Error", text: "    + CategoryInfo          : NotSpecified\r\n" },
        ]);
    });

    it("decodes every <Objs> root and ignores progress records", () => {
        expect(decodeClixmlRecords(PROGRESS_THEN_TWO_ROOTS)).to.deep.equal([
            { stream: "warning", text: "disk almost full" },
            { stream: "Error", text: "boom\n" },
        ]);
    });

    it("renders errors as text and labels other streams", () => {
        expect(clixmlToText(PROGRESS_THEN_TWO_ROOTS)).to.equal("WARNING: disk almost fullboom");
    });

    it("returns non-CLIXML stderr unchanged", () => {
        expect(clixmlToText("sh: 1: powershell.exe: not found\n")).to.equal(
            "sh: 1: powershell.exe: not found\n",
        );
    });
});
