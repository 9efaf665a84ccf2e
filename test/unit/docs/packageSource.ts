/**
 * The package's public classes and the options they take, read from the TypeScript sources with the
 * compiler's parser: every class exported from an entry point that extends `pulumi.dynamic.Resource`
 * (a resource) or `pulumi.ComponentResource` (a component), the interface of its arguments, every
 * field of that interface at any depth with its TSDoc `@default`, and its outputs.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** Root of the repository. */
export const repositoryRoot = path.resolve(__dirname, "../../..");

/** One documented option: a field of an argument interface, at any depth. */
export interface SourceOption {
    /** Path as written in the docs: `dns.servers`, `routes[].metric`. */
    path: string;
    /** The top-level field it belongs to (what a resource's diff compares). */
    topKey: string;
    /** The field is optional (`?`). */
    optional: boolean;
    /** Text of the TSDoc `@default` tag, if any. */
    defaultText?: string;
    /** The TSDoc text before its tags, whitespace collapsed ("" when there is none). */
    summary: string;
    /** The interface of the field's value, when it is one of the package's own interfaces. */
    nestedInterface?: string;
}

/** A public class of the package. */
export interface SourceClass {
    name: string;
    kind: "resource" | "component";
    /** Name of the interface that documents its arguments. */
    argsInterface: string;
    /** Its outputs: for a resource the declared fields that are not inputs, for a component its public fields. */
    outputs: string[];
}

interface Declarations {
    interfaces: Map<string, ts.InterfaceDeclaration>;
    aliases: Map<string, ts.TypeAliasDeclaration>;
    classes: Map<string, ts.ClassDeclaration>;
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

function resolveModule(fromFile: string, specifier: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].find((candidate) =>
        fs.existsSync(candidate),
    );
}

