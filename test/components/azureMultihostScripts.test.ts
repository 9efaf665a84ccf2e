/**
 * The azure-multihost example's container scripts, run as the example runs them (its exact command
 * lines, the request on standard input) in real PowerShell 7. `ctr` and the built-in HNS cmdlets do
 * not exist here, so two doubles stand in for them: a `ctr.exe` that records its arguments and keeps
 * containers and tasks in files, and a `HostNetworkingService` module whose `Get-HnsEndpoint` lists
 * the endpoint that sdnbridge names `<namespace>-<container>_<network>` (`ctr run --cni` passes
 * `<namespace>-<id>` as the CNI container ID).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import {
    chmodSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";
import type { ContainerRequest } from "../../examples/azure-multihost/containerScripts";
import {
    containerCreateCommand,
    containerDeleteCommand,
    containerRequestProblems,
    containerRequestText,
    parseContainerReport,
} from "../../examples/azure-multihost/containerScripts";
import { findPwshDirectory } from "../../tools/windows-host/pwshLocation";

const request: ContainerRequest = {
    image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
    name: "web",
    network: "l2bridge",
};
const endpoint = { ip: "10.244.1.37", id: "6A1F0C3E-0000-4000-8000-000000000001" };
const endpointName = "default-web_l2bridge";

/** `ctr.exe`: one line per call (arguments separated by `|`), containers and tasks kept in files. */
const fakeCtr = `#!/bin/sh
state="$FAKE_STATE"
(IFS='|'; printf '%s\\n' "$*") >> "$state/calls"
[ "$1" = "--namespace" ] || { echo "ctr: no namespace given" >&2; exit 2; }
namespace="$2"; shift 2
case "$1 $2" in
    "$FAKE_FAIL") echo "ctr: $1 $2 failed" >&2; exit 1 ;;
esac
case "$1 $2" in
    "containers list") cat "$state/containers" 2>/dev/null || true ;;
    "tasks list") cat "$state/tasks" 2>/dev/null || true ;;
    "images pull") echo "$3: resolved"; echo "unpacking windows/amd64 done" ;;
    "run --cni")
        echo "$5" >> "$state/containers"; echo "$5" >> "$state/tasks"
        printf '[{"Name":"%s-%s_%s","IPAddress":"%s","ID":"%s"}]' "$namespace" "$5" "$FAKE_NETWORK" "$FAKE_IP" "$FAKE_ID" > "$state/endpoints.json" ;;
    "tasks kill") echo "[]" > "$state/endpoints.json" ;;
    "tasks delete") grep -vx "$4" "$state/tasks" > "$state/tasks.next"; mv "$state/tasks.next" "$state/tasks" ;;
    "containers delete") grep -vx "$3" "$state/containers" > "$state/containers.next"; mv "$state/containers.next" "$state/containers" ;;
    *) echo "ctr: unexpected $*" >&2; exit 3 ;;
esac
`;

/** The built-in HNS cmdlets the scripts use, over the endpoint file the fake `ctr` keeps. */
const fakeHnsModule = `function Get-HnsEndpoint {
    $file = Join-Path -Path $env:FAKE_STATE -ChildPath 'endpoints.json'
    if (Test-Path -LiteralPath $file) { Get-Content -Raw -LiteralPath $file | ConvertFrom-Json | ForEach-Object { $_ } }
}
function Remove-HnsEndpoint {
    param([Parameter(ValueFromPipeline = $true)][object[]]$InputObjects)
    process {
        foreach ($object in $InputObjects) {
            Add-Content -LiteralPath (Join-Path -Path $env:FAKE_STATE -ChildPath 'removed') -Value $object.Name
        }
    }
}
`;

interface Host {
    state: string;
    environment: NodeJS.ProcessEnv;
}

