/**
 * Property test of the Linux driver's builders with `check` bypassed: seeded hostile strings (every
 * quote kind, line breaks, NUL, separators, shell, nft and sed metacharacters, 10 000-character
 * values) go into every string field of every kind's spec, and each request and text is proven by
 * parsing to keep its structure, or is refused with an Error:
 * - scripts are the same text whatever the values (values travel only as parameters);
 * - a real `sh` reads every request back as the same words (the parameters are single-quoted);
 * - the dnsmasq argument list evaluates to as many words as without the value;
 * - rulesets have the tables and chains of the valid spec and `nft -c -f` accepts them, in a
 *   throwaway network namespace created and deleted here;
 * - file texts (resolv.conf, hosts line, route lists) have no more lines than the valid spec's.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import { existsSync } from "fs";
import { containerEndpointKind } from "../../../provider/drivers/linux/containerEndpoint";
import { endpointAclKind } from "../../../provider/drivers/linux/endpointAcl";
import { placeholders } from "../../../provider/drivers/linux/endpointLookup";
import { gatewayEndpointKind } from "../../../provider/drivers/linux/gatewayEndpoint";
import type { HostCall } from "../../../provider/drivers/linux/hostCall";
import type { LinuxKind } from "../../../provider/drivers/linux/linuxKind";
import { hnsLoadBalancerKind } from "../../../provider/drivers/linux/hnsLoadBalancer";
import { l2BridgeNetworkKind } from "../../../provider/drivers/linux/l2BridgeNetwork";
import { portPublishKind } from "../../../provider/drivers/linux/portPublish";
import { containerRouteKind } from "../../../provider/drivers/linux/containerRoute";
import { runtimeNetworkConfigKind } from "../../../provider/drivers/linux/runtimeNetworkConfig";
import type { KindSpecs, ObjectKind } from "../../../provider/model/kinds";
import { linuxShellCodec } from "../../../provider/transport/linuxShellCodec";
import { seeded } from "../../support/seededRandom";

/** Pieces that sh, nft, sed, resolv.conf, hosts files or HCN lists give meaning to. */
const pieces = [
    "'",
    '"',
    "`",
    "\u2018",
    "\u2019",
    "\u201a",
    "\u201b",
    "\u201c",
    "\u201d",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\u0000",
    "\u001e",
    "\u2028",
    ",",
    ";",
    "|",
    "&",
    "&&",
    "||",
    "$(",
    ")",
    "${",
    "}",
    "{",
    "$",
    "\\",
    "#",
    "*",
    "?",
    "[",
    "]",
    "<",
    ">",
    "/",
    "/;e touch /tmp/l2bfz-ran;#",
    "s/x/y/e",
    "@ADDRESS@",
    "@GATEWAY@",
    "\n}\n}\nflush ruleset\n",
    " accept",
    "; drop",
    'comment "x"',
    "nameserver 6.6.6.6",
    "10.0.0.5",
    "0.0.0.0/0",
    "1-65535",
    "tcp",
    "-",
    "=",
    ".",
    "..",
    "a",
    "é",
    "\u{1F600}",
];

/** `count` hostile strings from `seed`: some fixed, the rest random joins of pieces. */
function hostileStrings(seed: number, count: number): string[] {
    const random = seeded(seed);
    const fixed = [
        "",
        "tcp dport 8080 accept\n}\n}\nflush ruleset",
        "10.244.1.2/;e touch /tmp/l2bfz-ran;#",
        "x'; touch /tmp/l2bfz-ran; '",
        "corp.example\nnameserver 6.6.6.6",
        "10.127.130.5,0.0.0.0/0",
        "80,1-65535",
        "a".repeat(10_000),
        "\u2018$(touch /tmp/l2bfz-ran)\u2019",
    ];
    const values = [...fixed];
    while (values.length < count) {
        const length = 1 + Math.floor(random() * 8);
        let text = "";
        for (let i = 0; i < length; i += 1) {
            text += pieces[Math.floor(random() * pieces.length)];
        }
        values.push(random() < 0.05 ? text.repeat(Math.ceil(10_000 / text.length)) : text);
    }
    return values;
}