function moduleSpecifiers(source: ts.SourceFile): { specifier: string; isExport: boolean }[] {
    const found: { specifier: string; isExport: boolean }[] = [];
    for (const statement of source.statements) {
        if (
            (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
            statement.moduleSpecifier &&
            ts.isStringLiteral(statement.moduleSpecifier) &&
            statement.moduleSpecifier.text.startsWith(".")
        ) {
            found.push({
                specifier: statement.moduleSpecifier.text,
                isExport: ts.isExportDeclaration(statement),
            });
        }
    }
    return found;
}

/** The package's entry points: every TypeScript file at the repository root (`index.ts`, `azure.ts`). */
export function entryFiles(): string[] {
    return fs
        .readdirSync(repositoryRoot)
        .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
        .map((name) => path.join(repositoryRoot, name));
}

/** Every package source file reachable from an entry point, and those reachable through exports only. */
function reachableFiles(): { all: Map<string, ts.SourceFile>; exported: Set<string> } {
    const entries = entryFiles();
    const all = new Map<string, ts.SourceFile>();
    const exported = new Set<string>(entries);
    const queue = [...entries];
    while (queue.length > 0) {
        const file = queue.shift() as string;
        if (all.has(file)) {
            continue;
        }
        const source = parse(file);
        all.set(file, source);
        for (const { specifier, isExport } of moduleSpecifiers(source)) {
            const target = resolveModule(file, specifier);
            if (!target) {
                continue;
            }
            if (isExport && exported.has(file)) {
                exported.add(target);
            }
            queue.push(target);
        }
    }
    // An exporting file may have been read before a later file was found to export it.
    let grew = true;
    while (grew) {
        grew = false;
        for (const file of exported) {
            for (const { specifier, isExport } of moduleSpecifiers(
                all.get(file) as ts.SourceFile,
            )) {
                const target = resolveModule(file, specifier);
                if (isExport && target && !exported.has(target)) {
                    exported.add(target);
                    grew = true;
                }
            }
        }
    }
    return { all, exported };
}

function isExported(node: ts.Node): boolean {
    return (
        ts.canHaveModifiers(node) &&
        (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    );
}

function collect(files: Iterable<ts.SourceFile>): Declarations {
    const declarations: Declarations = {
        interfaces: new Map(),
        aliases: new Map(),
        classes: new Map(),
    };
    for (const source of files) {
        for (const statement of source.statements) {
            if (ts.isInterfaceDeclaration(statement) && isExported(statement)) {
                declarations.interfaces.set(statement.name.text, statement);
            } else if (ts.isTypeAliasDeclaration(statement) && isExported(statement)) {
                declarations.aliases.set(statement.name.text, statement);
            } else if (ts.isClassDeclaration(statement) && statement.name) {
                declarations.classes.set(statement.name.text, statement);
            }
        }
    }
    return declarations;
}

function typeName(node: ts.EntityName): string {
    return ts.isIdentifier(node) ? node.text : node.right.text;
}

/** The text after `@default` in a node's TSDoc, whitespace collapsed. */
export function defaultTag(node: ts.Node): string | undefined {
    const tag = ts.getJSDocTags(node).find((candidate) => candidate.tagName.text === "default");
    if (!tag) {
        return undefined;
    }
    return (ts.getTextOfJSDocComment(tag.comment) ?? "").replace(/\s+/g, " ").trim();
}

/** The text of a node's TSDoc before its tags, whitespace collapsed. */
export function summaryOf(node: ts.Node): string {
    return ts
        .getJSDocCommentsAndTags(node)
        .filter(ts.isJSDoc)
        .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? "")
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
}

/** The package's source, parsed once. */
export class PackageSource {
    private readonly declarations: Declarations;
    private readonly exportedClasses: string[];

    constructor() {
        const { all, exported } = reachableFiles();
        this.declarations = collect(all.values());
        const exportedClasses = [...exported].flatMap((file) =>
            (all.get(file) as ts.SourceFile).statements
                .filter(
                    (statement): statement is ts.ClassDeclaration =>
                        ts.isClassDeclaration(statement) &&
                        isExported(statement) &&
                        statement.name !== undefined,
                )
                .map((statement) => (statement.name as ts.Identifier).text),
        );
        this.exportedClasses = [...new Set(exportedClasses)];
    }

    /** Every exported resource and component class, resources first, each sorted by name. */
    classes(): SourceClass[] {
        const found: SourceClass[] = [];
        for (const name of this.exportedClasses) {
            const declaration = this.declarations.classes.get(name) as ts.ClassDeclaration;
            const base = (declaration.heritageClauses ?? [])
                .flatMap((clause) => clause.types)
                .map((type) => type.expression.getText());
            const kind = base.includes("pulumi.dynamic.Resource")
                ? "resource"
                : base.includes("pulumi.ComponentResource")
                  ? "component"
                  : undefined;
            if (!kind) {
                continue;
            }
            const argsInterface = this.argsInterfaceOf(declaration);
            const inputs = new Set(this.fieldsOf(argsInterface).map((field) => field.name));
            const fields = declaration.members.filter(
                (member): member is ts.PropertyDeclaration =>
                    ts.isPropertyDeclaration(member) &&
                    !(ts.getModifiers(member) ?? []).some(
                        (m) =>
                            m.kind === ts.SyntaxKind.PrivateKeyword ||
                            m.kind === ts.SyntaxKind.ProtectedKeyword,
                    ),
            );
            const outputs = fields
                .map((field) => field.name.getText())
                .filter((field) => kind === "component" || !inputs.has(field));
            found.push({ name, kind, argsInterface, outputs });
        }
        const order = (entry: SourceClass) => (entry.kind === "resource" ? 0 : 1);
        return found.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
    }

    /** The interface a class's constructor arguments are documented by. */
    private argsInterfaceOf(declaration: ts.ClassDeclaration): string {
        const constructor = declaration.members.find(ts.isConstructorDeclaration);
        const parameter = constructor?.parameters[1]?.type;
        if (!parameter || !ts.isTypeReferenceNode(parameter)) {
            throw new Error(`${declaration.name?.text}: constructor has no named args type`);
        }
        let name = typeName(parameter.typeName);
        // `type XArgs = HostBoundArgs<XProperties>`: the documented interface is the type argument.
        const alias = this.declarations.aliases.get(name);
        if (alias && ts.isTypeReferenceNode(alias.type) && alias.type.typeArguments?.length) {
            const argument = alias.type.typeArguments[0];
            if (ts.isTypeReferenceNode(argument)) {
                name = typeName(argument.typeName);
            }
        }
        if (!this.declarations.interfaces.has(name)) {
            throw new Error(`${declaration.name?.text}: args interface ${name} was not found`);
        }
        return name;
    }

    /** The property signatures of an interface, inherited ones first. */
    fieldsOf(interfaceName: string): { name: string; signature: ts.PropertySignature }[] {
        const declaration = this.declarations.interfaces.get(interfaceName);
        if (!declaration) {
            throw new Error(`interface ${interfaceName} was not found in the package sources`);
        }
        const inherited = (declaration.heritageClauses ?? [])
            .flatMap((clause) => clause.types)
            .filter((type) => ts.isIdentifier(type.expression))
            .flatMap((type) => this.fieldsOf((type.expression as ts.Identifier).text));
        const own = declaration.members
            .filter(ts.isPropertySignature)
            .map((signature) => ({ name: signature.name.getText(), signature }));
        const ownNames = new Set(own.map((field) => field.name));
        return [...inherited.filter((field) => !ownNames.has(field.name)), ...own];
    }

    /**
     * The interface a field's value is (through `pulumi.Input<…>`, arrays and unions), when it is
     * one of the package's own interfaces; `list` says whether it is a list of them.
     */
    private nestedOf(type: ts.TypeNode | undefined): { name: string; list: boolean } | undefined {
        if (!type) {
            return undefined;
        }
        if (ts.isArrayTypeNode(type)) {
            const inner = this.nestedOf(type.elementType);
            return inner && { name: inner.name, list: true };
        }
        if (ts.isUnionTypeNode(type)) {
            return type.types.map((arm) => this.nestedOf(arm)).find((arm) => arm !== undefined);
        }
        if (ts.isTypeReferenceNode(type)) {
            const name = typeName(type.typeName);
            if ((name === "Input" || name === "Array") && type.typeArguments?.length === 1) {
                const inner = this.nestedOf(type.typeArguments[0]);
                return inner && { name: inner.name, list: inner.list || name === "Array" };
            }
            if (this.declarations.interfaces.has(name)) {
                return { name, list: false };
            }
        }
        return undefined;
    }

    /** Every option of an interface at any depth: `dns`, `dns.servers`, `routes[].metric`. */
    options(interfaceName: string, prefix = "", topKey?: string): SourceOption[] {
        const result: SourceOption[] = [];
        for (const { name, signature } of this.fieldsOf(interfaceName)) {
            const nested = this.nestedOf(signature.type);
            const optionPath = `${prefix}${name}`;
            result.push({
                path: optionPath,
                topKey: topKey ?? name,
                optional: signature.questionToken !== undefined,
                defaultText: defaultTag(signature),
                summary: summaryOf(signature),
                nestedInterface: nested?.name,
            });
            if (nested) {
                const childPrefix = `${optionPath}${nested.list ? "[]" : ""}.`;
                result.push(...this.options(nested.name, childPrefix, topKey ?? name));
            }
        }
        return result;
    }
}
