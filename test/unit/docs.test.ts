/**
 * The docs cannot drift from the code: every option of every resource and component (read from
 * the TSDoc of its argument interface with the TypeScript parser) has a row in its doc's option
 * table whose default is the TSDoc `@default` and whose Change column is what the code does (a
 * resource's replace keys from its provider configuration; a component's effect on its children,
 * found by building it under mocks), and the TSDoc of each top-level resource option says the same
 * (replaces, applies in place, or replaces on Windows and applies in place on Linux). Every output
 * has a row. The README stays short and indexes
 * every doc, and every link resolves to a file the npm package ships.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { connectionReplaceFields } from "../../provider/resources/diffByKeys";
import type { Registration } from "../../tools/pulumi-mocks/mockRecorder";
import { childrenOf, compareChildren, effectsText, installMocks } from "./docs/componentChanges";
import { componentSamples } from "./docs/componentSamples";
import { kindConfigs } from "./docs/kindConfigs";
import type { MarkdownTable } from "./docs/markdownDoc";
import { linksOf, MarkdownDoc, optionPathOf, plainCell } from "./docs/markdownDoc";
import type { SourceClass, SourceOption } from "./docs/packageSource";
import { entryFiles, PackageSource, repositoryRoot } from "./docs/packageSource";

const readmeMaxLines = 250;
const optionHeader = ["Option", "Type", "Default", "Change", "Description"];
const outputHeader = ["Output", "Type", "Description"];

const source = new PackageSource();
const classes = source.classes();
const configs = kindConfigs();

function relative(file: string): string {
    return path.relative(repositoryRoot, file);
}

function docPathOf(entry: SourceClass): string {
    const folder = entry.kind === "resource" ? "resources" : "components";
    return path.join(repositoryRoot, "docs", folder, `${entry.name}.md`);
}

function loadDoc(file: string): MarkdownDoc | undefined {
    return fs.existsSync(file) ? new MarkdownDoc(file) : undefined;
}

/** Every markdown file of the docs: README, CONTRIBUTING and everything under docs/. */
function markdownFiles(): string[] {
    const found: string[] = [];
    const walk = (directory: string) => {
        for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
            const full = path.join(directory, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else if (entry.name.endsWith(".md")) {
                found.push(full);
            }
        }
    };
    const docs = path.join(repositoryRoot, "docs");
    if (fs.existsSync(docs)) {
        walk(docs);
    }
    return [
        path.join(repositoryRoot, "README.md"),
        path.join(repositoryRoot, "CONTRIBUTING.md"),
        ...found.sort(),
    ];
}

function rowsByOption(table: MarkdownTable | undefined): Map<string, Record<string, string>> {
    const rows = new Map<string, Record<string, string>>();
    for (const row of table?.rows ?? []) {
        const option = optionPathOf(row[table?.header[0] ?? ""] ?? "");
        if (option) {
            rows.set(option, row);
        }
    }
    return rows;
}

/** What the Default cell must say: the TSDoc `@default`, else "required" or "unset". */
function expectedDefault(option: SourceOption): string {
    return option.defaultText ?? (option.optional ? "unset" : "required");
}