/** One valid Linux spec per kind, with every optional string field set. */
const specs: { [K in ObjectKind]: KindSpecs[K] } = {
    l2BridgeNetwork: {
        name: "cbr0",
        mode: "l2bridge",
        subnet: "10.201.1.0/24",
        gateway: "10.201.1.1",
        adapter: "eth1",
        dns: { servers: ["10.0.0.10"], suffix: "corp.example", search: ["lab.example"] },
        outboundNat: { enabled: true, exceptions: ["10.201.0.0/16"] },
        serveNames: true,
    },
    gatewayEndpoint: {
        network: "cbr0",
        subnet: "10.201.1.0/24",
        ipAddress: "10.201.1.2",
        forwarding: true,
    },
    containerEndpoint: {
        network: "cbr0",
        subnet: "10.201.1.0/24",
        container: "web1",
        name: "web1-cbr0",
        ipAddress: "10.201.1.10",
        interfaceName: "eth0",
        macAddress: "02-00-0a-c9-01-0a",
        gateway: "10.201.1.2",
        dns: { servers: ["10.0.0.10"], suffix: "corp.example", search: ["lab.example"] },
        outboundNat: { enabled: true, exceptions: ["10.201.0.0/16"] },
    },
    containerRoute: {
        name: "l2bridge",
        interface: "eth0",
        routes: [{ destinationPrefix: "10.201.2.0/24", nextHop: "10.200.0.12" }],
    },
    hnsLoadBalancer: {
        name: "web-lb",
        network: "cbr0",
        frontendVip: "10.200.0.100",
        protocol: "tcp",
        frontendPort: 80,
        backendPort: 8080,
        backends: ["10.201.1.11", "10.201.1.12"],
        sourceVip: "10.201.1.2",
        internal: true,
    },
    endpointAcl: {
        endpoint: "web1-cbr0",
        rules: [
            {
                name: "web",
                action: "allow",
                direction: "in",
                priority: 100,
                protocol: "tcp",
                remoteAddresses: ["10.0.0.0/8"],
                localAddresses: ["10.201.1.10"],
                localPorts: ["80"],
                remotePorts: ["1024-65535"],
            },
        ],
    },
    portPublish: {
        endpoint: "web1-cbr0",
        protocol: "tcp",
        hostPort: 8080,
        containerPort: 80,
        hostIp: "10.200.0.11",
        localAccess: true,
    },
    runtimeNetworkConfig: {
        network: "cbr0",
        subnet: "10.201.1.0/24",
        runtime: "containerd",
        configDirectory: "/etc/cni/net.d",
        priority: 10,
        gateway: "10.201.1.2",
        rangeStart: "10.201.1.3",
        rangeEnd: "10.201.1.254",
        routes: ["0.0.0.0/0"],
        dns: { servers: ["10.201.1.2"], suffix: "lbt.test", search: ["corp.example"] },
        cniVersion: "1.0.0",
        ipamDataDirectory: "/var/lib/cni/networks",
    },
} as { [K in ObjectKind]: KindSpecs[K] };

const kinds: { [K in ObjectKind]: LinuxKind<K> } = {
    l2BridgeNetwork: l2BridgeNetworkKind,
    gatewayEndpoint: gatewayEndpointKind,
    containerEndpoint: containerEndpointKind,
    containerRoute: containerRouteKind,
    hnsLoadBalancer: hnsLoadBalancerKind,
    endpointAcl: endpointAclKind,
    portPublish: portPublishKind,
    runtimeNetworkConfig: runtimeNetworkConfigKind,
};

type Path = (string | number)[];

/** The path of every string leaf of `value`. */
function stringPaths(value: unknown, at: Path = []): Path[] {
    if (typeof value === "string") {
        return [at];
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
            stringPaths(item, [...at, Array.isArray(value) ? Number(key) : key]),
        );
    }
    return [];
}

/** A deep copy of `value` with the leaf at `path` replaced. */
function withLeaf<T>(value: T, path: Path, leaf: string): T {
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) {
        node = node[key] as Record<string | number, unknown>;
    }
    node[path[path.length - 1]] = leaf;
    return copy as T;
}

type Builder = "observe" | "converge" | "remove";

