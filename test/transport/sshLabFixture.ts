/** Mocha glue for the SSH lab of `lab/sshLab.ts`: skip a suite on machines that cannot run it. */
import { labUnavailableReason } from "../../lab/sshLab";

/** Skips the calling suite, saying why, when the lab cannot run on this machine. */
export function skipUnlessLabAvailable(context: Mocha.Context): void {
    const reason = labUnavailableReason();
    if (reason) {
        console.warn(`    skipped: ${reason}`);
        context.skip();
    }
}
