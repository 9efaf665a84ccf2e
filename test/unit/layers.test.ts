/**
 * The package's layers are held by lint, and this proves the lint rules are there: each row lints
 * a one-line import as if it were a file at `file`, with the repository's own ESLint configuration,
 * and expects the boundary rule to fire with its message, or nothing for an import that is allowed.
 * Without it, a rule dropped from eslint.config.js would let imports climb the layers unnoticed.
 * The tree itself is checked by `npm run lint`; this does not look at the package's real files.
 */
import { expect } from "chai";
import type { Linter } from "eslint";
import { ESLint } from "eslint";
import * as path from "path";

const repositoryRoot = path.resolve(__dirname, "../..");

const messages = {
    provider: "provider/ is the bottom of the package",
    model: "provider/model is the bottom layer",
    validate: "provider/validate is pure",
    transport: "provider/transport sits below the drivers",
    drivers: "provider/drivers sits below the resources",
    noTest: "bench/ and lab/ import no test/ file",
};

interface Case {
    name: string;
    /** Where the snippet pretends to live, relative to the repository root. */
    file: string;
    /** The module it imports. */
    from: string;
    /** The start of the message expected, or undefined when the import is allowed. */
    refused?: string;
}

const cases: Case[] = [
    {
        name: "a driver may not import the SDK",
        file: "provider/drivers/linux/x.ts",
        from: "../../../sdk/common",
        refused: messages.provider,
    },
    {
        name: "a resource provider may not import a component",
        file: "provider/resources/x.ts",
        from: "../../components/l2BridgeCluster",
        refused: messages.provider,
    },
    {
        name: "a transport may not import a test file",
        file: "provider/transport/x.ts",
        from: "../../test/support/fakeClock",
        refused: messages.provider,
    },
    {
        name: "a resource provider may not import the lab",
        file: "provider/resources/x.ts",
        from: "../../lab/sshd",
        refused: messages.provider,
    },
    {
        name: "a resource provider may not import a benchmark",
        file: "provider/resources/x.ts",
        from: "../../bench/preview",
        refused: messages.provider,
    },
    {
        name: "a validator may not import the test tools",
        file: "provider/validate/x.ts",
        from: "../../tools/pulumi-mocks/mockRecorder",
        refused: messages.provider,
    },
    {
        name: "the model may not import the SDK either",
        file: "provider/model/x.ts",
        from: "../../sdk/hostConnection",
        refused: messages.provider,
    },
    {
        name: "the model may not import a validator",
        file: "provider/model/x.ts",
        from: "../validate/cidr",
        refused: messages.model,
    },
    {
        name: "the model may not import a transport",
        file: "provider/model/x.ts",
        from: "../transport/types",
        refused: messages.model,
    },
    {
        name: "the model may not import a driver",
        file: "provider/model/x.ts",
        from: "../drivers/hostDriver",
        refused: messages.model,
    },
    {
        name: "the model may not import a resource provider",
        file: "provider/model/x.ts",
        from: "../resources/kindConfig",
        refused: messages.model,
    },
    {
        name: "a validator may not import a driver",
        file: "provider/validate/x.ts",
        from: "../drivers/hostDriver",
        refused: messages.validate,
    },
    {
        name: "a validator may not import a transport",
        file: "provider/validate/x.ts",
        from: "../transport/types",
        refused: messages.validate,
    },
    {
        name: "a validator may not import a resource provider",
        file: "provider/validate/x.ts",
        from: "../resources/kindConfig",
        refused: messages.validate,
    },
    {
        name: "a transport may not import a driver",
        file: "provider/transport/ssh/x.ts",
        from: "../../drivers/registry",
        refused: messages.transport,
    },
    {
        name: "a transport may not import a resource provider",
        file: "provider/transport/x.ts",
        from: "../resources/kindConfig",
        refused: messages.transport,
    },
    {
        name: "a driver may not import a resource provider",
        file: "provider/drivers/windows/kinds/x.ts",
        from: "../../../resources/kindConfig",
        refused: messages.drivers,
    },
    {
        name: "a benchmark may not import a test file",
        file: "bench/x.ts",
        from: "../test/support/fakeClock",
        refused: messages.noTest,
    },
    {
        name: "the lab may not import a test file",
        file: "lab/x.ts",
        from: "../test/transport/sshLabFixture",
        refused: messages.noTest,
    },
    {
        name: "a validator may import the model",
        file: "provider/validate/x.ts",
        from: "../model/hostConnection",
    },
    { name: "a model file may import another", file: "provider/model/x.ts", from: "./hostBound" },
    {
        name: "a transport may import a validator",
        file: "provider/transport/ssh/x.ts",
        from: "../../validate/connection",
    },
    {
        name: "a driver may import a transport",
        file: "provider/drivers/x.ts",
        from: "../transport/types",
    },
    {
        name: "a resource provider may import a driver",
        file: "provider/resources/x.ts",
        from: "../drivers/hostDriver",
    },
    {
        name: "the SDK may import the provider",
        file: "sdk/x.ts",
        from: "../provider/resources/trampolines",
    },
    {
        name: "a component may import the SDK",
        file: "components/x.ts",
        from: "../sdk/l2BridgeNetwork",
    },
    {
        name: "the lab may import the model",
        file: "lab/x.ts",
        from: "../provider/model/hostConnection",
    },
    {
        name: "a benchmark may import the test tools",
        file: "bench/x.ts",
        from: "../tools/pulumi-mocks/mockRecorder",
    },
    { name: "a test may import a test file", file: "test/unit/x.ts", from: "../support/fakeClock" },
    {
        name: "a package import is never a layer",
        file: "provider/model/x.ts",
        from: "@pulumi/pulumi",
    },
];