function build<K extends ObjectKind>(kind: K, builder: Builder, spec: KindSpecs[K]): HostCall {
    const handler = kinds[kind] as LinuxKind<K>;
    if (builder === "observe") {
        return handler.observe(spec);
    }
    const op = { kind, desired: spec, observed: null };
    return builder === "converge"
        ? handler.converge({ ...op, action: "create" })
        : handler.remove({ ...op, action: "delete" });
}

const rulesetParams = new Set(["nft", "nftRemove"]);
const fileParams = new Set([
    "resolv",
    "resolvTemplate",
    "hostsLine",
    "install",
    "delete",
    "members",
]);

function lineCount(text: string): number {
    return text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
}

function shape(ruleset: string): string[] {
    return ruleset
        .split("\n")
        .filter((line) => /^\s*(table|chain|delete table)\b/.test(line) || /^\s*}/.test(line))
        .map((line) => line.replace(/^(\s*(?:delete )?table \w+) \w+/, "$1 <table>"));
}

function filled(ruleset: string): string {
    return ruleset
        .split(placeholders.address)
        .join("10.201.1.11")
        .split(placeholders.subnet)
        .join("10.201.1.0/24")
        .split(placeholders.bridge)
        .join("cbr0");
}

/**
 * Every request read back by a real sh: `l2b_req` prints each word it receives, length-prefixed
 * (bytes, LC_ALL=C), and the words must be exactly the id, the script and `name=value`.
 */
