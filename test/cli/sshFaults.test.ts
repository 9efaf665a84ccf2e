import { expect } from "chai";
import { inNamespace, ip } from "../../lab/system";
import { planFaults } from "./support/faultPlan";
import { HostChanges } from "./support/hostChanges";
import { snapshotHost, withoutSections } from "./support/hostSnapshot";
import type { LabStack } from "./support/labStack";
import { cliLabUnavailableReason, createLabStack } from "./support/labStack";
import { applyFault } from "./support/sshFaults";

const unavailable = cliLabUnavailableReason();
/** Seed of the fault plan; set L2BRIDGE_FAULT_SEED to replay a failing run. */
const seed = Number(process.env.L2BRIDGE_FAULT_SEED ?? 20261122);
const runs = Number(process.env.L2BRIDGE_FAULT_RUNS ?? 20);
/** Host-wide forwarding stays on after destroy (see labLifecycle.test.ts). */
const leftOn = ["ip_forward"];

describe(`pulumi up under SSH faults (seed ${seed}, ${runs} runs): a re-run converges`, function () {
    this.timeout(600000);
    let stack: LabStack | undefined;
    let baseline: string[] = [];
    let reference: string[] = [];
    /** Kernel changes a clean `up` makes on the faulted host: the scale of the fault points. */
    let changesInUp = 0;
    let faultedHost: HostChanges | undefined;
    let otherHost: HostChanges | undefined;
    const namespaces = (): string[] => stack!.lab.plan.hosts.map((host) => host.namespace);
    const snapshots = async (): Promise<string[]> =>
        (await Promise.all(namespaces().map(snapshotHost))).map((text) =>
            withoutSections(text, leftOn),
        );
    const pending = (steps: { op: string; name: string }[]): string[] =>
        steps.filter((step) => step.op !== "same").map((step) => `${step.op} ${step.name}`);

    before(async function () {
        if (unavailable) {
            console.log(`    CLI fault suite did not run: ${unavailable}`);
            this.skip();
        }
        stack = await createLabStack(2, "lbe-cli-fault-");
        await stack.workspace.setConfig("markers", "4");
        const host1 = namespaces()[0];
        // Objects the package does not own: they must survive every run untouched.
        await ip(
            "-n",
            host1,
            "route",
            "add",
            "10.220.250.0/24",
            "via",
            "10.220.0.1",
            "proto",
            "static",
        );
        await inNamespace(host1, ["nft", "add", "table", "inet", "lbeforeign"]);
        await ip("-n", host1, "link", "add", "lbefbr0", "type", "bridge");
        baseline = await snapshots();
        faultedHost = await HostChanges.watch(namespaces()[0]);
        otherHost = await HostChanges.watch(namespaces()[1]);
        const before = faultedHost.count();
        await stack.workspace.up();
        changesInUp = faultedHost.count() - before;
        reference = await snapshots();
        await stack.workspace.destroy();
        expect(await snapshots()).to.deep.equal(baseline);
    });
    after(async () => {
        faultedHost?.stop();
        otherHost?.stop();
        await stack?.dispose();
    });

    for (const fault of planFaults(seed, runs)) {
        it(`run ${fault.run}: ${fault.kind} during up, then up converges, nothing duplicated or foreign touched`, async () => {
            const workspace = stack!.workspace;
            const atChange = faultedHost!.count() + Math.floor(fault.at * changesInUp);
            const faulted = workspace.up
                .bind(workspace)()
                .then(
                    () => "succeeded",
                    () => "failed",
                );
            const [outcome, applied] = await Promise.all([
                faulted,
                applyFault(stack!.lab, 1, fault, {
                    faulted: faultedHost!,
                    other: otherHost!,
                    atChange,
                    ended: faulted,
                }),
            ]);
            console.log(
                `      run ${fault.run}: ${applied} of ${changesInUp} in a clean up; faulted up ${outcome}`,
            );

            try {
                await workspace.up();
                expect(pending(await workspace.preview())).to.deep.equal([]);
                expect(await snapshots()).to.deep.equal(reference);
            } finally {
                // Start the next run from an empty stack even when this one failed.
                await workspace.destroy();
            }
            expect(await snapshots()).to.deep.equal(baseline);
        });
    }
});
