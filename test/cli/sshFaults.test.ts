import { expect } from "chai";
import { inNamespace, ip } from "../../lab/system";
import { planFaults } from "./support/faultPlan";
import { snapshotHost, withoutSections } from "./support/hostSnapshot";
import { cliLabUnavailableReason, createLabStack, LabStack } from "./support/labStack";
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
    let upMs = 5000;
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
        const started = Date.now();
        await stack.workspace.up();
        upMs = Date.now() - started;
        reference = await snapshots();
        await stack.workspace.destroy();
        expect(await snapshots()).to.deep.equal(baseline);
    });
    after(async () => {
        await stack?.dispose();
    });

    for (const fault of planFaults(seed, runs, 9000)) {
        it(`run ${fault.run}: ${fault.kind} during up, then up converges, nothing duplicated or foreign touched`, async () => {
            const workspace = stack!.workspace;
            const scaled = { ...fault, delayMs: Math.floor((fault.delayMs / 9000) * upMs) };
            let finished = false;
            const started = Date.now();
            const faulted = workspace.up
                .bind(workspace)()
                .then(
                    () => "succeeded",
                    () => "failed",
                );
            const [outcome, applied] = await Promise.all([
                faulted.finally(() => (finished = true)),
                applyFault(stack!.lab, 1, scaled, () => finished),
            ]);
            const seconds = ((Date.now() - started) / 1000).toFixed(1);
            console.log(
                `      run ${fault.run}: ${applied}; faulted up ${outcome} after ${seconds} s`,
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