function wordsBySh(requests: string[]): Buffer[][] {
    const define = `l2b_req() { printf 'R%s\\n' "$#"; for a; do printf '%s:%s' "\${#a}" "$a"; done; }\n`;
    const result = spawnSync("sh", ["-s"], {
        input: define + requests.join(""),
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
        maxBuffer: 1 << 30,
    });
    expect(result.status, result.stderr.toString()).to.equal(0);
    const out = result.stdout;
    const parsed: Buffer[][] = [];
    let at = 0;
    while (at < out.length) {
        const newline = out.indexOf(10, at);
        const count = Number(out.subarray(at + 1, newline).toString());
        at = newline + 1;
        const words: Buffer[] = [];
        for (let i = 0; i < count; i += 1) {
            const colon = out.indexOf(58, at);
            const length = Number(out.subarray(at, colon).toString());
            words.push(out.subarray(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        parsed.push(words);
    }
    return parsed;
}

/** How many words `eval "set -- <args>"` gives, for each argument list. */
function evaluatedWordCounts(argumentLists: string[]): number[] {
    const script = argumentLists
        .map((args) => `eval "set -- $(printf '%s' '${args.replace(/'/g, `'\\''`)}')"; echo "$#"\n`)
        .join("");
    const out = execFileSync("sh", ["-s"], { input: script, maxBuffer: 1 << 30 }).toString();
    return out.trim().split("\n").map(Number);
}

/** What in `call` differs in structure from `baseline`: script, parameter names, lines, shape. */
function structureViolations(label: string, call: HostCall, baseline: HostCall): string[] {
    const found: string[] = [];
    if (call.script !== baseline.script) {
        found.push(`${label}: the script changed`);
    }
    if (Object.keys(call.params).join() !== Object.keys(baseline.params).join()) {
        found.push(`${label}: the parameter names changed`);
    }
    for (const [name, text] of Object.entries(call.params)) {
        if (fileParams.has(name) && lineCount(text) > lineCount(baseline.params[name])) {
            found.push(`${label}: ${name} gained lines: ${JSON.stringify(text.slice(0, 200))}`);
        }
        if (
            rulesetParams.has(name) &&
            shape(text).join("\n") !== shape(baseline.params[name]).join("\n")
        ) {
            found.push(`${label}: ${name} changed shape: ${JSON.stringify(text.slice(0, 400))}`);
        }
    }
    return found;
}

interface Rendered {
    label: string;
    request: string;
    expectedWords: string[];
    rulesets: string[];
    dnsmasqArgs?: string;
}

describe("hostile values in every string field keep every Linux request and text whole", function () {
    this.timeout(600_000);
    const perField = 24;
    const renders: Rendered[] = [];
    const dnsmasqBaseline = (l2BridgeNetworkKind.converge({
        kind: "l2BridgeNetwork",
        action: "create",
        desired: specs.l2BridgeNetwork,
        observed: null,
    }).params.dnsmasqArgs ?? "") as string;
    let refused = 0;
    const violations: string[] = [];

    before(() => {
        let seed = 1;
        for (const kind of Object.keys(specs) as ObjectKind[]) {
            const spec = specs[kind];
            for (const builder of ["observe", "converge", "remove"] as Builder[]) {
                const baseline = build(kind, builder, spec);
                for (const path of stringPaths(spec)) {
                    for (const value of hostileStrings(seed++, perField)) {
                        const label = `${kind}.${builder} ${path.join(".")}=${JSON.stringify(value.slice(0, 60))}`;
                        let call: HostCall;
                        let request: string;
                        try {
                            call = build(kind, builder, withLeaf(spec, path, value));
                            request = linuxShellCodec.encodeRequest(
                                "0123abcd",
                                call.script,
                                call.params,
                            );
                        } catch (error) {
                            expect(error, label).to.be.an.instanceOf(Error);
                            expect(error, label).to.not.be.an.instanceOf(TypeError);
                            refused += 1;
                            continue;
                        }
                        violations.push(...structureViolations(label, call, baseline));
                        renders.push({
                            label,
                            request,
                            expectedWords: [
                                "l2b_req",
                                "0123abcd",
                                call.script,
                                ...Object.entries(call.params).map(([n, v]) => `${n}=${v}`),
                            ].slice(1),
                            rulesets: Object.entries(call.params)
                                .filter(([name]) => rulesetParams.has(name))
                                .map(([, text]) => text),
                            dnsmasqArgs:
                                kind === "l2BridgeNetwork" && builder === "converge"
                                    ? call.params.dnsmasqArgs
                                    : undefined,
                        });
                    }
                }
            }
        }
    });

    it("renders or refuses every value, with the scripts unchanged and no file gaining a line", () => {
        expect(violations).to.deep.equal([]);
        expect(renders.length + refused).to.be.greaterThan(1000);
        expect(renders.length).to.be.greaterThan(0);
    });

    it("a real sh reads every request back as exactly its id, script and parameters", () => {
        const words = wordsBySh(renders.map((render) => render.request));
        expect(words.length).to.equal(renders.length);
        expect(existsSync("/tmp/l2bfz-ran")).to.equal(false);
        renders.forEach((render, index) => {
            expect(
                words[index].map((word) => word.toString("utf8")),
                render.label,
            ).to.deep.equal(render.expectedWords);
        });
    });

    it("the dnsmasq arguments evaluate to no more words than for the valid network", () => {
        const lists = renders
            .map((render) => render.dnsmasqArgs)
            .filter((args): args is string => args !== undefined && args !== "");
        const [expected] = evaluatedWordCounts([dnsmasqBaseline]);
        for (const count of evaluatedWordCounts(lists)) {
            expect(count).to.be.at.most(expected);
        }
    });

    describe("rulesets in nft", function () {
        const namespace = `l2bfz-${randomBytes(4).toString("hex")}`;
        before(function () {
            if (process.getuid?.() !== 0) {
                console.log(
                    "    nft -c checks did not run: they need root for a network namespace",
                );
                this.skip();
            }
            execFileSync("ip", ["netns", "add", namespace]);
        });
        after(() => {
            try {
                execFileSync("ip", ["netns", "del", namespace], { stdio: "ignore" });
            } catch {
                // never created (skipped) or already gone
            }
        });

        it("nft -c -f accepts every ruleset that was rendered", () => {
            const unique = [...new Set(renders.flatMap((render) => render.rulesets))];
            expect(unique.length).to.be.greaterThan(0);
            const check = (text: string) =>
                spawnSync("ip", ["netns", "exec", namespace, "nft", "-c", "-f", "-"], {
                    input: text,
                });
            if (check(unique.map(filled).join("")).status === 0) {
                return;
            }
            for (const ruleset of unique) {
                const result = spawnSync(
                    "ip",
                    ["netns", "exec", namespace, "nft", "-c", "-f", "-"],
                    { input: filled(ruleset) },
                );
                expect(result.status, `${result.stderr.toString()}\n${ruleset}`).to.equal(0);
            }
        });
    });
});
