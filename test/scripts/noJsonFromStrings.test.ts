import { expect } from "chai";
import { hostModuleFiles } from "../../provider/drivers/windows/hostModule";
import type { JsonFromStringsFinding } from "../support/jsonFromStrings";
import { describeJsonFromStrings, findJsonFromStrings } from "../support/jsonFromStrings";

type Pattern = JsonFromStringsFinding["pattern"];

const cases: { name: string; source: string; found: [number, Pattern][] }[] = [
    {
        name: "a request spliced around an ID",
        source: `$request = '{"ResourceType":"Endpoint","Settings":{"EndpointId":"' + $id + '"}}'`,
        found: [[1, "literal concatenated with +"]],
    },
    {
        name: "an array closed by a literal",
        source: `$text = $head + ']'`,
        found: [[1, "literal concatenated with +"]],
    },
    {
        name: "a key written as text",
        source: `$parts.Add('"alias":' + $value)`,
        found: [[1, "literal concatenated with +"]],
    },
    {
        name: "a double-quoted object opening",
        source: `$doc = "{" + $fields`,
        found: [[1, "literal concatenated with +"]],
    },
    {
        name: "a list joined with commas",
        source: `return ('[' + ($kept -join ',') + ']')`,
        found: [
            [1, "literal concatenated with +"],
            [1, "-join building JSON"],
        ],
    },
    {
        name: "a join with a colon separator",
        source: `$pair = @($key, $value) -join ':'`,
        found: [[1, "-join building JSON"]],
    },
    {
        name: "a field spliced in by cutting the document",
        source: `return ($field + $body.Substring(1))`,
        found: [[1, "Substring on JSON text"]],
    },
    {
        name: "findings carry their line",
        source: `$ok = 1\n\n$bad = '[' + $x`,
        found: [[3, "literal concatenated with +"]],
    },
    {
        name: "an error message joined with + passes",
        source: `throw ('pulumi-l2bridge: no batch step is named "' + $op + '" (see ' + $url + ')')`,
        found: [],
    },
    {
        name: "hex digits joined with an empty separator pass",
        source: `return ((@($hash) | ForEach-Object { $_.ToString('x2') }) -join '')`,
        found: [],
    },
    {
        name: "a constant JSON literal not joined to anything passes",
        source: `$query = '{"SchemaVersion":{"Major":2,"Minor":0}}'`,
        found: [],
    },
    {
        name: "an object serialised once passes",
        source: `return (ConvertTo-Json -InputObject ([ordered]@{ kind = 'absent' }) -Depth 10 -Compress)`,
        found: [],
    },
    {
        name: "comment lines and here-strings are not code",
        source: `# '{"a":' + $b\n$s = @'\n$x = '[' + $y\n'@\n$z = 1`,
        found: [],
    },
];

describe("the host module builds no JSON from strings", () => {
    for (const c of cases) {
        it(c.name, () => {
            expect(findJsonFromStrings(c.source).map((f) => [f.line, f.pattern])).to.deep.equal(
                c.found,
            );
        });
    }

    it("a finding's message names the file, line, pattern and fix", () => {
        const message = describeJsonFromStrings(
            "PulumiL2Bridge.psm1",
            findJsonFromStrings(`$x = 1\n$t = '{"a":' + $b`),
        );
        expect(message).to.equal(
            `PulumiL2Bridge.psm1:2: literal concatenated with + builds JSON from strings: $t = '{"a":' + $b. ` +
                "Fix: build an [ordered]@{} or [pscustomobject] and serialise it once with ConvertTo-L2bJson " +
                "(ConvertTo-Json -Depth 10 -Compress); carry HNS's JSON text as a string value for the driver " +
                "to parse; to change a document, set a property on the parsed object (Add-Member -Force)",
        );
    });

    it("PulumiL2Bridge.psm1 has none", () => {
        const findings = findJsonFromStrings(hostModuleFiles().module);
        expect(
            findings,
            describeJsonFromStrings("host/windows/PulumiL2Bridge.psm1", findings),
        ).to.deep.equal([]);
    });

    it("the C# bindings (HcnBinding.cs, IpHelperBinding.cs) have none", () => {
        const findings = findJsonFromStrings(hostModuleFiles().binding);
        expect(
            findings,
            describeJsonFromStrings("host/windows/HcnBinding.cs + IpHelperBinding.cs", findings),
        ).to.deep.equal([]);
    });
});
