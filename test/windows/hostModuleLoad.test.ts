/**
 * The host module crosses the wire once per long-lived shell (bytes counted as the codec frames
 * them; the module's text is in the JSON the compressed line carries), again after the shell is
 * killed, and loading the same hash is a no-op while a new version replaces the old one. The state
 * directory is created private, and a pre-created one with a foreign owner, a wider ACL or an
 * inherited ACL is refused before anything is read from it.
 */
import { expect } from "chai";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { createHash } from "crypto";
import {
    hostModuleFiles,
    LOADER_SCRIPT,
    loaderParams,
    operationScript,
} from "../../provider/drivers/windows/hostModule";
import { encodePowerShellRequest } from "../../provider/transport/powershell/codec";
import type { HostSession } from "../../provider/transport/types";
import { networkWithDnsAndNat } from "../drivers/windows/articleScenarios";
import type { EmulatedWindowsDriver } from "../support/emulatedWindowsDriver";
import {
    skipWithoutEmulatedWindows,
    startEmulatedWindowsDriver,
} from "../support/emulatedWindowsDriver";
import { pollUntil } from "../support/pollUntil";
import { requestJsonOf } from "../support/powershellRequestLines";

/** One request as it crossed the wire. */
interface WireRequest {
    loader: boolean;
    /** Bytes of its line on the wire (gzip-compressed when large). */
    bytes: number;
    /** Bytes of the request JSON the line carries, as the shell decodes it. */
    carriedBytes: number;
}

function counting(requests: WireRequest[]): (session: HostSession) => HostSession {
    return (session) => ({
        os: "windows",
        hostKeyFingerprint: () => "",
        invoke: (script, params = {}, options) => {
            const line = encodePowerShellRequest(
                "0123456789abcdef0123456789abcdef",
                script,
                params,
            );
            requests.push({
                loader: script === LOADER_SCRIPT,
                bytes: Buffer.byteLength(line),
                carriedBytes: Buffer.byteLength(requestJsonOf(line)),
            });
            return session.invoke(script, params, options);
        },
    });
}

/** PIDs of the long-lived pwsh shells running in the host's namespace. */
function shellPids(pids: string): number[] {
    return pids
        .split("\n")
        .filter((pid) => /^\d+$/.test(pid.trim()))
        .map(Number)
        .filter((pid) => {
            try {
                const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
                return command.includes("pwsh") && command.includes("-EncodedCommand");
            } catch {
                return false;
            }
        });
}

const stateDirectory = (h: EmulatedWindowsDriver): string =>
    join(h.host.hostDir, "ProgramData", "pulumi-l2bridge");

/** The emulated host's ACL record of `path` (see tools/windows-host/modules/…/Acl.ps1). */
function aclRecordPath(h: EmulatedWindowsDriver, path: string): string {
    const name = createHash("sha256").update(path).digest("hex");
    return join(h.host.hostDir, "windows-state", "Acl", `${name}.json`);
}

function setSddl(h: EmulatedWindowsDriver, path: string, sddl: string): void {
    mkdirSync(join(h.host.hostDir, "windows-state", "Acl"), { recursive: true });
    writeFileSync(aclRecordPath(h, path), JSON.stringify({ path, sddl }));
}

describe("Windows host module: loaded once per shell, keyed by its hash", function () {
    this.timeout(180_000);
    let h: EmulatedWindowsDriver | undefined;
    const requests: WireRequest[] = [];

    before(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver({ wrapSession: counting(requests) });
    });
    after(async () => {
        await h?.stop();
    });

    it("crosses the wire once in a shell; later requests stay under 2 KB", async () => {
        for (let index = 0; index < 5; index++) {
            expect(await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat)).to.equal(null);
        }
        const loads = requests.filter((request) => request.loader);
        expect(loads).to.have.length(1);
        expect(loads[0].carriedBytes).to.be.greaterThan(hostModuleFiles().module.length);
        const later = requests.slice(requests.findIndex((request) => request.loader) + 1);
        expect(later).to.have.length(5);
        for (const request of later) expect(request.bytes).to.be.below(2048);
    });

    it("crosses again, unnoticed by the caller, after the shell is killed", async () => {
        const pids = shellPids(await runIpNetnsPids(h!));
        expect(pids.length).to.be.greaterThan(0);
        for (const pid of pids) process.kill(pid, "SIGKILL");
        await waitFor(() => pids.every((pid) => !alive(pid)));
        const before = requests.filter((request) => request.loader).length;
        expect(await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat)).to.equal(null);
        expect(await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat)).to.equal(null);
        expect(requests.filter((request) => request.loader).length).to.equal(before + 1);
    });

    it("loading the hash the shell holds is a no-op; a new version replaces the functions", async () => {
        const files = hostModuleFiles();
        expect(await h!.session.invoke(LOADER_SCRIPT, loaderParams(files))).to.equal('"loaded"');
        const probe = "function Get-L2bVersionProbe { return 'second version' }\n";
        const module = files.module + probe;
        const hash = createHash("sha256").update(files.binding).update("\0").update(module);
        const next = { ...files, module, hash: hash.digest("hex") };
        await h!.session.invoke(LOADER_SCRIPT, loaderParams(next));
        const answer = await h!.session.invoke(
            `if ($global:L2bModuleHash -ne '${next.hash}') { throw 'old module' }\nGet-L2bVersionProbe`,
        );
        expect(answer).to.equal('"second version"');
        expect(() => operationScript("observe Network")).to.throw(/letters only/);
    });
});

