// Lint configuration: typescript-eslint's recommended rules plus Pulumi's own plugin, which
// catches Outputs interpolated into template literals (it needs type information), type-only
// imports written as such, and the layers of the package (see `layerRules` below).
const tseslint = require("typescript-eslint");
const pulumi = require("@pulumi/eslint-plugin");

/**
 * A relative import (`./x`, `../../x/y`) that passes through a folder with one of `names`.
 * Package imports such as `@pulumi/pulumi` never match.
 */
function relativeThrough(names) {
    return `^\\.\\.?/(?:[^/]+/)*(?:${names.join("|")})(?:/|$)`;
}

/** What code under provider/ may never import: it runs in the provider process, below the SDK. */
const providerPatterns = [
    {
        regex: `^(?:\\.\\./)+(?:sdk|components|lab|bench|test|tools)(?:/|$)`,
        message:
            "provider/ is the bottom of the package: it may not import sdk/, components/, lab/, bench/, test/ or tools/ (take plain types from provider/model).",
    },
];

/**
 * Imports run downwards only: sdk → provider/resources → drivers → transport, with validate and
 * model at the bottom; lab/ and bench/ import no test/ file. Later entries replace earlier ones for
 * the files they match, so each repeats the provider-wide patterns.
 */
const layerRules = [
    { files: ["provider/**/*.ts"], patterns: providerPatterns },
    {
        files: ["provider/model/**/*.ts"],
        patterns: [
            ...providerPatterns,
            {
                regex: relativeThrough(["validate", "resources", "drivers", "transport"]),
                message:
                    "provider/model is the bottom layer: it may not import validate/, resources/, drivers/ or transport/.",
            },
        ],
    },
    {
        files: ["provider/validate/**/*.ts"],
        patterns: [
            ...providerPatterns,
            {
                regex: relativeThrough(["resources", "drivers", "transport"]),
                message:
                    "provider/validate is pure: it may import only provider/model, not resources/, drivers/ or transport/.",
            },
        ],
    },
    {
        files: ["provider/transport/**/*.ts"],
        patterns: [
            ...providerPatterns,
            {
                regex: relativeThrough(["drivers", "resources"]),
                message:
                    "provider/transport sits below the drivers: it may not import drivers/ or resources/.",
            },
        ],
    },
    {
        files: ["provider/drivers/**/*.ts"],
        patterns: [
            ...providerPatterns,
            {
                regex: relativeThrough(["resources"]),
                message: "provider/drivers sits below the resources: it may not import resources/.",
            },
        ],
    },
    {
        files: ["bench/**/*.ts", "lab/**/*.ts"],
        patterns: [
            {
                regex: `^(?:\\.\\./)+test(?:/|$)`,
                message:
                    "bench/ and lab/ import no test/ file: move what they share with the tests to lab/ or tools/.",
            },
        ],
    },
].map(({ files, patterns }) => ({
    files,
    rules: { "no-restricted-imports": ["error", { patterns }] },
}));

module.exports = tseslint.config(
    {
        ignores: [
            "node_modules/**",
            "dist/**",
            "examples/*/node_modules/**",
            "examples/*/bin/**",
            "eslint.config.js",
        ],
    },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: __dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            // `import type` for what is only a type; `typeof import("…")` stays allowed for the
            // lazy `require` of modules the provider loads only when it needs them.
            "@typescript-eslint/consistent-type-imports": [
                "error",
                {
                    prefer: "type-imports",
                    fixStyle: "separate-type-imports",
                    disallowTypeAnnotations: false,
                },
            ],
        },
    },
    ...layerRules,
);
