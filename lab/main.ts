/**
 * `npm run lab`: build the lab hosts, deploy the root program onto them (with `pulumi up` when the
 * CLI is available, else by driving the drivers directly), verify with real traffic, print the
 * connectivity matrix, and tear everything down unless `--keep` is given.
 *
 *   npm run lab -- [--hosts N] [--windows N] [--keep] [--direct]
 *   npm run lab -- --down       (remove a kept lab)
 *
 * `--windows N` adds N emulated Windows hosts after the Linux hosts (PowerShell 7 behind sshd, the
 * HCN emulator, the Windows cmdlets module), deployed with the Windows driver.
 */
import { rmSync } from "fs";
import { resolve } from "path";
import { closeAll } from "../provider/transport/pool";
import { deployTopology } from "./deploy";
import type { Lab } from "./lab";
import { createLab } from "./lab";
import { checkMatrix, formatMatrix } from "./matrix";
import { labDriverOf } from "./labDrivers";
import { kernelHasVxlan, labUnavailableReason, windowsHostsUnavailableReason } from "./preflight";
import { buildLabPackage } from "./labPackage";
import { findPulumiBin, LabStack, missingCliAdvice } from "./pulumiCli";
import { teardownLab } from "./teardown";
import { observeForDrift } from "./refresh";
import type { Topology } from "./topology";
import { labTopology } from "./topology";
import { httpGet, LabProcesses, resolveName } from "./traffic";
import { stateHolds, windowsStateChecks } from "./windowsChecks";
import { createWindowsContainerNamespaces } from "./windowsContainers";

interface Arguments {
    hosts: number;
    windows: number;
    keep: boolean;
    direct: boolean;
    down: boolean;
}

const prefix = "lbt-";

function parseArguments(argv: string[]): Arguments {
    const parsed: Arguments = { hosts: 2, windows: 0, keep: false, direct: false, down: false };
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--keep") parsed.keep = true;
        else if (argument === "--direct") parsed.direct = true;
        else if (argument === "--down") parsed.down = true;
        else if (argument === "--hosts") parsed.hosts = Number(argv[++index]);
        else if (argument === "--windows") parsed.windows = Number(argv[++index]);
        else
            throw new Error(
                `unknown argument ${JSON.stringify(argument)}; use --hosts N, --windows N, --keep, --direct or --down`,
            );
    }
    return parsed;
}

function say(text: string): void {
    process.stdout.write(`lab: ${text}\n`);
}

async function deploy(
    lab: Lab,
    topology: Topology,
    direct: boolean,
): Promise<LabStack | undefined> {
    const bin = direct ? undefined : findPulumiBin();
    if (!bin) {
        if (!direct) say(missingCliAdvice);
        const started = Date.now();
        const results = await deployTopology(topology, (host) => labDriverOf(lab, host));
        say(
            `deployed ${results.length} objects on ${topology.hosts.length} hosts directly in ${Date.now() - started} ms`,
        );
        const { observed, drift } = await observeForDrift(topology, (host) =>
            labDriverOf(lab, host),
        );
        if (drift.length > 0) {
            throw new Error(
                `refresh found drift right after deploy: ${drift.map((d) => `host ${d.host} ${d.label} observed ${JSON.stringify(d.observed)}`).join("; ")}`,
            );
        }
        say(`refresh: all ${observed} objects observed again on every host, no drift`);
        return undefined;
    }
    const built = await buildLabPackage(lab.plan.directory);
    if (built.warnings) {
        say(`the package built with type errors (files emitted anyway):\n${built.warnings}`);
    }
    const stack = new LabStack(bin, `${lab.plan.directory}/pulumi`, built.nodePath);
    say(
        `deploying with pulumi up (CLI in ${bin}, local file backend in ${lab.plan.directory}/pulumi)`,
    );
    await stack.run(["stack", "init", stack.stack]);
    await stack.run(["config", "set", "plan", JSON.stringify(lab.plan)]);
    const connections = lab.plan.hosts.map((host) => lab.connectionOf(host.index));
    await stack.run(["config", "set", "--secret", "connections", JSON.stringify(connections)]);
    await stack.run(["up", "--yes", "--skip-preview"], true);
    await stack.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    say("pulumi refresh found no drift");
    await stack.run(["preview", "--expect-no-changes"]);
    say("a second pulumi preview plans no changes");
    return stack;
}