function listText(items: readonly string[]): string {
    return items.length < 2
        ? items.join("")
        : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** What a resource's Change cell must say for a top-level key, from its provider configuration. */
function resourceChange(className: string, topKey: string): string {
    const config = configs.get(className);
    if (!config) {
        throw new Error(`no provider configuration has className ${className}`);
    }
    if (topKey === "connection") {
        return `replace when ${listText(connectionReplaceFields)} changes, else in place`;
    }
    if (config.replaceKeys.includes(topKey)) {
        return "replace";
    }
    if (config.windowsReplaceKeys?.includes(topKey)) {
        return "replace on Windows, in place on Linux";
    }
    return "in place";
}

/** Words an option's TSDoc must hold to say what a change of it does (`resourceChange`). */
function changeWords(change: string): RegExp {
    if (change === "replace") return /\breplaces\b/;
    if (change === "in place") return /\bin place\b/;
    if (change === "replace on Windows, in place on Linux") {
        return /\breplaces\b[^.]*\bon Windows\b[^.]*\bin place on Linux\b/;
    }
    return /\breplaces\b/;
}

/** The linked section a row's Type cell points to, as `{ doc, anchor }`. */
function linkedSection(
    docFile: string,
    row: Record<string, string>,
): { doc: MarkdownDoc; anchor: string } | undefined {
    const link = linksOf(row.Type ?? "").find((target) => !/^[a-z]+:/.test(target));
    if (!link) {
        return undefined;
    }
    const [file, anchor = ""] = link.split("#");
    const target = file === "" ? docFile : path.resolve(path.dirname(docFile), file);
    const doc = loadDoc(target);
    if (!doc) {
        throw new Error(`${relative(docFile)}: the type link ${link} names no file`);
    }
    return { doc, anchor };
}

/**
 * Where an option must be documented: in its own doc's option table, or, when an ancestor's row
 * links its type to another doc section, in that section's option table under the path relative
 * to the ancestor.
 */
function placeOf(
    docFile: string,
    rows: Map<string, Record<string, string>>,
    option: SourceOption,
    options: SourceOption[],
): { table: Map<string, Record<string, string>>; path: string; where: string; linked: boolean } {
    const ancestors = options.filter(
        (candidate) =>
            candidate.nestedInterface &&
            (option.path.startsWith(`${candidate.path}.`) ||
                option.path.startsWith(`${candidate.path}[].`)),
    );
    for (const ancestor of ancestors) {
        const row = rows.get(ancestor.path);
        const linked = row && linkedSection(docFile, row);
        if (linked) {
            const rest = option.path.slice(ancestor.path.length).replace(/^(\[\])?\./, "");
            const table = linked.doc.table(linked.anchor, "Option");
            return {
                table: rowsByOption(table),
                path: rest,
                where: `${relative(linked.doc.file)}#${linked.anchor}`,
                linked: true,
            };
        }
    }
    return { table: rows, path: option.path, where: relative(docFile), linked: false };
}

/** A component's Change cell as a sorted list of `<child> <effect>` items. */
function effectItems(text: string): string[] {
    return text
        .split(",")
        .map((item) => item.trim())
        .sort();
}

function optionTableOf(doc: MarkdownDoc | undefined, docFile: string): MarkdownTable {
    expect(doc, `${relative(docFile)} is missing`).to.not.equal(undefined);
    const table = (doc as MarkdownDoc).table("options", "Option");
    expect(table, `${relative(docFile)} has no "## Options" table`).to.not.equal(undefined);
    return table as MarkdownTable;
}

type ComponentConstructor = new (name: string, args: unknown) => unknown;

/**
 * Every class the entry points export, by exported name; when several entry points export one name
 * (the cluster of the package root and its subclass of `pulumi-l2bridge/azure`), the most derived.
 */
function componentConstructors(): Record<string, ComponentConstructor> {
    const found: Record<string, ComponentConstructor> = {};
    for (const entry of entryFiles()) {
        const exported = require(entry) as Record<string, unknown>;
        for (const [name, value] of Object.entries(exported)) {
            if (typeof value !== "function") {
                continue;
            }
            const known = found[name];
            if (!known || value.prototype instanceof known) {
                found[name] = value as ComponentConstructor;
            }
        }
    }
    return found;
}

describe("docs", function () {
    describe("README.md", () => {
        const readme = new MarkdownDoc(path.join(repositoryRoot, "README.md"));

        it(`is at most ${readmeMaxLines} lines`, () => {
            expect(readme.lineCount).to.be.at.most(readmeMaxLines);
        });

        it("links every doc under docs/ and CONTRIBUTING.md", () => {
            const linked = new Set(
                readme.links.map((link) => path.resolve(repositoryRoot, link.target.split("#")[0])),
            );
            const unlinked = markdownFiles()
                .slice(1)
                .filter((file) => !linked.has(file))
                .map(relative);
            expect(unlinked, "docs the README does not link").to.deep.equal([]);
        });
    });

    describe("links", () => {
        for (const file of markdownFiles()) {
            it(`every link in ${relative(file)} resolves to a file and heading`, () => {
                const doc = new MarkdownDoc(file);
                const broken: string[] = [];
                for (const link of doc.links) {
                    if (/^[a-z]+:/.test(link.target)) {
                        continue;
                    }
                    const [target, anchor] = link.target.split("#");
                    const resolved =
                        target === "" ? file : path.resolve(path.dirname(file), target);
                    if (!fs.existsSync(resolved)) {
                        broken.push(`line ${link.line}: ${link.target} (no such file)`);
                    } else if (anchor && resolved.endsWith(".md")) {
                        if (!new MarkdownDoc(resolved).section(anchor)) {
                            broken.push(`line ${link.line}: ${link.target} (no such heading)`);
                        }
                    }
                }
                expect(broken).to.deep.equal([]);
            });
        }

        it("every link of a shipped doc points to a file the npm package ships", function () {
            this.timeout(60000);
            const packed = JSON.parse(
                execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
                    cwd: repositoryRoot,
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "ignore"],
                }),
            ) as { files: { path: string }[] }[];
            const shipped = new Set(packed[0].files.map((entry) => entry.path));
            const missing: string[] = [];
            for (const file of markdownFiles().filter((candidate) =>
                shipped.has(relative(candidate)),
            )) {
                for (const link of new MarkdownDoc(file).links) {
                    const [target] = link.target.split("#");
                    if (/^[a-z]+:/.test(link.target) || target === "") {
                        continue;
                    }
                    const resolved = relative(path.resolve(path.dirname(file), target));
                    if (!shipped.has(resolved)) {
                        missing.push(`${relative(file)} line ${link.line}: ${resolved}`);
                    }
                }
            }
            expect(missing, 'links to files package.json "files" leaves out').to.deep.equal([]);
        });
    });

    describe("docs/transports.md HostConnection", () => {
        const file = path.join(repositoryRoot, "docs/transports.md");
        const rows = rowsByOption(loadDoc(file)?.table("hostconnection", "Option"));
        for (const option of source.options("HostConnection")) {
            const change = (connectionReplaceFields as readonly string[]).includes(option.topKey)
                ? "replace"
                : "in place";
            it(`documents ${option.path}: default "${expectedDefault(option)}", ${change}`, () => {
                const row = rows.get(option.path);
                expect(
                    row,
                    `no row for ${option.path} in ${relative(file)}#hostconnection`,
                ).to.not.equal(undefined);
                expect(plainCell(row?.Default ?? "")).to.equal(plainCell(expectedDefault(option)));
                expect(plainCell(row?.Change ?? "")).to.equal(change);
            });
        }
    });

    for (const entry of classes.filter((candidate) => candidate.kind === "resource")) {
        describe(`docs/resources/${entry.name}.md`, () => {
            const file = docPathOf(entry);
            const doc = loadDoc(file);
            const rows = rowsByOption(doc?.table("options", "Option"));
            const options = source.options(entry.argsInterface);

            it(`has the option table ${optionHeader.join(" | ")}`, () => {
                expect(optionTableOf(doc, file).header).to.deep.equal(optionHeader);
            });

            for (const option of options) {
                const change = resourceChange(entry.name, option.topKey);
                it(`documents ${option.path}: default "${expectedDefault(option)}", ${change}`, () => {
                    const place = placeOf(file, rows, option, options);
                    const row = place.table.get(place.path);
                    expect(row, `no row for ${place.path} in ${place.where}`).to.not.equal(
                        undefined,
                    );
                    expect(plainCell(row?.Default ?? ""), `default of ${option.path}`).to.equal(
                        plainCell(expectedDefault(option)),
                    );
                    if (!place.linked) {
                        expect(plainCell(row?.Change ?? ""), `change of ${option.path}`).to.equal(
                            change,
                        );
                    }
                });
            }

            for (const option of options.filter(
                (candidate) => candidate.path === candidate.topKey,
            )) {
                const change = resourceChange(entry.name, option.topKey);
                it(`the TSDoc of ${option.path} says how a change applies: ${change}`, () => {
                    expect(
                        option.summary,
                        `TSDoc of ${entry.argsInterface}.${option.path}`,
                    ).to.match(changeWords(change));
                });
            }

            for (const output of entry.outputs) {
                it(`documents the output ${output}`, () => {
                    const table = doc?.table("outputs", "Output");
                    expect(table?.header, `${relative(file)} "## Outputs" table`).to.deep.equal(
                        outputHeader,
                    );
                    expect([...rowsByOption(table).keys()]).to.include(output);
                });
            }
        });
    }

    describe("components", function () {
        let mocks: Awaited<ReturnType<typeof installMocks>>;
        let constructors: Record<string, ComponentConstructor>;
        const baseChildren = new Map<string, Registration[]>();

        before(async function () {
            // Loading the Azure SDK modules takes long on a busy two-core machine.
            this.timeout(180000);
            mocks = await installMocks();
            constructors = componentConstructors();
        });

        async function baseOf(name: string): Promise<Registration[]> {
            const known = baseChildren.get(name);
            if (known) {
                return known;
            }
            const children = await childrenOf(
                mocks,
                () => new constructors[name]("c", componentSamples[name].base()),
            );
            baseChildren.set(name, children);
            return children;
        }

        for (const entry of classes.filter((candidate) => candidate.kind === "component")) {
            describe(`docs/components/${entry.name}.md`, () => {
                const file = docPathOf(entry);
                const doc = loadDoc(file);
                const rows = rowsByOption(doc?.table("options", "Option"));
                const options = source.options(entry.argsInterface);
                const sample = componentSamples[entry.name];

                it(`has the option table ${optionHeader.join(" | ")}`, () => {
                    expect(optionTableOf(doc, file).header).to.deep.equal(optionHeader);
                });

                for (const option of options) {
                    it(`documents ${option.path}: default "${expectedDefault(option)}" and what a change does to the children`, async function () {
                        this.timeout(60000);
                        const place = placeOf(file, rows, option, options);
                        const row = place.table.get(place.path);
                        expect(row, `no row for ${place.path} in ${place.where}`).to.not.equal(
                            undefined,
                        );
                        expect(plainCell(row?.Default ?? ""), `default of ${option.path}`).to.equal(
                            plainCell(expectedDefault(option)),
                        );
                        if (place.linked) {
                            return;
                        }
                        let change = "per field";
                        if (!option.nestedInterface) {
                            const changeOf = sample?.changes[option.path];
                            expect(
                                changeOf,
                                `test/unit/docs/componentSamples.ts has no change for ${entry.name} ${option.path}`,
                            ).to.be.a("function");
                            const args = sample.base();
                            (changeOf as (args: Record<string, unknown>) => void)(args);
                            const before = await baseOf(entry.name);
                            const after = await childrenOf(
                                mocks,
                                () => new constructors[entry.name]("c", args),
                            );
                            change = effectsText(
                                compareChildren(before, after, "c", sample.hostNames, configs),
                            );
                        }
                        expect(
                            effectItems(plainCell(row?.Change ?? "")),
                            `change of ${option.path}`,
                        ).to.deep.equal(effectItems(change));
                    });
                }

                for (const output of entry.outputs) {
                    it(`documents the output ${output}`, () => {
                        const table = doc?.table("outputs", "Output");
                        expect(table?.header, `${relative(file)} "## Outputs" table`).to.deep.equal(
                            outputHeader,
                        );
                        expect([...rowsByOption(table).keys()]).to.include(output);
                    });
                }
            });
        }
    });
});