describe("examples/azure-multihost container scripts in real PowerShell", function () {
    this.timeout(120_000);
    let root = "";
    let pwsh = "";

    before(function () {
        const directory = findPwshDirectory();
        if (!directory) {
            console.log("    skipped: PowerShell 7 (pwsh) is not installed");
            this.skip();
        }
        pwsh = join(directory!, "pwsh");
        root = mkdtempSync(join(tmpdir(), "l2c-azex-"));
    });
    after(() => {
        if (root) rmSync(root, { recursive: true, force: true });
    });

    let hostCount = 0;
    /** A fresh host: its `%ProgramFiles%` with the fake ctr, the fake HNS module, empty state. */
    function newHost(extra: NodeJS.ProcessEnv = {}): Host {
        const base = join(root, `host${++hostCount}`);
        const state = join(base, "state");
        const bin = join(base, "pf", "containerd", "bin");
        const module = join(base, "modules", "HostNetworkingService");
        for (const directory of [state, bin, module]) mkdirSync(directory, { recursive: true });
        writeFileSync(join(bin, "ctr.exe"), fakeCtr);
        chmodSync(join(bin, "ctr.exe"), 0o755);
        writeFileSync(join(module, "HostNetworkingService.psm1"), fakeHnsModule);
        return {
            state,
            environment: {
                PATH: process.env.PATH,
                HOME: base,
                ProgramFiles: join(base, "pf"),
                PSModulePath: [join(base, "modules"), process.env.PSModulePath ?? ""].join(
                    delimiter,
                ),
                FAKE_STATE: state,
                FAKE_NETWORK: request.network,
                FAKE_IP: endpoint.ip,
                FAKE_ID: endpoint.id,
                FAKE_FAIL: "none",
                ...extra,
            },
        };
    }

    /** Runs the example's command line with pwsh in place of powershell.exe, the request on stdin. */
    function run(host: Host, commandLine: string, input: string) {
        const [, ...parameters] = commandLine.split(" ");
        const result = spawnSync(pwsh, parameters, {
            input,
            encoding: "utf8",
            timeout: 90_000,
            env: host.environment,
        });
        // pwsh colours its error text; Windows PowerShell 5.1 does not.
        const stderr = result.stderr.replace(/\u001b\[[0-9;]*m/g, "");
        return { status: result.status, stdout: result.stdout, stderr };
    }

    function calls(host: Host): string[][] {
        const file = join(host.state, "calls");
        return existsSync(file)
            ? readFileSync(file, "utf8")
                  .split("\n")
                  .filter(Boolean)
                  .map((line) => line.split("|").slice(2))
            : [];
    }

    function lines(host: Host, file: string): string[] {
        const path = join(host.state, file);
        return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean) : [];
    }

    it("create pulls the image and runs it on the CNI network, then reports the endpoint HNS gave it", () => {
        const host = newHost();
        const result = run(host, containerCreateCommand, containerRequestText(request));
        expect(result.stderr).to.include("unpacking windows/amd64 done");
        expect(result.status, result.stderr).to.equal(0);
        expect(calls(host)).to.deep.equal([
            ["containers", "list", "--quiet"],
            ["images", "pull", request.image],
            ["run", "--cni", "--detach", request.image, request.name],
        ]);
        // ctr's output went to standard error: standard output is the report alone.
        expect(result.stdout.trim().split("\n")).to.have.length(1);
        expect(parseContainerReport(result.stdout)).to.deep.equal({
            ipAddress: endpoint.ip,
            endpointId: endpoint.id.toLowerCase(),
        });
    });

    it("create on a host where the container runs starts nothing and reports the same endpoint", () => {
        const host = newHost();
        expect(run(host, containerCreateCommand, containerRequestText(request)).status).to.equal(0);
        writeFileSync(join(host.state, "calls"), "");
        const again = run(host, containerCreateCommand, containerRequestText(request));
        expect(again.status, again.stderr).to.equal(0);
        expect(calls(host)).to.deep.equal([["containers", "list", "--quiet"]]);
        expect(parseContainerReport(again.stdout).ipAddress).to.equal(endpoint.ip);
    });

    it("create fails naming the ctr step and its exit code when the image cannot be pulled", () => {
        const host = newHost({ FAKE_FAIL: "images pull" });
        const result = run(host, containerCreateCommand, containerRequestText(request));
        expect(result.status).to.not.equal(0);
        expect(result.stderr).to.include(
            `ctr images pull ${request.image} failed with exit code 1`,
        );
        expect(calls(host).map((call) => call.slice(0, 2).join(" "))).to.not.include("run --cni");
    });

    it("delete kills the task (ctr's CNI delete), deletes task and container, and leaves no endpoint", () => {
        const host = newHost();
        expect(run(host, containerCreateCommand, containerRequestText(request)).status).to.equal(0);
        writeFileSync(join(host.state, "calls"), "");
        const result = run(host, containerDeleteCommand, containerRequestText(request));
        expect(result.status, result.stderr).to.equal(0);
        expect(calls(host)).to.deep.equal([
            ["containers", "list", "--quiet"],
            ["tasks", "list", "--quiet"],
            ["tasks", "kill", request.name],
            ["tasks", "delete", "--force", request.name],
            ["containers", "delete", request.name],
        ]);
        expect(lines(host, "containers")).to.deep.equal([]);
        expect(lines(host, "removed")).to.deep.equal([]);
        expect(result.stdout.trim()).to.equal("removed web");
    });

    it("delete of a container that is gone succeeds and removes an endpoint left under its name", () => {
        const host = newHost();
        writeFileSync(
            join(host.state, "endpoints.json"),
            JSON.stringify([
                { Name: endpointName, IPAddress: endpoint.ip, ID: endpoint.id },
                { Name: "default-other_l2bridge", IPAddress: "10.244.1.38", ID: "x" },
            ]),
        );
        const result = run(host, containerDeleteCommand, containerRequestText(request));
        expect(result.status, result.stderr).to.equal(0);
        expect(calls(host)).to.deep.equal([["containers", "list", "--quiet"]]);
        expect(lines(host, "removed")).to.deep.equal([endpointName]);
    });

    const refused: [string, Partial<ContainerRequest>, string][] = [
        ["an image carrying a command", { image: "iis'; Remove-Item C:\\ -Recurse; '" }, "image: "],
        ["an image with a space (two ctr arguments)", { image: "iis --privileged" }, "image: "],
        ["a name ending in a newline", { name: "web\n" }, "name: "],
        ["a name carrying a double quote", { name: 'web"' }, "name: "],
        [
            "a network name longer than 15 characters",
            { network: "l2bridge-network-x" },
            "network: ",
        ],
        ["a missing network", { network: undefined }, "network: "],
    ];
    // Both scripts share the check; delete is run with two of the rows.
    for (const [command, commandLine, rows] of [
        ["create", containerCreateCommand, refused],
        ["delete", containerDeleteCommand, [refused[0], refused[2]]],
    ] as const) {
        for (const [what, change, message] of rows) {
            it(`${command} refuses ${what} before running ctr`, () => {
                const host = newHost();
                const result = run(host, commandLine, JSON.stringify({ ...request, ...change }));
                expect(result.status).to.not.equal(0);
                expect(result.stderr).to.include(message).and.to.include("is not accepted");
                expect(calls(host)).to.deep.equal([]);
            });
        }
    }
});

