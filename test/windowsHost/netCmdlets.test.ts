/**
 * The emulated Windows networking cmdlets act on the real kernel state of the host's network
 * namespace, and answer with the property names and error wording of Windows.
 */
import { expect } from "chai";
import type { EmulatedHostFixture } from "./emulatedHostFixture";
import { createEmulatedHost, runCommand } from "./emulatedHostFixture";
import { skipWithoutPwsh } from "./skipWithoutPwsh";

describe("emulated Windows host: networking cmdlets", function () {
    this.timeout(60000);
    let host: EmulatedHostFixture | undefined;
    const fixture = (): EmulatedHostFixture => host!;

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
    });

    after(async () => {
        await host?.remove();
    });

    const kernelRoutes = async (): Promise<Record<string, unknown>[]> =>
        fixture().ipJson(["route", "show", "table", "main"]);

    it("New-NetRoute without -PolicyStore adds a real kernel route and a PersistentStore copy", async () => {
        const { subnet } = fixture();
        const output = await fixture().pwsh(
            `New-NetRoute -DestinationPrefix $P.prefix -NextHop $P.nextHop -InterfaceAlias 'Ethernet 2' -RouteMetric 7 | Out-Null
ConvertTo-Json -Compress -InputObject @(Get-NetRoute -DestinationPrefix $P.prefix -PolicyStore PersistentStore | Select-Object DestinationPrefix, NextHop, InterfaceAlias, RouteMetric, PolicyStore)`,
            { prefix: "10.200.250.0/24", nextHop: `10.200.${subnet}.7` },
        );
        const kernel = (await kernelRoutes()).find((route) => route.dst === "10.200.250.0/24");
        expect(kernel).to.include({ gateway: `10.200.${subnet}.7`, dev: "whup0", metric: 7 });
        expect(JSON.parse(output)).to.deep.equal([
            {
                DestinationPrefix: "10.200.250.0/24",
                NextHop: `10.200.${subnet}.7`,
                InterfaceAlias: "Ethernet 2",
                RouteMetric: 7,
                PolicyStore: "PersistentStore",
            },
        ]);
    });

    it("Get-NetRoute reads the kernel table with Windows names (default route 0.0.0.0/0, on-link next hop 0.0.0.0)", async () => {
        const { subnet } = fixture();
        await runCommand("ip", [
            "-n",
            fixture().namespace,
            "route",
            "add",
            "default",
            "via",
            `10.200.${subnet}.1`,
        ]);
        const output = await fixture().pwsh(
            `ConvertTo-Json -Compress -InputObject @(Get-NetRoute -AddressFamily IPv4 | Sort-Object DestinationPrefix, InterfaceAlias | Select-Object DestinationPrefix, NextHop, InterfaceAlias, PolicyStore)`,
        );
        const routes = JSON.parse(output) as Record<string, string>[];
        expect(routes).to.deep.include({
            DestinationPrefix: "0.0.0.0/0",
            NextHop: `10.200.${subnet}.1`,
            InterfaceAlias: "Ethernet 2",
            PolicyStore: "ActiveStore",
        });
        expect(routes).to.deep.include({
            DestinationPrefix: `10.200.${subnet}.0/24`,
            NextHop: "0.0.0.0",
            InterfaceAlias: "Ethernet 2",
            PolicyStore: "ActiveStore",
        });
        expect(routes).to.deep.include({
            DestinationPrefix: "10.200.250.0/24",
            NextHop: `10.200.${subnet}.7`,
            InterfaceAlias: "Ethernet 2",
            PolicyStore: "ActiveStore",
        });
    });

    it("Remove-NetRoute from the pipeline removes the kernel route and leaves the PersistentStore copy", async () => {
        const output = await fixture().pwsh(
            `Get-NetRoute -DestinationPrefix $P.prefix -PolicyStore ActiveStore -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceAlias -eq 'Ethernet 2' } | Remove-NetRoute -Confirm:$false -ErrorAction SilentlyContinue
ConvertTo-Json -Compress -InputObject @{ active = @(Get-NetRoute -DestinationPrefix $P.prefix -ErrorAction SilentlyContinue).Count; persistent = @(Get-NetRoute -DestinationPrefix $P.prefix -PolicyStore PersistentStore).Count }`,
            { prefix: "10.200.250.0/24" },
        );
        expect(JSON.parse(output)).to.deep.equal({ active: 0, persistent: 1 });
        expect((await kernelRoutes()).map((route) => route.dst)).not.to.include("10.200.250.0/24");
    });

    it("New-NetRoute -PolicyStore PersistentStore never reaches the kernel, and Remove-NetRoute -PolicyStore PersistentStore empties the store", async () => {
        const output = await fixture().pwsh(
            `New-NetRoute -DestinationPrefix '10.200.251.0/24' -NextHop '0.0.0.0' -InterfaceAlias 'Ethernet 2' -RouteMetric 3 -PolicyStore PersistentStore | Out-Null
$before = @(Get-NetRoute -PolicyStore PersistentStore).Count
Remove-NetRoute -DestinationPrefix '10.200.25*' -PolicyStore PersistentStore -Confirm:$false
ConvertTo-Json -Compress -InputObject @{ before = $before; after = @(Get-NetRoute -PolicyStore PersistentStore).Count }`,
        );
        expect(JSON.parse(output)).to.deep.equal({ before: 2, after: 0 });
        expect((await kernelRoutes()).map((route) => route.dst)).not.to.include("10.200.251.0/24");
    });

    it("a filter that matches nothing writes the Windows not-found error, which -ErrorAction SilentlyContinue silences", async () => {
        const output = await fixture().pwsh(
            `$silent = @(Get-NetRoute -DestinationPrefix '10.200.99.0/24' -ErrorAction SilentlyContinue).Count
$message = ''
try { Get-NetRoute -DestinationPrefix '10.200.99.0/24' -ErrorAction Stop } catch { $message = $_.Exception.Message }
$wildcard = @(Get-NetRoute -DestinationPrefix '10.200.99.*').Count
ConvertTo-Json -Compress -InputObject @{ silent = $silent; message = $message; wildcard = $wildcard }`,
        );
        expect(JSON.parse(output)).to.deep.equal({
            silent: 0,
            wildcard: 0,
            message:
                "No MSFT_NetRoute objects found with property 'DestinationPrefix' equal to '10.200.99.0/24'.  Verify the value of the property and retry.",
        });
    });

    it("Set-NetIPInterface -Forwarding toggles the real net.ipv4.conf.<dev>.forwarding sysctl", async () => {
        const sysctl = async (): Promise<string> =>
            (
                await runCommand("ip", [
                    "netns",
                    "exec",
                    fixture().namespace,
                    "sysctl",
                    "-n",
                    "net.ipv4.conf.whup0.forwarding",
                ])
            ).trim();
        const enabled = await fixture().pwsh(
            `Set-NetIPInterface -InterfaceAlias 'Ethernet 2' -AddressFamily IPv4 -Forwarding Enabled
[string](Get-NetIPInterface -InterfaceAlias 'Ethernet 2' -AddressFamily IPv4).Forwarding`,
        );
        expect(enabled.trim()).to.equal("Enabled");
        expect(await sysctl()).to.equal("1");
        await fixture().pwsh(
            `Set-NetIPInterface -InterfaceAlias 'Ethernet 2' -AddressFamily IPv4 -Forwarding Disabled`,
        );
        expect(await sysctl()).to.equal("0");
    });

    it("New-NetNeighbor adds a permanent kernel neighbour that Get-NetNeighbor reports as Permanent with a dashed MAC", async () => {
        const { subnet } = fixture();
        const output = await fixture().pwsh(
            `New-NetNeighbor -InterfaceAlias 'Ethernet 2' -IPAddress $P.ip -LinkLayerAddress '00-15-5d-0a-0b-0c' -PolicyStore ActiveStore | Out-Null
ConvertTo-Json -Compress -InputObject @(Get-NetNeighbor -InterfaceAlias 'Ethernet 2' -AddressFamily IPv4 | Where-Object { $_.State -eq 'Permanent' } | Select-Object IPAddress, LinkLayerAddress, State, InterfaceAlias)`,
            { ip: `10.200.${subnet}.9` },
        );
        expect(JSON.parse(output)).to.deep.equal([
            {
                IPAddress: `10.200.${subnet}.9`,
                LinkLayerAddress: "00-15-5D-0A-0B-0C",
                State: "Permanent",
                InterfaceAlias: "Ethernet 2",
            },
        ]);
        const kernel = (await fixture().ipJson(["neigh", "show", "dev", "whup0"])).find(
            (entry) => entry.dst === `10.200.${subnet}.9`,
        );
        expect(kernel).to.deep.include({ lladdr: "00:15:5d:0a:0b:0c", state: ["PERMANENT"] });
    });

    it("Remove-NetNeighbor deletes the kernel neighbour", async () => {
        const { subnet } = fixture();
        await fixture().pwsh(
            `Remove-NetNeighbor -InterfaceAlias 'Ethernet 2' -IPAddress $P.ip -Confirm:$false`,
            { ip: `10.200.${subnet}.9` },
        );
        const entries = await fixture().ipJson(["neigh", "show", "dev", "whup0"]);
        expect(entries.map((entry) => entry.dst)).not.to.include(`10.200.${subnet}.9`);
    });

    it("an alias with spaces (Linux ifalias) names its device in Get-NetAdapter, Get-NetIPInterface and Get-NetIPAddress", async () => {
        await runCommand("ip", [
            "-n",
            fixture().namespace,
            "link",
            "set",
            "whpeer0",
            "alias",
            "vEthernet (wh peer)",
        ]);
        const link = (await fixture().ipJson(["link", "show", "dev", "whpeer0"]))[0];
        const output = await fixture().pwsh(
            `$adapter = Get-NetAdapter -Name 'vEthernet (wh peer)' -IncludeHidden
$interface = Get-NetIPInterface -InterfaceAlias 'vEthernet (wh peer)' -AddressFamily IPv4
ConvertTo-Json -Compress -InputObject @{
    name = $adapter.Name; mac = $adapter.MacAddress; status = $adapter.Status; ifIndex = [int]$interface.ifIndex
    addresses = @(Get-NetIPAddress -InterfaceAlias 'vEthernet (wh peer)' -AddressFamily IPv4 | ForEach-Object { $_.IPAddress + '/' + $_.PrefixLength })
    physical = @(Get-NetAdapter -Physical | ForEach-Object { $_.Name })
}`,
        );
        expect(JSON.parse(output)).to.deep.equal({
            name: "vEthernet (wh peer)",
            mac: String(link.address).toUpperCase().replace(/:/g, "-"),
            status: "Up",
            ifIndex: link.ifindex,
            addresses: [`10.200.${fixture().subnet}.3/24`],
            physical: ["Ethernet 2"],
        });
    });

    it("-InterfaceAlias 'Eth*' matches as a wildcard, and a literal alias that matches nothing is an error", async () => {
        const output = await fixture().pwsh(
            `$matched = @(Get-NetIPInterface -InterfaceAlias 'Eth*' -AddressFamily IPv4 | ForEach-Object { $_.InterfaceAlias })
$literal = @(Get-NetIPInterface -InterfaceAlias 'Eth' -AddressFamily IPv4 -ErrorAction SilentlyContinue).Count
$bracket = @(Get-NetAdapter -Name '[E]thernet ?' | ForEach-Object { $_.Name })
ConvertTo-Json -Compress -InputObject @{ matched = $matched; literal = $literal; bracket = $bracket }`,
        );
        expect(JSON.parse(output)).to.deep.equal({
            matched: ["Ethernet 2"],
            literal: 0,
            bracket: ["Ethernet 2"],
        });
    });

    it("Find-NetRoute names the interface that reaches a next hop", async () => {
        const output = await fixture().pwsh(
            `$found = Find-NetRoute -RemoteIPAddress $P.ip | Where-Object { $_.InterfaceAlias } | Select-Object -First 1
[string]$found.InterfaceAlias`,
            { ip: `10.200.${fixture().subnet}.40` },
        );
        expect(output.trim()).to.equal("Ethernet 2");
    });

    it("Get-Service hns reports the Host Network Service as Running", async () => {
        const output = await fixture().pwsh(`[string](Get-Service -Name 'hns').Status`);
        expect(output.trim()).to.equal("Running");
    });
});
