/**
 * The TSDoc `@default` of an option (what the docs show) is what check fills in when the option is
 * left out, on a Linux and on a Windows host: one row per resource option whose default is a
 * literal value (`"tcp"`, `true`, `[]`, `{ enabled: true, exceptions: [] }`). Defaults written as
 * prose ("the second host address of `subnet`") are derived values, tested with their validators.
 * The connection's defaults are applied by the transports, not by check: each literal one is held
 * to the one table of defaults (provider/model/defaults.ts) that the transports read.
 */
import { expect } from "chai";
import { connectionDefaults } from "../../provider/model/defaults";
import { kindConfigs } from "../../provider/resources/kindConfigs";
import type { SourceOption } from "../unit/docs/packageSource";
import { PackageSource } from "../unit/docs/packageSource";
import { providers } from "./providers";
import type { ResourceClassName } from "./samples";
import { linuxConnection, resourceClassNames, samples, windowsConnection } from "./samples";

/** The value a TSDoc default names, when it is a literal (JSON, or an object with bare keys). */
function literalDefault(text: string | undefined): { value: unknown } | undefined {
    if (text === undefined) {
        return undefined;
    }
    if (text.includes("<")) {
        return undefined; // a template such as "<network>_gw": derived, not literal
    }
    const candidates = [text, text.replace(/([{,]\s*)([A-Za-z]\w*)\s*:/g, '$1"$2":')];
    for (const candidate of candidates) {
        try {
            return { value: JSON.parse(candidate) };
        } catch {
            // not a literal in this spelling
        }
    }
    return undefined;
}

type Bag = Record<string, unknown>;

/** A deep copy of `bag` without the option at `path` (`dns.search`, `rules[].protocol`). */
function withoutOption(bag: Bag, path: string): Bag {
    const copy = JSON.parse(JSON.stringify(bag)) as Bag;
    const steps = path.split(".");
    let parent: Bag = copy;
    for (const step of steps.slice(0, -1)) {
        const list = step.endsWith("[]");
        const key = list ? step.slice(0, -2) : step;
        if (parent[key] === undefined) {
            parent[key] = list ? [{}] : {};
        }
        parent = (list ? (parent[key] as Bag[])[0] : parent[key]) as Bag;
    }
    delete parent[steps[steps.length - 1]];
    return copy;
}

/** The value at `path` in the checked inputs (the first entry of a list). */
function valueAt(bag: Bag, path: string): unknown {
    let value: unknown = bag;
    for (const step of path.split(".")) {
        const list = step.endsWith("[]");
        const key = list ? step.slice(0, -2) : step;
        value = (value as Bag | undefined)?.[key];
        if (list) {
            value = (value as unknown[] | undefined)?.[0];
        }
    }
    return value;
}

/** The samples, with an ACL rule that names no ports, so its protocol may default to "any". */
const bases: Record<ResourceClassName, Bag> = {
    ...(samples as unknown as Record<ResourceClassName, Bag>),
    EndpointAcl: {
        ...samples.EndpointAcl,
        rules: [{ action: "allow", direction: "in", priority: 100, protocol: "tcp" }],
    },
};

/** The checked inputs of a bag, from the kind's own (synchronous) check. */
function checkedSynchronously(kind: ResourceClassName, news: Bag): Bag {
    const config = Object.values(kindConfigs).find((entry) => entry.className === kind);
    return (config?.check(news).inputs ?? {}) as Bag;
}

/**
 * A nested option applies on a host only where its parent does: the parent is given in the
 * sample or check fills it in (RuntimeNetworkConfig's outboundNat is Windows-only, for one).
 */
function appliesOn(kind: ResourceClassName, option: SourceOption, connection: Bag): boolean {
    if (option.path === option.topKey) {
        return true;
    }
    const base: Bag = { ...bases[kind], connection };
    return (
        base[option.topKey] !== undefined ||
        checkedSynchronously(kind, base)[option.topKey] !== undefined
    );
}

const source = new PackageSource();
const hosts = [
    ["a Linux host", linuxConnection],
    ["a Windows host", windowsConnection],
] as const;

describe("defaults: the TSDoc default of every resource option is what check fills in", () => {
    for (const entry of source.classes().filter((candidate) => candidate.kind === "resource")) {
        const kind = entry.name as ResourceClassName;
        if (!resourceClassNames.includes(kind)) {
            continue;
        }
        const options = source
            .options(entry.argsInterface)
            .filter((option) => option.topKey !== "connection" && option.optional)
            .map((option): [SourceOption, { value: unknown } | undefined] => [
                option,
                literalDefault(option.defaultText),
            ])
            .filter(([, literal]) => literal !== undefined);
        for (const [option, literal] of options) {
            for (const [hostName, connection] of hosts) {
                if (!appliesOn(kind, option, connection as unknown as Bag)) {
                    continue;
                }
                it(`${kind}.${option.path} left out on ${hostName} is ${option.defaultText}`, async () => {
                    const news = withoutOption({ ...bases[kind], connection }, option.path);
                    const result = await providers[kind].check({}, news);
                    expect(result.failures ?? [], "check failures").to.deep.equal([]);
                    expect(valueAt(result.inputs as Bag, option.path)).to.deep.equal(
                        literal?.value,
                    );
                });
            }
        }
    }
});

describe("defaults: the connection's literal TSDoc defaults are the table the transports read", () => {
    const table: Record<string, unknown> = {
        "connection.transport": connectionDefaults.transport,
        "connection.powerShell": connectionDefaults.powerShell,
        "connection.winrm.https": connectionDefaults.winrm.https,
        "connection.winrm.auth": connectionDefaults.winrm.auth,
        "connection.timeouts.connectSeconds": connectionDefaults.timeouts.connectSeconds,
        "connection.timeouts.commandSeconds": connectionDefaults.timeouts.commandSeconds,
        "connection.timeouts.reconnectSeconds": connectionDefaults.timeouts.reconnectSeconds,
        "connection.timeouts": connectionDefaults.timeouts,
    };
    const network = source.classes().find((entry) => entry.name === "L2BridgeNetwork");
    const literals = source
        .options(network?.argsInterface ?? "")
        .filter((option) => option.topKey === "connection")
        .map((option): [string, { value: unknown } | undefined] => [
            option.path,
            literalDefault(option.defaultText),
        ])
        .filter(([, literal]) => literal !== undefined);

    it("finds the connection's literal defaults in the TSDoc", () => {
        expect(literals.map(([path]) => path).sort()).to.deep.equal(Object.keys(table).sort());
    });
    for (const [path, literal] of literals) {
        it(`${path}: the TSDoc default is the table's ${JSON.stringify(table[path])}`, () => {
            expect(literal?.value).to.deep.equal(table[path]);
        });
    }
    it("check fills connection.transport from the table", async () => {
        const result = await providers.L2BridgeNetwork.check({}, samples.L2BridgeNetwork);
        expect((result.inputs.connection as Bag).transport).to.equal(connectionDefaults.transport);
    });
});