describe("examples/azure-multihost container request checks", () => {
    const rows: [string, Partial<ContainerRequest>, string[]][] = [
        ["the example's own request", {}, []],
        [
            "an image digest reference",
            { image: "mcr.microsoft.com/windows/nanoserver@sha256:0123abcd" },
            [],
        ],
        [
            "an image with a quote",
            { image: "iis'x" },
            [`image: "iis'x" is not accepted; it must match ^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$`],
        ],
        [
            "a name and a network that cannot be IDs, both listed",
            { name: "-web", network: "" },
            [
                `name: "-web" is not accepted; it must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`,
                `network: "" is not accepted; it must match ^[A-Za-z0-9_.-]{1,15}$`,
            ],
        ],
        [
            "a name ending in a newline",
            { name: "web\n" },
            [`name: "web\\n" is not accepted; it must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$`],
        ],
    ];
    for (const [what, change, problems] of rows) {
        it(`${what}: ${problems.length === 0 ? "accepted" : "refused with every problem"}`, () => {
            expect(containerRequestProblems({ ...request, ...change })).to.deep.equal(problems);
        });
    }

    const reports: [string, string, string | { ipAddress: string; endpointId: string }][] = [
        [
            "the report after ctr's lines",
            'pulling\n{"ipAddress":"10.244.2.9","endpointId":"ab"}\r\n',
            { ipAddress: "10.244.2.9", endpointId: "ab" },
        ],
        [
            "no report",
            "pulling\n",
            'the container step printed no report; its last line was "pulling"',
        ],
        [
            "a report without an address",
            '{"ipAddress":"","endpointId":"ab"}',
            'the container step reported no IPv4 address: "{\\"ipAddress\\":\\"\\",\\"endpointId\\":\\"ab\\"}"',
        ],
    ];
    for (const [what, stdout, expected] of reports) {
        it(`reads ${what}`, () => {
            if (typeof expected === "string") {
                expect(() => parseContainerReport(stdout)).to.throw(expected);
            } else {
                expect(parseContainerReport(stdout)).to.deep.equal(expected);
            }
        });
    }
});
