import { expect } from "chai";
import { ip } from "../../lab/system";
import type { LabStack } from "./support/labStack";
import { cliLabUnavailableReason, createLabStack } from "./support/labStack";

const unavailable = cliLabUnavailableReason();
const markers = 40;

describe(`pulumi up of ${markers} route sets on one host with --parallel 16`, function () {
    this.timeout(600000);
    let stack: LabStack | undefined;
    const markerRoutes = async (): Promise<string[]> => {
        const namespace = stack!.lab.plan.hosts[0].namespace;
        const listing = await ip("-n", namespace, "-4", "route", "show", "table", "all");
        return listing.split("\n").filter((line) => line.startsWith("10.220.200."));
    };

    before(async function () {
        if (unavailable) {
            console.log(`    CLI lock suite did not run: ${unavailable}`);
            this.skip();
        }
        stack = await createLabStack(2, "lbe-cli-lock-");
        await stack.workspace.setConfig("markers", String(markers));
    });
    after(async () => {
        await stack?.dispose();
    });

    it("up succeeds and every marker route exists exactly once", async () => {
        await stack!.workspace.up(["--parallel", "16"]);
        const routes = await markerRoutes();
        for (let marker = 0; marker < markers; marker++) {
            const matching = routes.filter((line) => line.startsWith(`10.220.200.${marker} `));
            expect(matching, `route 10.220.200.${marker}`).to.have.length(1);
        }
        expect(routes).to.have.length(markers);
    });

    it("the next preview plans nothing", async () => {
        const steps = await stack!.workspace.preview(["--parallel", "16"]);
        expect(steps.filter((step) => step.op !== "same")).to.deep.equal([]);
    });

    it("destroy with --parallel 16 removes every marker route", async () => {
        await stack!.workspace.mustRun(["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
        expect(await markerRoutes()).to.deep.equal([]);
    });
});
