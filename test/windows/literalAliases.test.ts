/**
 * Interface aliases reach the wildcard-taking cmdlets (Get-NetAdapter -Name, -InterfaceAlias of
 * Get-/Set-/Remove- NetTCPIP cmdlets) escaped, so an alias holding `[` matches itself only: as a
 * pattern, `vEthernet (gw[1])` would match `vEthernet (gw1)` instead.
 */
import { expect } from "chai";
import { standaloneHostModule } from "../../provider/drivers/windows/hostModule";
import type { EmulatedHostFixture } from "../windowsHost/emulatedHostFixture";
import { createEmulatedHost, runCommand } from "../windowsHost/emulatedHostFixture";
import { skipWithoutPwsh } from "../windowsHost/skipWithoutPwsh";

describe("Windows host module: interface aliases match literally", function () {
    this.timeout(90_000);
    let host: EmulatedHostFixture | undefined;
    const bracketed = "vEthernet (gw[1])";
    const lookalike = "vEthernet (gw1)";

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
        const inHost = (args: string[]) =>
            runCommand("ip", ["netns", "exec", host!.namespace, "ip", ...args]);
        for (const [device, alias, address] of [
            ["wlit0", bracketed, "10.77.0.2/24"],
            ["wlit1", lookalike, "10.77.1.2/24"],
        ]) {
            await inHost(["link", "add", device, "type", "veth", "peer", "name", `${device}p`]);
            await inHost(["link", "set", `${device}p`, "up"]);
            await inHost(["link", "set", device, "alias", alias]);
            await inHost(["addr", "add", address, "dev", device]);
            await inHost(["link", "set", device, "up"]);
        }
    });
    after(async () => {
        await host?.remove();
    });

    const run = (body: string, params: unknown): Promise<string> =>
        host!.pwsh(`$Params = $P\n${standaloneHostModule()}\n${body}`, params);

    it("the view of an alias holding [ is that interface's, not its look-alike's", async () => {
        const view = JSON.parse(
            await run(
                "ConvertTo-L2bJson (Get-L2bInterfaceView ([string]$Params.alias) (Read-L2bInterfaceFacts))",
                {
                    alias: bracketed,
                },
            ),
        );
        expect(view).to.include({ alias: bracketed, exists: true });
        expect(view.addresses).to.deep.equal(["10.77.0.2"]);
    });

    it("forwarding set on an alias holding [ changes that interface only", async () => {
        await run("Set-L2bGatewayInterface $Params ''", {
            hostInterface: bracketed,
            forwarding: true,
        });
        const forwarding = async (device: string): Promise<string> =>
            (
                await runCommand("ip", [
                    "netns",
                    "exec",
                    host!.namespace,
                    "sysctl",
                    "-n",
                    `net.ipv4.conf.${device}.forwarding`,
                ])
            ).trim();
        expect(await forwarding("wlit0")).to.equal("1");
        expect(await forwarding("wlit1")).to.equal("0");
    });
});