/**
 * The repository's configuration without the rules that need type information, so a snippet
 * that is not a file of the project can be linted on its own.
 */
function linter(): ESLint {
    return new ESLint({
        cwd: repositoryRoot,
        overrideConfig: {
            languageOptions: { parserOptions: { projectService: false, project: null } },
            rules: {
                "@pulumi/no-output-in-template-literal": "off",
                "@pulumi/no-output-instance-in-template-literal": "off",
            },
        },
    });
}

async function lint(eslint: ESLint, file: string, text: string): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(text, { filePath: path.join(repositoryRoot, file) });
    return result.messages;
}

describe("layers are enforced by lint", function () {
    this.timeout(60000);
    let eslint: ESLint;

    before(() => {
        eslint = linter();
    });

    for (const row of cases) {
        it(`${row.name} (${row.file} imports ${row.from})`, async () => {
            const text = `import type { Imported } from "${row.from}";\nexport type Used = Imported;\n`;
            const found = (await lint(eslint, row.file, text)).filter(
                (message) => message.ruleId === "no-restricted-imports",
            );
            if (row.refused) {
                expect(found, "one refusal").to.have.length(1);
                expect(found[0].message).to.contain(`'${row.from}' import is restricted`);
                expect(found[0].message).to.contain(row.refused);
                expect(found[0].severity, "an error").to.equal(2);
            } else {
                expect(found.map((message) => message.message)).to.deep.equal([]);
            }
        });
    }

    it("an import used only as a type must say `import type`", async () => {
        const text = `import { HostConnection } from "../model/hostConnection";\nexport type Used = HostConnection;\n`;
        const found = (await lint(eslint, "provider/validate/x.ts", text)).filter(
            (message) => message.ruleId === "@typescript-eslint/consistent-type-imports",
        );
        expect(found.map((message) => [message.severity, message.message])).to.deep.equal([
            [2, "All imports in the declaration are only used as types. Use `import type`."],
        ]);
    });

    it("an import used as a value stays a plain import", async () => {
        const text = `import { timeoutDefaults } from "../model/timeoutDefaults";\nexport const connect = timeoutDefaults.connectSeconds;\n`;
        const found = (await lint(eslint, "provider/validate/x.ts", text)).map(
            (message) => message.ruleId,
        );
        expect(found).to.deep.equal([]);
    });
});