describe("Windows state directory: only SYSTEM and Administrators", function () {
    this.timeout(180_000);
    let h: EmulatedWindowsDriver | undefined;

    beforeEach(async function () {
        skipWithoutEmulatedWindows(this);
        h = await startEmulatedWindowsDriver();
    });
    afterEach(async () => {
        await h?.stop();
    });

    it("is created owned by Administrators with a protected ACL of SYSTEM and Administrators", async () => {
        await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        const record = JSON.parse(readFileSync(aclRecordPath(h!, stateDirectory(h!)), "utf8"));
        expect(record.sddl).to.equal("O:BAG:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    });

    const refused: [string, string | undefined, RegExp][] = [
        [
            "a foreign owner",
            "O:S-1-5-21-1004336348-1177238915-682003330-1001D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)",
            /owned by S-1-5-21-1004336348-1177238915-682003330-1001/,
        ],
        [
            "a wider ACL (Users may write)",
            "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)",
            /allows access to BU/,
        ],
        [
            "an Everyone grant by SID",
            "O:SYD:P(A;OICI;FA;;;SY)(A;;FA;;;S-1-1-0)",
            /allows access to S-1-1-0/,
        ],
        ["a null DACL", "O:BAD:NO_ACCESS_CONTROL", /null access control list/],
        ["the inherited ProgramData ACL", undefined, /inherits access control entries/],
    ];
    for (const [label, sddl, reason] of refused) {
        it(`a pre-created directory with ${label} is refused, naming the path and the fix, and nothing is read from it`, async () => {
            const directory = stateDirectory(h!);
            mkdirSync(join(directory, "operations"), { recursive: true });
            writeFileSync(
                join(directory, "records.jsonl"),
                '{"kind":"network","name":"planted","id":"not-a-guid","network":"planted"}\n',
            );
            if (sddl) setSddl(h!, directory, sddl);
            let failure: Error | undefined;
            try {
                await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
            } catch (error) {
                failure = error as Error;
            }
            expect(failure, "observe succeeded").to.not.equal(undefined);
            expect(failure!.message).to.match(reason);
            expect(failure!.message).to.include(`refusing the state directory ${directory}`);
            expect(failure!.message).to.include("Fix:");
            expect(failure!.message).to.include("icacls");
            // Nothing was written or run from it: no operation files, the planted record unchanged.
            expect(readdirSync(join(directory, "operations"))).to.deep.equal([]);
            expect(readFileSync(join(directory, "records.jsonl"), "utf8")).to.include("planted");
        });
    }

    it("a directory found safe and then widened out of band is refused at the next request of the same shell, and accepted again once restored", async () => {
        const directory = stateDirectory(h!);
        await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        const safe = JSON.parse(readFileSync(aclRecordPath(h!, directory), "utf8")).sddl as string;
        setSddl(h!, directory, `${safe}(A;OICI;0x1301bf;;;BU)`);
        let failure: Error | undefined;
        try {
            await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat);
        } catch (error) {
            failure = error as Error;
        }
        expect(failure?.message).to.match(/allows access to BU/);
        setSddl(h!, directory, safe);
        expect(await h!.driver.observe("l2BridgeNetwork", networkWithDnsAndNat)).to.equal(null);
    });

    it("a network create (which writes the scheduled task's script) is refused the same way", async () => {
        const directory = stateDirectory(h!);
        mkdirSync(directory, { recursive: true });
        setSddl(h!, directory, "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;WD)");
        let failure: Error | undefined;
        try {
            await h!.driver.apply({
                kind: "l2BridgeNetwork",
                action: "create",
                desired: networkWithDnsAndNat,
                observed: null,
            });
        } catch (error) {
            failure = error as Error;
        }
        expect(failure?.message).to.match(/allows access to WD/);
        expect(readdirSync(directory)).to.deep.equal([]);
    });
});

async function runIpNetnsPids(h: EmulatedWindowsDriver): Promise<string> {
    const { execFileSync } = await import("child_process");
    return execFileSync("ip", ["netns", "pids", h.host.namespace], { encoding: "utf8" });
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** The shells' exit raises no event here (they are not our children): a bounded poll. */
async function waitFor(condition: () => boolean): Promise<void> {
    expect(await pollUntil(condition)).to.equal(true);
}