async function verify(lab: Lab, topology: Topology): Promise<boolean> {
    const processes = new LabProcesses(lab.plan.prefix);
    try {
        for (const container of topology.hosts.flatMap((host) => host.containers)) {
            processes.responder(container.namespace, container.namespace);
        }
        const windowsHosts = topology.hosts.filter((host) => host.host.os === "windows");
        for (const host of windowsHosts) {
            processes.responder(host.host.namespace, `gw${host.host.index}`);
        }
        processes.responder(lab.plan.underlayNamespace, "outside");
        processes.dnsServer(
            lab.plan.underlayNamespace,
            lab.plan.switchAddress,
            "outside.example",
            lab.plan.switchAddress,
        );
        await Promise.all([
            ...topology.hosts.flatMap((host) =>
                host.containers.map((container) =>
                    processes.waitForListener(container.namespace, 80),
                ),
            ),
            ...windowsHosts.map((host) => processes.waitForListener(host.host.namespace, 80)),
            processes.waitForListener(lab.plan.underlayNamespace, 80),
            processes.waitForListener(lab.plan.underlayNamespace, 53, true),
        ]);
        const stateChecks = await windowsStateChecks(lab, topology);
        const cells = await checkMatrix(lab.plan, topology, 16, 1, (target) =>
            stateHolds(stateChecks, target.stateKey),
        );
        process.stdout.write(`\n${formatMatrix(lab.plan, topology, cells)}\n\n`);
        const first = topology.hosts[0].containers;
        const checks: [string, boolean][] = [
            [
                "DNS: outside.example via the host's dnsmasq",
                (await resolveName(first[0].namespace, "outside.example")).includes(
                    lab.plan.switchAddress,
                ),
            ],
            [
                `names: ${first[1].namespace} from ${first[0].namespace}`,
                (await resolveName(first[0].namespace, first[1].namespace)).includes(
                    first[1].address,
                ),
            ],
            [
                "outbound SNAT to the host address",
                (await httpGet(first[0].namespace, `http://${lab.plan.switchAddress}/`)).peer ===
                    lab.plan.hosts[0].address,
            ],
        ];
        const overlayPeer = topology.hosts[1]?.containers[2];
        if (first[2].overlayAddress && overlayPeer?.overlayAddress) {
            const answer = await httpGet(
                first[2].namespace,
                `http://${overlayPeer.overlayAddress}/`,
            );
            checks.push([
                "VXLAN overlay between the two-NIC containers",
                answer.server === overlayPeer.namespace,
            ]);
        }
        for (const [label, ok] of checks) {
            process.stdout.write(`${ok ? "✓" : "!"} ${label}\n`);
        }
        if (stateChecks.length > 0) {
            process.stdout.write("state checks on the emulated Windows hosts:\n");
            for (const check of stateChecks) {
                process.stdout.write(`${check.ok ? "s" : "!"} ${check.label}\n`);
            }
        }
        return (
            cells.every((cell) => cell.reached === cell.expected) &&
            checks.every(([, ok]) => ok) &&
            stateChecks.every((check) => check.ok)
        );
    } finally {
        await processes.stop();
    }
}

async function main(): Promise<number> {
    const args = parseArguments(process.argv.slice(2));
    if (args.down) {
        await teardownLab(prefix);
        rmSync(resolve(__dirname, "..", "Pulumi.lab.yaml"), { force: true });
        say(`removed every ${prefix}* namespace, process and file`);
        return 0;
    }
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => {
            say(`${signal}: tearing down`);
            void teardownLab(prefix).finally(() => process.exit(130));
        });
    }
    const reason = labUnavailableReason();
    if (reason) {
        say(reason);
        return 2;
    }
    const windowsReason = args.windows > 0 ? windowsHostsUnavailableReason() : undefined;
    if (windowsReason) {
        say(`--windows ${args.windows} refused: ${windowsReason}`);
        return 2;
    }
    const vxlan = await kernelHasVxlan(prefix);
    const started = Date.now();
    const lab = await createLab({
        prefix,
        hosts: args.hosts,
        windowsHosts: args.windows,
        vxlanId: vxlan ? 42 : undefined,
    });
    const windowsText = args.windows > 0 ? ` and ${args.windows} emulated Windows hosts` : "";
    say(
        `${args.hosts} Linux hosts${windowsText} with sshd up in ${Date.now() - started} ms${vxlan ? " (with VXLAN)" : " (kernel has no VXLAN)"}`,
    );
    let stack: LabStack | undefined;
    try {
        const topology = labTopology(lab.plan);
        await createWindowsContainerNamespaces(topology, lab.windows);
        stack = await deploy(lab, topology, args.direct);
        const ok = await verify(lab, topology);
        say(ok ? "every check as expected" : "some checks were not as expected (marked !)");
        if (args.keep) {
            say(
                `kept: namespaces ${prefix}*; enter one with ip netns exec ${prefix}c1a sh; remove everything with: npm run lab -- --down`,
            );
        }
        return ok ? 0 : 1;
    } finally {
        if (!args.keep) {
            if (stack) {
                await stack
                    .run(["destroy", "--yes", "--skip-preview"])
                    .catch((error: Error) => say(`destroy failed: ${error.message}`));
                stack.removeSettings();
            }
            await closeAll();
            await lab.teardown();
            say("torn down");
        } else {
            await closeAll();
        }
    }
}

main().then(
    (code) => process.exit(code),
    (error: Error) => {
        process.stderr.write(`lab: ${error.stack ?? error.message}\n`);
        process.exit(1);
    },
);
